"""Online booking in a real browser: a resident books an appointment by keyboard alone on a phone
(390 px), with axe on every step, takes the calendar file, and cancels through the private
link. The error and "just taken" pages pass axe too."""

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from consultations.booking import services
from consultations.booking.enums import BookingStatus
from consultations.booking.models import AppointmentType, Booking
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_inclusion import by_id, by_text, press, tab_to

pytestmark = pytest.mark.django_db(transaction=True)

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_MORNING = datetime(2026, 11, 30, 9, tzinfo=BERLIN)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def monday_morning(time_machine):
    # The clock keeps ticking (Playwright needs time to pass), starting Monday 9:00.
    time_machine.move_to(MONDAY_MORNING, tick=True)


def step(page, screenshot, name: str) -> None:
    """Every step: no axe violations, no sideways scrolling at phone width, a screenshot."""
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url
    screenshot(page, f"booking-{name}-390")


def test_booking_by_keyboard_alone_on_a_phone_then_cancelling_through_the_private_link(
    page, live_server, demo_data, monday_morning, screenshot
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/partner/quartiersmanagement/")
    step(page, screenshot, "0-office-page")

    tab_to(page, by_text("Termin bei Quartiersmanagement online buchen"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/sprechzeiten/buchen/quartiersmanagement/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Termin buchen")
    step(page, screenshot, "1-kinds")

    tab_to(page, by_text("Beratung zum Stadtteilfonds"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/sprechzeiten/buchen/quartiersmanagement/*/")
    first_day = page.locator("fieldset.free-times__day").first
    assert first_day.locator("legend").inner_text() == "Dienstag, 1. Dezember"
    step(page, screenshot, "2-times")

    # Tab enters the group of times once; Space picks the focused one, an arrow the next.
    radio = tab_to(page, by_id("id_start_0"))
    assert radio["tag"] == "input"
    press(page, "Space")
    press(page, "ArrowDown")
    assert page.locator("#id_start_1").is_checked()
    tuesday = page.get_by_role("group", name="Dienstag, 1. Dezember")
    assert tuesday.get_by_label("10:40–11:10 Uhr").is_checked()
    tab_to(page, by_text("Weiter"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/sprechzeiten/buchen/angaben/*/")
    assert "Dienstag, 1. Dezember 2026" in page.locator(".booking-held").inner_text()
    step(page, screenshot, "3-details")

    # Sent empty: the error summary names what is missing, and links to it.
    tab_to(page, by_text("Termin verbindlich buchen"))
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    summary = page.get_by_role("alert")
    assert "Bitte prüfen Sie Ihre Angaben" in summary.inner_text()
    assert page.title().startswith("Fehler:")
    step(page, screenshot, "3-details-errors")

    tab_to(page, by_id("id_name"))
    page.keyboard.type("Anna Beispiel")
    tab_to(page, by_id("id_email"))
    page.keyboard.type("anna@example.org")
    tab_to(page, by_id("id_topic"))
    page.keyboard.type("Gemeinschaftsgarten")
    tab_to(page, by_id("id_privacy_consent"))
    press(page, "Space")
    assert page.locator("#id_privacy_consent").is_checked()
    tab_to(page, by_text("Termin verbindlich buchen"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/sprechzeiten/mein-termin/*/?gebucht=1")
    confirmation = page.locator("main").inner_text()
    assert "Ihr Termin ist gebucht" in confirmation
    assert "Dienstag, 1. Dezember 2026 um 10:40 Uhr" in confirmation
    assert "Ihre Projektidee in ein paar Stichworten" in confirmation  # what to bring
    assert "Westerfilder Straße 23" in confirmation
    step(page, screenshot, "4-confirmation")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "booking-4-confirmation-1280")
    page.set_viewport_size(PHONE)

    # "In meinen Kalender" by keyboard: the .ics with its alarms, parsed back.
    tab_to(page, by_text("In meinen Kalender"))
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    ics = Path(download.value.path()).read_bytes()
    (event,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert event.decoded("dtstart") == datetime(2026, 12, 1, 10, 40, tzinfo=BERLIN)
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=30)
    assert "Stadtteilfonds" in str(event["summary"])
    assert sorted(a.decoded("trigger") for a in event.walk("VALARM")) == [
        timedelta(days=-1),
        timedelta(hours=-1),
    ]

    # Later, from the saved private link: cancel (a page with a POST button).
    private_link = page.locator(".booking-link a").get_attribute("href")
    page.goto(private_link)
    step(page, screenshot, "5-private-page")
    tab_to(page, by_text("Termin absagen"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/absagen/")
    assert Booking.objects.get().status == BookingStatus.BOOKED  # GET changed nothing
    step(page, screenshot, "6-cancel")
    tab_to(page, by_text("Ja, Termin absagen"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/?abgesagt=1")
    assert "Dieser Termin ist abgesagt" in page.locator("main").inner_text()
    step(page, screenshot, "7-cancelled")
    assert Booking.objects.get().status == BookingStatus.CANCELLED


def test_a_time_taken_meanwhile_and_moving_pass_axe_at_phone_width(
    page, live_server, demo_data, monday_morning, screenshot
):
    advice = AppointmentType.objects.get(name="Beratung zum Stadtteilfonds")
    first = datetime(2026, 12, 1, 10, tzinfo=BERLIN)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + f"/sprechzeiten/buchen/quartiersmanagement/{advice.pk}/")
    services.booking_hold_create(appointment_type=advice, start=first)  # someone was faster

    page.locator("#id_start_0").check()
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_load_state()
    assert "Diese Zeit ist gerade vergeben worden" in page.get_by_role("alert").inner_text()
    assert page.locator("#id_start_0").get_attribute("value") != "20261201T0900Z"
    step(page, screenshot, "taken")

    booking = services.booking_create(
        appointment_type=advice,
        start=first + timedelta(minutes=40),
        name="Anna Beispiel",
        phone="0231 123456",
    )
    page.goto(live_server.url + f"/sprechzeiten/mein-termin/{booking.token}/")
    assert "Bitte drucken Sie diese Seite aus" in page.locator("main").inner_text()
    step(page, screenshot, "without-email")
    page.goto(live_server.url + f"/sprechzeiten/mein-termin/{booking.token}/verschieben/")
    step(page, screenshot, "move")
    # The booking's own time is in the list, marked; moving means choosing another one.
    assert page.locator(".free-times__current").count() == 1
    page.locator(".free-times__option:not(:has(.free-times__current)) input").first.check()
    page.get_by_role("button", name="Verschieben").click()
    page.wait_for_url("**/?verschoben=1")
    assert "Ihr Termin ist verschoben" in page.locator("main").inner_text()
    step(page, screenshot, "moved")

    page.emulate_media(media="print")
    printed = page.locator("main").inner_text()
    pdf = page.pdf(format="A4", print_background=False)
    assert "Termin verschieben" not in printed  # the buttons are for the screen
    assert "Ihr persönlicher Link" in printed
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1  # the confirmation on one sheet


def test_the_private_booking_pages_reflow_at_320_px_and_200_percent_text_in_every_direction(
    browser, page, live_server, demo_data, monday_morning
):
    advice = AppointmentType.objects.get(name="Beratung zum Stadtteilfonds")
    first = datetime(2026, 12, 1, 10, tzinfo=BERLIN)
    hold = services.booking_hold_create(appointment_type=advice, start=first)
    booking = services.booking_create(
        appointment_type=advice,
        start=first + timedelta(minutes=40),
        name="Anna Beispiel",
        email="anna@example.org",
    )
    paths = [
        f"/sprechzeiten/buchen/angaben/{hold.token}/",
        f"/sprechzeiten/mein-termin/{booking.token}/?gebucht=1",
        f"/sprechzeiten/mein-termin/{booking.token}/absagen/",
        f"/sprechzeiten/mein-termin/{booking.token}/verschieben/",
    ]
    page.set_viewport_size({"width": 320, "height": 640})
    for path in paths + [f"/ar{path}" for path in paths]:
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        if path.startswith("/ar/"):
            assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
            assert_no_axe_violations(page)

    # Text zoom needs a <style> element, which the CSP forbids: this context bypasses it.
    context = browser.new_context(
        viewport={"width": 640, "height": 900}, locale="de-DE", bypass_csp=True
    )
    zoomed = context.new_page()
    try:
        for path in paths:
            zoomed.goto(live_server.url + path)
            zoomed.add_style_tag(content="html { font-size: 200% !important; }")
            assert zoomed.evaluate("document.documentElement.scrollWidth") <= 640, path
    finally:
        context.close()


def test_office_fund_and_translated_booking_pages_pass_axe_at_both_widths(
    page, live_server, demo_data, monday_morning, screenshot
):
    from consultations.booking.models import AppointmentTypeTranslation

    advice = AppointmentType.objects.get(name="Beratung zum Stadtteilfonds")
    AppointmentTypeTranslation.objects.create(
        appointment_type=advice,
        language="tr",
        name="Semt fonu danışmanlığı",
        what_to_bring="Proje fikriniz",
    )
    booking = services.booking_create(
        appointment_type=advice,
        start=datetime(2026, 12, 1, 10, tzinfo=BERLIN),
        name="Ayşe",
        email="ayse@example.org",
    )
    pages = {
        "office-jobcenter": "/partner/jobcenter/",
        "fund": "/stadtteilfonds/",
        "booking-office-tr": "/tr/sprechzeiten/buchen/quartiersmanagement/",
        "booking-move": f"/sprechzeiten/mein-termin/{booking.token}/verschieben/",
    }
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in pages.items():
            page.goto(live_server.url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
            assert_no_axe_violations(page)
            screenshot(page, f"resident-{name}-{width}")
