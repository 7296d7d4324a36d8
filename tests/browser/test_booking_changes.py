"""Office staff in a real browser: moving an appointment for a caller ("Verschieben"), and a
changed booking rule that lists the appointments it would orphan and asks first."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from consultations.booking import services
from consultations.booking.enums import BookableTimes
from consultations.booking.models import AppointmentType, Booking, BookingRules
from offices.models import Office
from quartier.accounts.roles import OFFICE_STAFF
from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def monday_morning(time_machine):
    time_machine.move_to(datetime(2026, 11, 30, 9, tzinfo=BERLIN), tick=True)


def snap(page, screenshot, name):
    assert_no_axe_violations(page)
    screenshot(page, f"booking-staff-{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_no_axe_violations(page)
    screenshot(page, f"booking-staff-{name}-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
    page.set_viewport_size({"width": 1280, "height": 900})


def test_office_staff_move_a_booking_and_are_asked_before_a_rule_orphans_one(
    page, live_server, demo_data, monday_morning, screenshot, staff_login
):
    qm = Office.objects.get(slug="quartiersmanagement")
    advice = AppointmentType.objects.get(name="Beratung zum Stadtteilfonds")
    booking = services.booking_create(
        appointment_type=advice,
        start=datetime(2026, 12, 1, 10, tzinfo=BERLIN),
        name="Anna Beispiel",
        email="anna@example.org",
        channel="telefon",
    )
    staff_login(page, role=OFFICE_STAFF, offices=[qm], username="qm", two_factors=False)

    page.goto(live_server.url + f"/admin/booking/booking/{booking.pk}/change/")
    page.get_by_role("link", name="Verschieben …").click()
    page.wait_for_url("**/verschieben/")
    snap(page, screenshot, "move")
    page.get_by_role("group", name="Dienstag, 1. Dezember").get_by_label("11:20–11:50").check()
    page.get_by_role("button", name="Auf diese Zeit verschieben").click()
    page.wait_for_url("**/booking/plan/**")
    assert "Der Termin ist verschoben" in page.locator(".messagelist").inner_text()
    booking.refresh_from_db()
    assert booking.starts_at == datetime(2026, 12, 1, 11, 20, tzinfo=BERLIN)

    rules = BookingRules.objects.get(office=qm)
    page.goto(live_server.url + f"/admin/booking/bookingrules/{rules.pk}/change/")
    page.get_by_label("Buchbare Zeiten").select_option(BookableTimes.APPOINTMENT_HOURS)
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    assert "Anna Beispiel" in page.locator("#content-main").inner_text()
    snap(page, screenshot, "rule-affected")
    rules.refresh_from_db()
    assert rules.bookable_times == BookableTimes.CONSULTATION_HOURS  # asked first
    page.get_by_role("button", name="Trotzdem speichern").click()
    page.wait_for_url("**/bookingrules/")
    rules.refresh_from_db()
    assert rules.bookable_times == BookableTimes.APPOINTMENT_HOURS
    assert Booking.objects.get(pk=booking.pk).is_open
