from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def assert_no_axe_violations(page) -> None:
    """Runs axe-core (bundled, offline) on the page as it is now: WCAG 2.1 AA and best practice.
    Running transitions finish first: a button caught halfway through its colour change is not
    what anyone reads (a CI run once failed on one)."""
    page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished))")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
