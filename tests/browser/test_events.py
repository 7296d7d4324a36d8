"""Event sign-up in a real browser, the whole journey on a phone (390 px) with axe on every
page: a resident finds the workshop from the home page, takes the last place by keyboard
alone, gets the mail with the .ics and cancels through the link from it; the first person on
the waiting list gets the place and a mail at once; staff tick arrivals on a phone and see the
no-shows afterwards. The Arabic (right-to-left) sign-up page and 320 px pass too."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import icalendar
import pytest
from post_office.models import Email

from offices.events import services
from offices.events.enums import SignupStatus
from offices.events.models import EventSignup, EventSignupSetup
from offices.models import Announcement, Office
from quartier.accounts.roles import OFFICE_STAFF
from quartier.core import clock
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_inclusion import by_id, by_text, press, tab_to

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
WORKSHOP = "Workshop: Energie sparen im Alltag"


def step(page, screenshot, name: str, *, docs: bool = False) -> None:
    """Every page: no axe violations, no sideways scrolling at phone width, a screenshot."""
    assert_no_axe_violations(page)
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
    screenshot(page, f"events-{name}-{width}", docs=docs)


def mail_to(address: str) -> list[Email]:
    return [email for email in Email.objects.order_by("pk") if email.to == [address]]


def test_signing_up_cancelling_and_the_waiting_list_moving_up_on_a_phone(
    page, live_server, demo_data, screenshot
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")

    # The workshop from the home page: one place is left.
    with page.expect_navigation():
        page.get_by_role("link", name=WORKSHOP).first.click()
    assert "noch 1 Platz frei" in page.locator(".event-signup-box").inner_text()
    step(page, screenshot, "event-page-de", docs=True)

    tab_to(page, by_text("Jetzt anmelden"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    step(page, screenshot, "signup-de", docs=True)

    # Sent empty: the error summary names what is missing, and links to it.
    tab_to(page, by_text("Verbindlich anmelden"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Bitte prüfen Sie Ihre Angaben" in page.get_by_role("alert").inner_text()
    assert page.title().startswith("Fehler:")
    step(page, screenshot, "signup-errors-de")

    tab_to(page, by_id("id_name"))
    page.keyboard.type("Anna Beispiel")
    tab_to(page, by_id("id_email"))
    page.keyboard.type("anna@example.org")
    tab_to(page, by_id("id_privacy_consent"))
    press(page, "Space")
    tab_to(page, by_text("Verbindlich anmelden"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Sie sind angemeldet" in page.locator("main").inner_text()
    step(page, screenshot, "confirmation-de", docs=True)

    # The mail: the calendar file of the event and the private link.
    (confirmation,) = mail_to("anna@example.org")
    assert confirmation.subject.startswith("Sie sind angemeldet: " + WORKSHOP)
    (attachment,) = confirmation.attachments.all()
    (event,) = icalendar.Calendar.from_ical(attachment.file.read()).walk("VEVENT")
    assert str(event["summary"]) == WORKSHOP
    assert "anna@example.org" not in attachment.file.open().read().decode()
    link = re.search(r"https?://\S+/meine-anmeldung/\S+/", confirmation.message).group(0)

    # Now the workshop is full: Bernd goes on the waiting list.
    setup = EventSignupSetup.objects.get(announcement__title=WORKSHOP)
    bernd = services.signup_create(
        setup=setup, name="Bernd", email="bernd@example.org", persons=1, waiting_list_ok=True
    )
    assert bernd.status == SignupStatus.WAITING

    # Anna cannot come: the link from the mail, then a page with a POST button.
    page.goto(live_server.url + urlsplit(link).path)
    tab_to(page, by_text("Anmeldung absagen"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert EventSignup.objects.get(email="anna@example.org").status == SignupStatus.SIGNED_UP
    step(page, screenshot, "cancel-de", docs=True)
    tab_to(page, by_text("Ja, absagen"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Ihre Anmeldung ist abgesagt" in page.locator("main").inner_text()
    step(page, screenshot, "cancelled-de")

    # Bernd has the place, and a mail saying so, at once.
    bernd.refresh_from_db()
    assert bernd.status == SignupStatus.SIGNED_UP
    assert [email.subject for email in mail_to("bernd@example.org")][-1].startswith(
        "Ein Platz ist frei geworden – Sie sind dabei"
    )


def test_staff_tick_arrivals_on_a_phone_and_see_the_no_shows(
    page, live_server, demo_data, screenshot, staff_login
):
    setup = EventSignupSetup.objects.get(announcement__title=WORKSHOP)
    staff_login(
        page,
        role=OFFICE_STAFF,
        username="dora",
        offices=[Office.objects.get(slug="donapart")],
        two_factors=False,
    )
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + f"/admin/events/eventsignupsetup/{setup.pk}/einlass/")
    step(page, screenshot, "check-in-de", docs=True)

    for name in ("Hatice Yılmaz", "Peter Schulte"):
        with page.expect_navigation():
            page.get_by_role("button", name=f"{name} ist da").click()
        page.get_by_role("button", name=f"{name}: Häkchen zurücknehmen").wait_for()
    here = EventSignup.objects.filter(setup=setup, checked_in_at__isnull=False)
    assert sorted(here.values_list("name", flat=True)) == ["Hatice Yılmaz", "Peter Schulte"]
    step(page, screenshot, "check-in-ticked-de")

    # After the workshop: who did not come.
    now = clock.now()
    Announcement.objects.filter(pk=setup.announcement_id).update(
        event_start=now - timedelta(hours=3), event_end=now - timedelta(hours=1)
    )
    page.reload()
    assert "Nicht erschienen: 2 Anmeldungen" in page.locator(".check-in__no-shows").inner_text()
    step(page, screenshot, "no-shows-de", docs=True)


def test_staff_switch_on_signup_from_the_events_admin_page_on_a_phone(
    page, live_server, demo_data, screenshot, staff_login
):
    from tests.factories import AnnouncementFactory

    donapart = Office.objects.get(slug="donapart")
    event = AnnouncementFactory(event=True, office=donapart, title="Solarkocher bauen")
    staff_login(page, role=OFFICE_STAFF, username="dora", offices=[donapart], two_factors=False)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + f"/admin/offices/announcement/{event.pk}/change/")
    step(page, screenshot, "admin-switch-on-de")

    with page.expect_navigation():
        page.get_by_role("link", name="Anmeldung einschalten").click()
    assert page.locator("#id_announcement").input_value() == str(event.pk)
    page.locator("#id_places").fill("12")
    step(page, screenshot, "admin-setup-de")
    with page.expect_navigation():
        page.get_by_role("button", name="Sichern", exact=True).click()

    setup = EventSignupSetup.objects.get(announcement=event)
    assert setup.places == 12
    page.goto(live_server.url + f"/admin/offices/announcement/{event.pk}/change/")
    with page.expect_navigation():
        page.get_by_role("link", name="Anmeldung: Plätze und Listen").click()
    assert page.url.endswith(f"/admin/events/eventsignupsetup/{setup.pk}/change/")


def test_the_signup_pages_in_arabic_and_at_320_px(page, live_server, demo_data, screenshot):
    setup = EventSignupSetup.objects.get(announcement__slug="reparatur-cafe")
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + f"/ar/aktuelles/{setup.announcement.slug}/anmeldung/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    step(page, screenshot, "signup-full-ar")
    page.goto(live_server.url + "/leichte-sprache/anmeldung/")
    step(page, screenshot, "easy-read-de")
    page.goto(live_server.url + f"/aktuelles/{setup.announcement.slug}/")
    assert "Ausgebucht – Warteliste" in page.locator(".event-signup-box").inner_text()
    step(page, screenshot, "event-page-full-de")
