"""Fair limits of online booking: one browser holds one time at once; the open bookings of a
person are counted per person (phone numbers however written), inside the booking's own
transaction, so parallel bookings cannot pass the limit on SQLite or PostgreSQL; many
residents behind one address are not an attacker; staff entering bookings are never limited."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from consultations.booking import services
from consultations.booking.enums import BookingChannel
from consultations.booking.models import (
    AppointmentType,
    Booking,
    BookingHold,
    BookingRules,
    SlotClaim,
)
from consultations.booking.slots import time_value
from consultations.enums import Weekday
from tests.concurrency import at_once
from tests.factories import (
    AppointmentTypeFactory,
    BookingRulesFactory,
    ConsultationHoursFactory,
    OfficeFactory,
)

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_MORNING = datetime(2026, 11, 30, 9, tzinfo=BERLIN)
FIRST_FREE = datetime(2026, 12, 1, 10, tzinfo=BERLIN)  # QM: Tuesday 10:00, 24 hours ahead
HOLD_COOKIE = "termin_reservierung"  # the one time this browser holds
DETAILS = {"name": "Anna Beispiel", "email": "anna@example.org", "privacy_consent": "on"}


@pytest.fixture
def now(time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    return MONDAY_MORNING


@pytest.fixture
def advice(demo_data):
    return AppointmentType.objects.get(name="Beratung zum Stadtteilfonds")


def times_url(appointment_type) -> str:
    return f"/sprechzeiten/buchen/{appointment_type.office.slug}/{appointment_type.pk}/"


def choose(client, appointment_type, start, **extra):
    response = client.post(times_url(appointment_type), {"start": time_value(start)}, **extra)
    assert response.status_code == 302, response.content.decode()
    return response


# One client, one hold


def test_choosing_a_second_time_releases_the_first(client, advice, now):
    choose(client, advice, FIRST_FREE)
    second = choose(client, advice, FIRST_FREE + timedelta(minutes=40))

    hold = BookingHold.objects.get()
    assert hold.starts_at == FIRST_FREE + timedelta(minutes=40)
    assert second.cookies[HOLD_COOKIE].value == hold.token
    assert not SlotClaim.objects.exclude(hold=hold).exists()


def test_thirty_choices_from_one_browser_leave_one_time_held(client, advice, now):
    starts = [FIRST_FREE + timedelta(minutes=40 * n) for n in range(3)]
    for number in range(30):
        choose(client, advice, starts[number % 3])

    assert BookingHold.objects.count() == 1


def test_two_browsers_each_hold_their_own_time(advice, now):
    choose(Client(), advice, FIRST_FREE)
    choose(Client(), advice, FIRST_FREE + timedelta(minutes=40))

    assert BookingHold.objects.count() == 2


def test_leaving_the_details_step_ends_the_hold_and_its_cookie(client, advice, now):
    details = choose(client, advice, FIRST_FREE)["Location"]
    token = details.rstrip("/").split("/")[-1]

    response = client.post(f"/sprechzeiten/buchen/angaben/{token}/andere-zeit/")

    assert not BookingHold.objects.exists()
    assert response.cookies[HOLD_COOKIE].value == ""


def test_booking_forgets_the_hold_cookie_and_the_next_choice_keeps_the_booking(client, advice, now):
    details = choose(client, advice, FIRST_FREE)["Location"]
    booked = client.post(details, DETAILS)
    choose(client, advice, FIRST_FREE + timedelta(minutes=40))

    assert booked.cookies[HOLD_COOKIE].value == ""
    assert Booking.objects.get().starts_at == FIRST_FREE
    assert BookingHold.objects.filter(booking__isnull=True).count() == 1


# Per person: phone numbers however written


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("0231 1234567", "+49 231 1234567"),
        ("0231 1234567", "0049-231-1234567"),
        ("+49 (0)231 123 45 67", "0231/1234567"),
    ],
)
def test_one_phone_number_written_two_ways_is_one_person(advice, now, first, second):
    BookingRules.objects.filter(office=advice.office).update(max_open_per_contact=1)
    services.booking_create(appointment_type=advice, start=FIRST_FREE, name="A", phone=first)

    with pytest.raises(services.BookingLimitReached):
        services.booking_create(
            appointment_type=advice,
            start=FIRST_FREE + timedelta(minutes=40),
            name="A",
            phone=second,
        )


# A shared connection is not an attacker


def test_eleven_residents_behind_one_address_all_book(advice, now):
    starts = [FIRST_FREE + timedelta(minutes=40 * n) for n in range(3)]
    starts += [start + timedelta(days=7) for start in starts]
    starts += [start + timedelta(days=14) for start in starts]
    booked = 0
    for number in range(11):
        client = Client(REMOTE_ADDR="203.0.113.7")  # the office's PC
        details = choose(client, advice, starts[number % len(starts)])["Location"]
        response = client.post(
            details, {**DETAILS, "email": f"resident{number}@example.org"}, follow=False
        )
        booked += response.status_code == 302
    assert booked == 11
    assert Booking.objects.count() == 11


def test_staff_entering_bookings_for_walk_ins_are_never_limited(advice, now):
    BookingRules.objects.filter(office=advice.office).update(max_open_per_contact=1)
    starts = [FIRST_FREE + timedelta(minutes=40 * n) for n in range(3)]
    for start in starts:
        services.booking_create(
            appointment_type=advice,
            start=start,
            name="Walk-in",
            phone="0231 1234567",
            channel=BookingChannel.WALK_IN,
        )

    assert Booking.objects.count() == 3


# Inside the writing transaction: the same on SQLite and PostgreSQL

PARALLEL = 12


@pytest.fixture
def many_free_times(transactional_db, time_machine):
    """An office open Tuesdays 10:00–16:00: twelve appointments of 30 minutes a week."""
    time_machine.move_to(datetime(2026, 11, 30, 9, tzinfo=BERLIN), tick=True)
    office = OfficeFactory(slug="quartiersmanagement")
    ConsultationHoursFactory(office=office, weekday=Weekday.TUESDAY, start=time(10), end=time(16))
    BookingRulesFactory(office=office, min_notice_hours=0, window_days=3, max_open_per_contact=2)
    return AppointmentTypeFactory(office=office)


def in_parallel(work) -> tuple[list, list]:
    return at_once(work, PARALLEL)


@pytest.mark.django_db(transaction=True)
def test_twelve_parallel_bookings_of_one_email_stop_at_the_limit(many_free_times):
    first = datetime(2026, 12, 1, 10, tzinfo=BERLIN)

    def book(number: int) -> str:
        try:
            services.booking_create(
                appointment_type=many_free_times,
                start=first + timedelta(minutes=30 * number),
                name="Anna",
                email="Anna@Example.org" if number % 2 else "anna@example.org",
            )
        except services.BookingLimitReached:
            return "limit"
        except services.SlotTaken:
            return "taken"
        return "booked"

    outcomes, errors = in_parallel(book)

    assert errors == []
    assert sorted(outcomes) == ["booked"] * 2 + ["limit"] * (PARALLEL - 2)
    assert Booking.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_twelve_parallel_bookings_of_one_phone_written_differently_stop_at_the_limit(
    many_free_times,
):
    first = datetime(2026, 12, 1, 10, tzinfo=BERLIN)
    ways = ["0231 1234567", "+49 231 1234567", "0049-231-1234567"]

    def book(number: int) -> str:
        try:
            services.booking_create(
                appointment_type=many_free_times,
                start=first + timedelta(minutes=30 * number),
                name="Anna",
                phone=ways[number % 3],
            )
        except services.BookingLimitReached:
            return "limit"
        return "booked"

    outcomes, errors = in_parallel(book)

    assert errors == []
    assert sorted(outcomes) == ["booked"] * 2 + ["limit"] * (PARALLEL - 2)
