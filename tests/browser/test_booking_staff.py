"""Office staff in a real browser: the day plan (printable for the counter), entering an
appointment for a caller, cancelling with a reason, marking erschienen; deleting a Terminzeit
that appointments are booked in."""

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from consultations.booking import services
from consultations.booking.enums import BookableTimes, BookingStatus
from consultations.booking.models import AppointmentHours, AppointmentType, Booking, BookingRules
from consultations.enums import Weekday
from offices.models import Office
from quartier.accounts.roles import OFFICE_STAFF
from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def tuesday_morning(time_machine):
    time_machine.move_to(datetime(2026, 12, 1, 9, tzinfo=BERLIN), tick=True)


def snap(page, screenshot, name, *, axe=False):
    if axe:
        assert_no_axe_violations(page)
    screenshot(page, f"booking-staff-{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    if axe:
        assert_no_axe_violations(page)
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
    with page.expect_navigation():
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


def test_office_staff_see_the_bookings_before_deleting_a_terminzeit(
    page, live_server, demo_data, tuesday_morning, screenshot, staff_login
):
    qm = Office.objects.get(slug="quartiersmanagement")
    BookingRules.objects.filter(office=qm).update(bookable_times=BookableTimes.APPOINTMENT_HOURS)
    hours = AppointmentHours.objects.create(
        office=qm, weekday=Weekday.TUESDAY, start=time(10), end=time(12)
    )
    advice = AppointmentType.objects.get(name="Beratung zum Stadtteilfonds")
    for name, at in [("Anna Beispiel", time(10)), ("Ben Muster", time(11, 20))]:
        services.booking_create(
            appointment_type=advice,
            start=datetime.combine(datetime(2026, 12, 1), at, tzinfo=BERLIN),
            name=name,
            phone="0231 123456",
            channel="telefon",
        )
    staff_login(page, role=OFFICE_STAFF, offices=[qm], username="qm", two_factors=False)

    page.goto(live_server.url + f"/admin/booking/appointmenthours/{hours.pk}/change/")
    page.get_by_role("link", name="Löschen").click()
    page.wait_for_url("**/delete/")
    content = page.locator("#content")
    assert "2 gebuchte Termine lägen danach außerhalb der buchbaren Zeiten." in (
        content.inner_text()
    )
    assert "Anna Beispiel" in content.inner_text()
    snap(page, screenshot, "hours-delete", axe=True)

    # Anna is told first; the cancel page leads back to the question.
    page.get_by_role("link", name=re.compile(r"^Absagen …\s*: Anna Beispiel, 10:00$")).click()
    page.get_by_label("Grund der Absage").fill("Die Beratung am Dienstag entfällt.")
    page.get_by_role("button", name="Termin absagen").click()
    page.wait_for_url("**/delete/")
    assert "1 gebuchter Termin läge danach" in page.locator("#content").inner_text()
    assert "Anna Beispiel" not in page.locator("#content").inner_text()

    page.get_by_role("button", name="Ja, ich bin sicher").click()
    page.wait_for_url("**/appointmenthours/")
    assert "1 gebuchter Termin liegt jetzt außerhalb der buchbaren Zeiten" in (
        page.locator(".messagelist").inner_text()
    )
    assert not AppointmentHours.objects.filter(pk=hours.pk).exists()
    assert Booking.objects.get(name="Ben Muster").is_open
