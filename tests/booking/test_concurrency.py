"""Twenty residents take the last free time at the same moment: exactly one gets it, the
others are told clearly (the unique seat constraint decides; the same on SQLite, whose
writers queue for the lock, and on PostgreSQL, whose second insert waits for the first)."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from consultations.booking import services
from consultations.booking.models import Booking, BookingHold, SlotClaim
from consultations.booking.slots import time_value
from consultations.enums import Weekday
from tests.concurrency import at_once
from tests.factories import (
    AppointmentTypeFactory,
    BookingRulesFactory,
    ConsultationHoursFactory,
    OfficeFactory,
)

PARALLEL = 20
BERLIN = ZoneInfo("Europe/Berlin")
LAST_TIME = datetime(2026, 12, 1, 10, tzinfo=BERLIN)


@pytest.fixture
def last_free_time(transactional_db, time_machine):
    """An office open Tuesdays 10:00–10:30 only: one appointment of 30 minutes a week."""
    time_machine.move_to(datetime(2026, 11, 30, 9, tzinfo=BERLIN), tick=True)
    office = OfficeFactory(slug="quartiersmanagement")
    ConsultationHoursFactory(
        office=office, weekday=Weekday.TUESDAY, start=time(10), end=time(10, 30)
    )
    BookingRulesFactory(office=office, min_notice_hours=0, window_days=3)
    return office


def run_in_parallel(work) -> tuple[list, list]:
    return at_once(work, PARALLEL)


@pytest.mark.django_db(transaction=True)
def test_twenty_residents_choosing_the_last_time_at_once_one_holds_it(last_free_time):
    appointment_type = AppointmentTypeFactory(office=last_free_time)
    url = f"/sprechzeiten/buchen/quartiersmanagement/{appointment_type.pk}/"

    def choose(number: int):
        client = Client(REMOTE_ADDR=f"198.51.100.{number}")
        response = client.post(url, {"start": time_value(LAST_TIME)})
        return response.status_code, response.content.decode()

    outcomes, errors = run_in_parallel(choose)

    assert errors == []
    statuses = sorted(status for status, _html in outcomes)
    assert statuses == [302] + [409] * (PARALLEL - 1)
    refusals = [html for status, html in outcomes if status == 409]
    assert all("Diese Zeit ist gerade vergeben worden" in html for html in refusals)
    assert BookingHold.objects.count() == 1
    assert SlotClaim.objects.count() == 6


@pytest.mark.django_db(transaction=True)
def test_twenty_bookings_of_the_last_time_at_once_give_one_booking(last_free_time):
    appointment_type = AppointmentTypeFactory(office=last_free_time)

    def book(number: int):
        try:
            services.booking_create(
                appointment_type=appointment_type,
                start=LAST_TIME,
                name=f"Person {number}",
                email=f"person{number}@example.org",
            )
        except services.SlotTaken:
            return "refused"
        return "booked"

    outcomes, errors = run_in_parallel(book)

    assert errors == []
    assert sorted(outcomes) == ["booked"] + ["refused"] * (PARALLEL - 1)
    assert Booking.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_with_two_seats_twenty_at_once_give_exactly_two_bookings(last_free_time):
    appointment_type = AppointmentTypeFactory(office=last_free_time, capacity=2)

    def book(number: int):
        try:
            services.booking_create(
                appointment_type=appointment_type,
                start=LAST_TIME,
                name=f"Person {number}",
                email=f"person{number}@example.org",
            )
        except services.SlotTaken:
            return "refused"
        return "booked"

    outcomes, errors = run_in_parallel(book)

    assert errors == []
    assert sorted(outcomes) == ["booked"] * 2 + ["refused"] * (PARALLEL - 2)
    seats = sorted(set(SlotClaim.objects.values_list("seat", flat=True)))
    assert seats == [0, 1]
