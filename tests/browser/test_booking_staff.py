"""Office staff in a real browser: the day plan (printable for the counter), entering an
appointment for a caller, cancelling with a reason, marking erschienen."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from consultations.booking import services
from consultations.booking.enums import BookingStatus
from consultations.booking.models import AppointmentType, Booking
from offices.models import Office
from quartier.accounts.roles import OFFICE_STAFF

pytestmark = pytest.mark.django_db(transaction=True)

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def tuesday_morning(time_machine):
    time_machine.move_to(datetime(2026, 12, 1, 9, tzinfo=BERLIN), tick=True)


def snap(page, screenshot, name):
    screenshot(page, f"booking-staff-{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"booking-staff-{name}-390")
    # Usable on a phone: the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
    page.set_viewport_size({"width": 1280, "height": 900})


def test_office_staff_plan_book_for_a_caller_cancel_and_mark(
    page, live_server, demo_data, tuesday_morning, screenshot, staff_login
):
    qm = Office.objects.get(slug="quartiersmanagement")
    advice = AppointmentType.objects.get(name="Beratung zum Stadtteilfonds")
    services.booking_create(
        appointment_type=advice,
        start=datetime(2026, 12, 1, 10, tzinfo=BERLIN),
        name="Anna Beispiel",
        phone="0231 123456",
        channel="telefon",
    )
    staff_login(page, role=OFFICE_STAFF, offices=[qm], username="qm", two_factors=False)
    page.goto(live_server.url + "/admin/booking/booking/")
    snap(page, screenshot, "list")

    page.get_by_role("link", name="Tagesplan").click()
    page.wait_for_url("**/booking/plan/")
    assert "Anna Beispiel" in page.locator("#content-main").inner_text()
    assert "keine E-Mail: bitte am Vortag anrufen" in page.locator("#content-main").inner_text()
    snap(page, screenshot, "plan")
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Erschienen").first.is_visible()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    page.emulate_media(media="screen")

    # A caller wants 11:20 today: minimum notice and walk-in share do not apply to staff.
    page.get_by_role("link", name="Termin eintragen").first.click()
    page.get_by_label("Terminart").select_option(str(advice.pk))
    page.get_by_role("button", name="Freie Zeiten zeigen").click()
    snap(page, screenshot, "book")
    today = page.get_by_role("group", name="Dienstag, 1. Dezember")
    today.get_by_label("11:20–11:50").check()
    page.get_by_label("Name", exact=True).fill("Paul Anrufer")
    page.get_by_role("textbox", name="Telefon").fill("0231 555 66")
    page.get_by_label("Die Person ist einverstanden").check()
    page.get_by_role("button", name="Termin eintragen").click()
    page.wait_for_url("**/booking/plan/**")
    assert "Paul Anrufer" in page.locator("#content-main").inner_text()
    booking = Booking.objects.get(name="Paul Anrufer")
    assert booking.starts_at == datetime(2026, 12, 1, 11, 20, tzinfo=BERLIN)

    page.get_by_role("link", name=re.compile(r"^Absagen …\s*: Paul Anrufer, 11:20$")).click()
    page.get_by_label("Grund der Absage").fill("Die Beraterin ist krank.")
    snap(page, screenshot, "cancel")
    page.get_by_role("button", name="Termin absagen").click()
    page.wait_for_url("**/booking/plan/**")
    assert (
        "Bitte rufen Sie die Person an: 0231 555 66." in page.locator(".messagelist").inner_text()
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED

    page.get_by_role("button", name=re.compile(r"^Erschienen\s*: Anna Beispiel, 10:00$")).click()
    page.wait_for_url("**/booking/plan/**")
    assert Booking.objects.get(name="Anna Beispiel").status == BookingStatus.ATTENDED

    page.goto(live_server.url + "/admin/booking/booking/statistik/")
    snap(page, screenshot, "statistic")
    page.goto(live_server.url + "/admin/booking/booking/plan/?ansicht=woche&tag=2026-12-02")
    assert "Mittwoch, 2. Dezember 2026" in page.locator("#content-main").inner_text()
    snap(page, screenshot, "week")
