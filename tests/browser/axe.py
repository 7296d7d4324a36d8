import json

from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Every violation with all its nodes; of the passes and the rest axe reports one node each, so
# the answer Chromium hands back stays small (the full passes ran to megabytes per page).
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
AXE = Axe()

# What Chromium says when the page under the scan is replaced by the one a click just opened.
PAGE_REPLACED = ("Execution context was destroyed", "reading 'documentElement'")


# Colour rules: the same stylesheet in every language written left to right, and the
# costliest part of a scan (about three fifths of it).
COLOUR_RULES = ("color-contrast", "link-in-text-block")


def run_axe(page, options: dict):
    """axe-core on the page as it is; the script is put into each document once."""
    if not page.evaluate("typeof window.axe?.run === 'function'"):
        page.evaluate(AXE.axe_script)
    return page.evaluate(f"axe.run(document, {json.dumps(options)})")


def assert_no_axe_violations(page, *, skip: tuple[str, ...] = ()) -> None:
    """Runs axe-core (bundled, offline) on the page as it is now: WCAG 2.1 AA and best practice.
    The page a click opened is scanned once it has loaded, and running transitions finish first:
    a button caught halfway through its colour change is not what anyone reads (a CI run once
    failed on one, another on a scan that started while the next page replaced the document)."""
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished))")
            options = {**OPTIONS, "rules": {rule: {"enabled": False} for rule in skip}}
            results = AxeResults(run_axe(page, options))
            break
        except PlaywrightError as error:
            if attempt == 2 or not any(sign in str(error) for sign in PAGE_REPLACED):
                raise
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
