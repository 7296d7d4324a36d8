"""Writes of online booking: holds, bookings, seats, moves, cancellations, status, reminders,
retention; the emails they queue (mail.outbox once the transaction commits)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from consultations.booking import selectors, services, tasks
from consultations.booking.enums import AppointmentMode, BookingChannel, BookingStatus
from consultations.booking.models import Booking, BookingHold, SlotClaim
from consultations.booking.slots import cell_start
from consultations.enums import Weekday
from quartier.core.mail import emails_send_due
from quartier.retention import retention_apply
from tests.factories import (
    AppointmentTypeFactory,
    BookingFactory,
    BookingRulesFactory,
    ClosureFactory,
    ConsultationHoursFactory,
    OfficeFactory,
    UserFactory,
)

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_MORNING = datetime(2026, 11, 30, 9, tzinfo=BERLIN)
TUESDAY_10 = datetime(2026, 12, 1, 10, tzinfo=BERLIN)


def berlin(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


@pytest.fixture
def now(time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    return MONDAY_MORNING


@pytest.fixture
def office(db):
    office = OfficeFactory(slug="quartiersmanagement", short_name="Quartiersmanagement")
    office.email = "qm@example.org"
    office.save()
    ConsultationHoursFactory(office=office, weekday=Weekday.TUESDAY, start=time(10), end=time(12))
    BookingRulesFactory(office=office, min_notice_hours=0)
    return office


@pytest.fixture
def advice(office):
    return AppointmentTypeFactory(office=office, name="Beratung zum Stadtteilfonds")


def book(appointment_type, start=TUESDAY_10, **details):
    values = {"name": "Anna Beispiel", "email": "anna@example.org", **details}
    return services.booking_create(appointment_type=appointment_type, start=start, **values)


def forget_sent_mail() -> None:
    """Send what earlier steps queued (their callbacks never ran) and forget it: the next
    commit's nudge would send it along with the mail a test looks at."""
    emails_send_due()
    mail.outbox.clear()


def free_starts(appointment_type, *, online=True):
    offer = selectors.type_offer(appointment_type=appointment_type, online=online)
    return [t.start for d in offer.days for t in d.times]


def parsed_ics(message) -> icalendar.Event:
    (name, content, mimetype) = message.attachments[0]
    assert name == "termin.ics"
    assert mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    return event


def test_a_booking_takes_the_time_and_sends_the_confirmation_with_the_calendar_file(
    advice, now, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(advice)

    (message,) = mail.outbox
    event = parsed_ics(message)
    assert TUESDAY_10 not in free_starts(advice)
    assert message.to == ["anna@example.org"]
    assert message.subject == (
        "Ihr Termin am Dienstag, 1. Dezember 2026 um 10:00 Uhr: Beratung zum Stadtteilfonds"
    )
    assert booking.get_absolute_url() in message.body
    assert message.body.count("http://127.0.0.1:8000/sprechzeiten/mein-termin/") == 1
    assert "Personalausweis" in message.body
    assert message.extra_headers.get("Reply-To") == "qm@example.org"
    assert event.decoded("dtstart") == TUESDAY_10
    assert event.decoded("dtend") == TUESDAY_10 + timedelta(minutes=30)
    assert [alarm.decoded("trigger") for alarm in event.walk("VALARM")] == [
        timedelta(days=-1),
        timedelta(hours=-1),
    ]


def test_a_booking_without_email_sends_nothing(advice, now, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(advice, email="", phone="0231 123456")

    assert booking.status == BookingStatus.BOOKED
    assert mail.outbox == []


def test_a_taken_time_is_refused_and_nothing_is_stored(advice, now):
    book(advice)

    with pytest.raises(services.SlotTaken):
        book(advice, name="Berta Zweite", email="berta@example.org")

    assert Booking.objects.count() == 1


def test_the_unique_seat_constraint_refuses_a_second_claim_in_the_database(advice, now):
    booking = book(advice)
    claim = booking.claims.first()

    with pytest.raises(IntegrityError), transaction.atomic():
        SlotClaim.objects.create(
            resource=claim.resource, cell=claim.cell, seat=claim.seat, booking=booking
        )


def test_a_time_outside_the_hours_is_refused(advice, now):
    with pytest.raises(services.SlotTaken):
        book(advice, start=berlin(2026, 12, 1, 12))  # closing time


def test_two_seats_take_two_bookings_and_refuse_the_third(office, now):
    pair = AppointmentTypeFactory(office=office, capacity=2)

    first = book(pair, email="a@example.org")
    second = book(pair, email="b@example.org")

    with pytest.raises(services.SlotTaken):
        book(pair, email="c@example.org")
    assert {c.seat for c in first.claims.all()} == {0}
    assert {c.seat for c in second.claims.all()} == {1}


def test_the_office_limit_keeps_two_kinds_from_the_same_time(office, advice, now):
    office.booking_rules.parallel_limit = 1
    office.booking_rules.save()
    documents = AppointmentTypeFactory(office=office, name="Unterlagen abgeben", capacity=3)
    book(advice)

    with pytest.raises(services.SlotTaken):
        book(documents, email="b@example.org")
    assert TUESDAY_10 + timedelta(minutes=30) in free_starts(documents)


def test_a_hold_keeps_the_time_from_others_and_becomes_the_booking(advice, now):
    hold = services.booking_hold_create(appointment_type=advice, start=TUESDAY_10)

    with pytest.raises(services.SlotTaken):
        book(advice, name="Berta")
    booking = book(advice, hold=hold)

    hold.refresh_from_db()
    assert hold.booking == booking
    assert not hold.claims.exists()
    assert booking.claims.count() == 6  # 30 minutes: six cells of five minutes
    assert TUESDAY_10 not in free_starts(advice)


def test_an_expired_hold_frees_the_time_for_someone_else(advice, now, time_machine):
    hold = services.booking_hold_create(appointment_type=advice, start=TUESDAY_10)
    time_machine.move_to(MONDAY_MORNING + timedelta(minutes=services.HOLD_MINUTES + 1))

    assert TUESDAY_10 in free_starts(advice)
    book(advice, name="Berta", email="berta@example.org")
    with pytest.raises(services.SlotTaken):
        book(advice, hold=hold)


def test_an_expired_hold_still_books_when_nobody_took_the_time(advice, now, time_machine):
    hold = services.booking_hold_create(appointment_type=advice, start=TUESDAY_10)
    time_machine.move_to(MONDAY_MORNING + timedelta(minutes=30))

    booking = book(advice, hold=hold)

    assert booking.starts_at == TUESDAY_10


def test_picking_another_time_frees_the_held_one(advice, now):
    hold = services.booking_hold_create(appointment_type=advice, start=TUESDAY_10)

    booking = book(advice, start=TUESDAY_10 + timedelta(minutes=30), hold=hold)

    assert booking.starts_at == TUESDAY_10 + timedelta(minutes=30)
    assert TUESDAY_10 in free_starts(advice)
    assert not BookingHold.objects.exists()


def test_a_second_click_with_the_same_hold_returns_the_first_booking(
    advice, now, django_capture_on_commit_callbacks
):
    hold = services.booking_hold_create(appointment_type=advice, start=TUESDAY_10)

    with django_capture_on_commit_callbacks(execute=True):
        first = book(advice, hold=hold)
        second = book(advice, hold=hold)

    assert second == first
    assert Booking.objects.count() == 1
    assert len(mail.outbox) == 1


def test_open_bookings_per_email_or_phone_are_limited(office, advice, now):
    hour = timedelta(hours=1)
    book(advice, start=TUESDAY_10, email="anna@example.org", phone="0231 12 34 56")
    book(advice, start=TUESDAY_10 + hour / 2, email="other@example.org", phone="0231/123456")

    with pytest.raises(services.BookingLimitReached) as refused:
        book(advice, start=TUESDAY_10 + hour, email="", phone="0231-123456")
    same_email_once = book(advice, start=TUESDAY_10 + hour, email="ANNA@example.org", phone="")
    with pytest.raises(services.BookingLimitReached):
        book(advice, start=TUESDAY_10 + 1.5 * hour, email="anna@EXAMPLE.org", phone="")
    staff_booking = book(
        advice,
        start=TUESDAY_10 + 1.5 * hour,
        channel=BookingChannel.PHONE,
        email="anna@example.org",
    )

    assert refused.value.limit == 2
    assert same_email_once.status == BookingStatus.BOOKED
    assert staff_booking.channel == BookingChannel.PHONE


def test_a_phone_appointment_needs_a_phone_number(office, now):
    call = AppointmentTypeFactory(office=office, mode=AppointmentMode.PHONE)

    with pytest.raises(ValidationError):
        book(call, phone="")

    assert not Booking.objects.exists()


def test_staff_book_within_the_notice_and_the_walk_in_share(office, advice, now):
    office.booking_rules.min_notice_hours = 48
    office.booking_rules.walk_in_share = 50
    office.booking_rules.save()

    with pytest.raises(services.SlotTaken):
        book(advice)
    booking = book(advice, channel=BookingChannel.WALK_IN, email="", phone="")

    assert booking.channel == BookingChannel.WALK_IN


def test_online_bookings_stop_at_the_share_kept_for_walk_ins(office, advice, now):
    office.booking_rules.walk_in_share = 50  # 4 times on Tuesday: 2 online
    office.booking_rules.save()
    book(advice, start=TUESDAY_10, email="a@example.org")
    book(advice, start=TUESDAY_10 + timedelta(minutes=30), email="b@example.org")

    with pytest.raises(services.SlotTaken):
        book(advice, start=TUESDAY_10 + timedelta(hours=1), email="c@example.org")
    first_day = selectors.type_offer(appointment_type=advice).days[0].day
    assert first_day == date(2026, 12, 8)
    assert len(free_starts(advice, online=False)) >= 2


def test_the_resident_cancels_frees_the_time_and_gets_a_notice(
    advice, now, django_capture_on_commit_callbacks
):
    booking = book(advice)
    forget_sent_mail()

    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.booking_cancel(booking=booking)

    (message,) = mail.outbox
    assert cancelled.status == BookingStatus.CANCELLED
    assert cancelled.cancelled_by is None
    assert TUESDAY_10 in free_starts(advice)
    assert "ist abgesagt" in message.subject
    assert parsed_ics(message)["status"] == "CANCELLED"
    assert parsed_ics(message)["sequence"] == 1


def test_staff_cancel_with_a_reason_the_resident_reads(
    advice, now, django_capture_on_commit_callbacks
):
    booking = book(advice)
    forget_sent_mail()
    staff = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking, reason="Die Beraterin ist krank.", by=staff)

    (message,) = mail.outbox
    assert "muss leider ausfallen" in message.subject
    assert "Grund: Die Beraterin ist krank." in message.body
    assert "/sprechzeiten/buchen/quartiersmanagement/" in message.body


def test_a_cancelled_booking_cannot_be_cancelled_or_marked_again(advice, now):
    booking = services.booking_cancel(booking=book(advice))

    with pytest.raises(services.BookingNotChangeable):
        services.booking_cancel(booking=booking)
    with pytest.raises(services.BookingNotChangeable):
        services.booking_set_status(booking=booking, status=BookingStatus.ATTENDED, by=None)


def test_the_resident_cannot_cancel_once_the_appointment_began(advice, now, time_machine):
    booking = book(advice)
    time_machine.move_to(TUESDAY_10 + timedelta(minutes=5))

    with pytest.raises(services.BookingNotChangeable):
        services.booking_cancel(booking=booking)


def test_moving_takes_the_new_time_frees_the_old_and_sends_the_new_calendar_file(
    advice, now, django_capture_on_commit_callbacks
):
    booking = book(advice)
    forget_sent_mail()
    later = TUESDAY_10 + timedelta(hours=1)

    with django_capture_on_commit_callbacks(execute=True):
        moved = services.booking_move(booking=booking, start=later)

    (message,) = mail.outbox
    event = parsed_ics(message)
    assert moved.starts_at == later
    assert TUESDAY_10 in free_starts(advice)
    assert later not in free_starts(advice)
    assert event.decoded("dtstart") == later
    assert event["sequence"] == 1
    assert str(event["uid"]).startswith(f"termin-{booking.link_key}@")


def test_moving_to_a_taken_time_keeps_the_old_one(advice, now):
    booking = book(advice)
    other = book(advice, start=TUESDAY_10 + timedelta(hours=1), email="b@example.org")

    with pytest.raises(services.SlotTaken):
        services.booking_move(booking=booking, start=other.starts_at)

    booking.refresh_from_db()
    assert booking.starts_at == TUESDAY_10
    assert booking.claims.count() == 6


def test_moving_by_half_an_hour_may_overlap_its_own_old_seats(office, now):
    long_one = AppointmentTypeFactory(office=office, duration_minutes=60)
    booking = book(long_one)

    moved = services.booking_move(booking=booking, start=TUESDAY_10 + timedelta(hours=1))

    assert moved.starts_at == TUESDAY_10 + timedelta(hours=1)


def test_staff_mark_attended_or_no_show_from_the_day_of_the_appointment(advice, now, time_machine):
    booking = book(advice)
    staff = UserFactory()

    with pytest.raises(services.BookingNotChangeable):
        services.booking_set_status(booking=booking, status=BookingStatus.NO_SHOW, by=staff)
    time_machine.move_to(TUESDAY_10 + timedelta(hours=1))
    marked = services.booking_set_status(booking=booking, status=BookingStatus.NO_SHOW, by=staff)
    corrected = services.booking_set_status(booking=marked, status=BookingStatus.ATTENDED, by=staff)

    assert corrected.status == BookingStatus.ATTENDED
    assert corrected.status_changed_by == staff


def test_reminders_go_once_the_day_before_to_those_with_email(
    advice, now, time_machine, django_capture_on_commit_callbacks
):
    book(advice, start=berlin(2026, 12, 8, 10), email="anna@example.org")
    book(advice, start=berlin(2026, 12, 8, 10, 30), email="", phone="0231 99")
    cancelled = book(advice, start=berlin(2026, 12, 8, 11), email="c@example.org")
    services.booking_cancel(booking=cancelled)
    book(advice, start=berlin(2026, 12, 15, 10), email="later@example.org")
    forget_sent_mail()
    time_machine.move_to(berlin(2026, 12, 7, 8))

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.bookings_send_reminders(now=berlin(2026, 12, 7, 8))
        again = services.bookings_send_reminders(now=berlin(2026, 12, 7, 9))

    (message,) = mail.outbox
    assert (sent, again) == (1, 0)
    assert message.to == ["anna@example.org"]
    assert message.subject == "Erinnerung: Ihr Termin am Dienstag, 8. Dezember 2026 um 10:00 Uhr"
    assert "/sprechzeiten/mein-termin/" in message.body


def test_no_reminder_for_an_appointment_booked_less_than_a_day_ahead(
    advice, now, django_capture_on_commit_callbacks
):
    book(advice)  # Monday 9:00 for Tuesday 10:00
    forget_sent_mail()

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.bookings_send_reminders(now=MONDAY_MORNING + timedelta(hours=1))

    assert sent == 0
    assert mail.outbox == []


def test_the_reminder_task_sends_the_reminders(
    advice, now, time_machine, django_capture_on_commit_callbacks
):
    book(advice, start=berlin(2026, 12, 8, 10))
    forget_sent_mail()
    time_machine.move_to(berlin(2026, 12, 7, 8), tick=False)

    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.remind_bookings.enqueue()

    assert result.return_value == 1
    assert len(mail.outbox) == 1


def test_a_moved_booking_is_reminded_again_for_its_new_day(advice, now, time_machine):
    booking = book(advice, start=berlin(2026, 12, 8, 10))
    time_machine.move_to(berlin(2026, 12, 7, 8), tick=False)
    services.bookings_send_reminders(now=berlin(2026, 12, 7, 8))

    moved = services.booking_move(booking=booking, start=berlin(2026, 12, 15, 10))

    assert moved.reminder_sent_at is None


def test_retention_deletes_bookings_90_days_after_the_appointment(advice, now):
    booking = book(advice)
    services.booking_hold_create(appointment_type=advice, start=TUESDAY_10 + timedelta(hours=1))

    day_89 = retention_apply(now=booking.ends_at + timedelta(days=89))
    day_91 = retention_apply(now=booking.ends_at + timedelta(days=91))

    assert day_89["Gebuchte Termine"] == 0
    assert day_89["Reservierte Terminzeiten (ohne Personendaten)"] == 1
    assert day_91["Gebuchte Termine"] == 1
    assert not Booking.objects.exists()
    assert not SlotClaim.objects.exists()


def test_a_closure_lists_the_bookings_it_falls_on_and_cancels_them_with_its_reason(
    office, advice, now, django_capture_on_commit_callbacks
):
    in_it = book(advice, start=TUESDAY_10 + timedelta(hours=1), email="a@example.org")
    before = book(advice, start=TUESDAY_10, email="b@example.org")
    elsewhere = BookingFactory(starts_at=TUESDAY_10)  # another office
    closure = ClosureFactory(
        office=office,
        start_date=date(2026, 12, 1),
        start_time=time(10, 30),
        end_time=time(12),
        reason="Teamsitzung",
    )
    forget_sent_mail()

    affected = selectors.bookings_affected_by_closure(closure=closure)
    with django_capture_on_commit_callbacks(execute=True):
        count = services.bookings_cancel_for_closure(
            closure=closure, bookings=affected, by=UserFactory()
        )

    (message,) = mail.outbox
    assert affected == [in_it]
    assert count == 1
    assert message.to == ["a@example.org"]
    assert "Grund: Teamsitzung" in message.body
    before.refresh_from_db()
    elsewhere.refresh_from_db()
    assert before.status == elsewhere.status == BookingStatus.BOOKED


def test_the_plan_flags_a_booking_a_later_closure_falls_on(office, advice, now):
    booking = book(advice)
    ClosureFactory(office=None, start_date=date(2026, 12, 1), reason="Betriebsausflug")

    (day,) = selectors.booking_plan(office=office, start=date(2026, 12, 1), end=date(2026, 12, 1))

    assert day.bookings == [booking]
    assert day.bookings[0].outside_hours is True
    assert day.hours.reasons == ["Betriebsausflug"]


def test_the_no_show_rate_counts_marked_appointments_per_month(office, advice, time_machine):
    time_machine.move_to(berlin(2027, 1, 10, 12), tick=False)
    for day, status in [
        (berlin(2026, 12, 1, 10), BookingStatus.ATTENDED),
        (berlin(2026, 12, 8, 10), BookingStatus.NO_SHOW),
        (berlin(2026, 12, 15, 10), BookingStatus.ATTENDED),
        (berlin(2026, 12, 22, 10), BookingStatus.ATTENDED),
        (berlin(2026, 12, 29, 10), BookingStatus.BOOKED),
        (berlin(2026, 12, 29, 11), BookingStatus.CANCELLED),
        (berlin(2027, 1, 5, 10), BookingStatus.NO_SHOW),
    ]:
        BookingFactory(
            appointment_type=advice,
            starts_at=day,
            status=status,
            cancelled_at=day if status == BookingStatus.CANCELLED else None,
        )

    january, december = selectors.no_show_statistic(offices=[office])

    assert (december.month, december.bookings, december.attended, december.no_shows) == (
        date(2026, 12, 1),
        5,
        3,
        1,
    )
    assert december.unmarked == 1
    assert december.percent == 25
    assert (january.month, january.percent) == (date(2027, 1, 1), 100)


def test_selectors_make_the_same_queries_for_few_and_many_bookings(
    office, advice, now, django_assert_num_queries
):
    types = [advice, AppointmentTypeFactory(office=office, capacity=3)]
    for n in range(3):
        book(types[1], start=TUESDAY_10 + timedelta(minutes=30 * n), email=f"{n}@example.org")

    with django_assert_num_queries(4):
        few = selectors.booking_offices(offices=[office])
    for n in range(40):
        BookingFactory(appointment_type=advice, starts_at=berlin(2026, 10, 1, 10) + timedelta(n))
    with django_assert_num_queries(4):
        many = selectors.booking_offices(offices=[office])

    assert [len(t.days) for t in few[0].types] == [len(t.days) for t in many[0].types]


def test_claims_are_cells_of_five_minutes_counted_in_utc(advice, now):
    booking = book(advice)

    cells = sorted(booking.claims.values_list("cell", flat=True))

    assert [cell_start(cells[0]), cell_start(cells[-1])] == [
        TUESDAY_10.astimezone(UTC),
        (TUESDAY_10 + timedelta(minutes=25)).astimezone(UTC),
    ]


def test_mails_a_visitor_sets_off_online_stop_at_the_daily_limit_of_the_address(
    office, advice, now, settings, django_capture_on_commit_callbacks
):
    settings.RECIPIENT_MAIL_LIMIT = 2
    with django_capture_on_commit_callbacks(execute=True):
        first = book(advice, email="opfer@example.org")
        services.booking_cancel(booking=first)
        second = book(advice, email="opfer@example.org")  # booked, but no third mail today
        services.booking_cancel(booking=second, reason="Krankheit", by=UserFactory())

    assert Booking.objects.filter(email="opfer@example.org").count() == 2
    # The worker sends mails queued in the same moment in either order.
    assert sorted(m.subject for m in mail.outbox) == sorted(
        [
            "Ihr Termin am Dienstag, 1. Dezember 2026 um 10:00 Uhr: Beratung zum Stadtteilfonds",
            "Ihr Termin am Dienstag, 1. Dezember 2026 um 10:00 Uhr ist abgesagt",
            # The office's own cancellation always reaches the resident.
            "Ihr Termin am Dienstag, 1. Dezember 2026 um 10:00 Uhr muss leider ausfallen",
        ]
    )


def test_a_booking_staff_enter_is_confirmed_whatever_the_limit(
    office, advice, now, settings, django_capture_on_commit_callbacks
):
    settings.RECIPIENT_MAIL_LIMIT = 0
    with django_capture_on_commit_callbacks(execute=True):
        book(advice, channel=BookingChannel.WALK_IN, created_by=UserFactory())

    assert len(mail.outbox) == 1
