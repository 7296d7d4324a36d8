"""Neuigkeiten per E-Mail in a real browser, in German and Arabic (right to left), at desktop
and phone width: subscribing (with the error summary), confirming with the button the mail's
link opens, unsubscribing with the button. axe finds nothing on any of these pages."""

import re

import pytest
from post_office.models import Email

from quartier.newsletter.models import NewsletterSubscriber
from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

# The steps the docs show; the others stay in test-output/screenshots/.
DOCS_STEPS = {"fehler", "bestaetigen", "abbestellen"}
HEADINGS = {
    "de": {
        "subscribe": "Neuigkeiten per E-Mail",
        "check": "Bitte bestätigen Sie Ihre Anmeldung",
        "confirm": "Anmeldung bestätigen",
        "confirmed": "Sie sind angemeldet",
        "unsubscribe": "Neuigkeiten abbestellen",
        "unsubscribed": "Sie sind abgemeldet",
        "link": "Neuigkeiten per E-Mail bekommen",
        "errors": "Bitte prüfen Sie Ihre Angaben",
    },
    "ar": {
        "subscribe": "الأخبار بالبريد الإلكتروني",
        "check": "يرجى تأكيد اشتراكك",
        "confirm": "تأكيد الاشتراك",
        "confirmed": "تم اشتراكك",
        "unsubscribe": "إلغاء الاشتراك في الأخبار",
        "unsubscribed": "تم إلغاء اشتراكك",
        "link": "تلقَّ الأخبار بالبريد الإلكتروني",
    },
}


def no_sideways_scrolling(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text().strip()


def submit(page, button) -> None:
    """Clicks a form's button and waits for the answer, so no assertion reads the old page."""
    with page.expect_navigation():
        button.click()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["de", "ar"])
def test_resident_subscribes_confirms_and_unsubscribes(
    page, live_server, demo_data, screenshot, language, width
):
    words = HEADINGS[language]
    prefix = "" if language == "de" else f"/{language}"
    page.set_viewport_size({"width": width, "height": 900})

    def shot(name: str) -> None:
        screenshot(page, f"newsletter-{name}-{language}-{width}", docs=name in DOCS_STEPS)

    page.goto(live_server.url + prefix + "/")
    submit(page, page.get_by_role("link", name=words["link"]))
    assert heading(page) == words["subscribe"]
    if language == "ar":
        assert page.evaluate("document.documentElement.dir") == "rtl"
    assert_no_axe_violations(page)
    no_sideways_scrolling(page)

    # Nothing chosen, no consent: the summary names both, what was typed stays.
    page.fill("#id_email", "leila@example.org")
    submit(page, page.locator("form.newsletter-form button[type=submit]"))
    summary = page.get_by_role("alert")
    assert summary.is_visible()
    assert summary.get_by_role("link").count() == 2
    assert page.input_value("#id_email") == "leila@example.org"
    assert NewsletterSubscriber.objects.count() == 0
    assert_no_axe_violations(page)
    shot("fehler")

    page.check("#id_events")
    page.check("#id_digest")
    page.check("#id_consent")
    submit(page, page.locator("form.newsletter-form button[type=submit]"))
    assert heading(page) == words["check"]
    assert_no_axe_violations(page)
    shot("bitte-bestaetigen")

    subscriber = NewsletterSubscriber.objects.get()
    assert subscriber.language == language  # preset from the page's language
    assert subscriber.confirmed_at is None
    confirmation = Email.objects.get(to__contains="leila@example.org")
    link = re.search(r"https?://\S+/bestaetigen/\S+/", confirmation.message).group(0)
    page.goto(live_server.url + re.sub(r"^https?://[^/]+", "", link))
    assert heading(page) == words["confirm"]
    assert_no_axe_violations(page)
    no_sideways_scrolling(page)
    shot("bestaetigen")
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None  # opening the link changed nothing

    submit(page, page.get_by_role("button", name=words["confirm"]))
    assert heading(page) == words["confirmed"]
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None
    assert_no_axe_violations(page)
    shot("angemeldet")

    from quartier.newsletter.emails import unsubscribe_url

    link = unsubscribe_url(key=subscriber.key, language=language)
    page.goto(live_server.url + re.sub(r"^https?://[^/]+", "", link))
    assert heading(page) == words["unsubscribe"]
    assert "leila@example.org" in page.inner_text("main")
    assert_no_axe_violations(page)
    no_sideways_scrolling(page)
    shot("abbestellen")

    submit(page, page.locator("main form button[type=submit]"))
    assert heading(page) == words["unsubscribed"]
    assert not NewsletterSubscriber.objects.exists()
    assert_no_axe_violations(page)
    shot("abgemeldet")

    # The link once more: the address is gone, so no button that would pretend to do something.
    page.goto(live_server.url + re.sub(r"^https?://[^/]+", "", link))
    assert heading(page) == words["unsubscribe"]
    assert page.locator("main form").count() == 0
    assert_no_axe_violations(page)
    no_sideways_scrolling(page)
    welcome = Email.objects.filter(to__contains="leila@example.org").order_by("pk").last()
    assert "/abmelden/" in welcome.message
