"""Writes of online booking: holds, bookings, moves, cancellations, staff marks, reminders
and the retention of bookings and holds."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from consultations.booking import selectors, slots, tokens
from consultations.booking.emails import queue_booking_email
from consultations.booking.enums import BookingChannel, BookingStatus, booking_can_transition
from consultations.booking.models import (
    AppointmentType,
    Booking,
    BookingHold,
    SlotClaim,
    booking_rules_of,
)
from consultations.models import Closure
from consultations.schedule import at
from quartier.core import clock, private_links, submissions

# A booking or a hold takes one seat in every 5-minute cell it covers (its buffer included) of
# its appointment type, of its office if the office limits parallel appointments, and, when
# booked online with a share kept for walk-ins, one of the day's online seats. The unique
# constraint on SlotClaim(resource, cell, seat) decides who gets the last one.

# How long a chosen time is kept while the resident fills in the form.
HOLD_MINUTES = 10
# A seat race lost to a parallel booking is tried again with fresh counts this often (with
# several seats free, the loser takes the next one; with none, it gets SlotTaken).
CLAIM_ATTEMPTS = 4


class SlotTaken(Exception):
    """The time is not (or no longer) free: someone else took it, or the rules exclude it."""


class TimePassed(SlotTaken):
    """The time has begun or passed (a page left open, a forged value): not free, but not
    because someone else was faster."""


class BookingLimitReached(Exception):
    """This email address or phone number already has the most open bookings allowed."""

    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


class BookingNotChangeable(Exception):
    """The booking is cancelled, marked, or its time has passed."""


@dataclass(frozen=True)
class _Seat:
    resource: str
    cell: int
    capacity: int


def _seats_needed(
    *, appointment_type: AppointmentType, start: datetime, online: bool, now: datetime
) -> list[_Seat]:
    """Which seats a booking of this type at `start` takes, or SlotTaken if the time is not
    among the free times the rules give (the same computation the pages show)."""
    day = clock.local_date(start)
    (free,) = selectors.free_times_of(
        appointment_types=[appointment_type], now=now, online=online, only_day=day
    ).values()
    if slots.find_time(free, start) is None:
        raise SlotTaken
    rules = selectors.slot_rules(appointment_type)
    end = start + rules.duration
    cells = slots.cells_between(start, end + rules.buffer)
    seats = [
        _Seat(selectors.type_resource(appointment_type.pk), cell, rules.capacity) for cell in cells
    ]
    if rules.office_limit is not None:
        seats += [
            _Seat(selectors.office_resource(appointment_type.office_id), cell, rules.office_limit)
            for cell in cells
        ]
    if online and rules.walk_in_share:
        schedule = selectors.booking_schedules(
            offices=[appointment_type.office], start=day, end=day
        )[appointment_type.office_id]
        starts = len(list(slots.day_starts(schedule.day(day), rules)))
        seats.append(
            _Seat(
                selectors.online_resource(appointment_type.pk),
                slots.day_cell(day),
                slots.online_quota(starts, rules),
            )
        )
    return seats


def _take_seats(
    seats: list[_Seat], *, now: datetime, booking: Booking | None = None, hold=None
) -> None:
    """Insert one claim per seat; SlotTaken if one is full. Raises IntegrityError when a
    parallel transaction took the same seat number first (the caller tries again)."""
    resources = {seat.resource for seat in seats}
    cells = {seat.cell for seat in seats}
    mine = SlotClaim.objects.filter(resource__in=resources, cell__in=cells)
    # Seats of holds that expired are free: release them, holding the hold rows so that a
    # resident converting that very hold at this moment waits for us (or we for them).
    expired = set(
        mine.filter(hold__expires_at__lte=now).values_list("hold_id", flat=True).distinct()
    )
    if expired:
        locked = list(
            BookingHold.objects.select_for_update()
            .filter(pk__in=expired, expires_at__lte=now)
            .values_list("pk", flat=True)
        )
        SlotClaim.objects.filter(hold_id__in=locked).delete()
    taken = defaultdict(set)
    for resource, cell, seat in mine.values_list("resource", "cell", "seat"):
        taken[(resource, cell)].add(seat)
    claims = []
    for seat in seats:
        used = taken[(seat.resource, seat.cell)]
        free = [number for number in range(seat.capacity) if number not in used]
        if not free:
            raise SlotTaken
        claims.append(
            SlotClaim(
                resource=seat.resource, cell=seat.cell, seat=free[0], booking=booking, hold=hold
            )
        )
    with transaction.atomic():  # a savepoint: the caller's transaction survives a lost race
        SlotClaim.objects.bulk_create(claims)


def _retrying(attempt):
    """Run `attempt` in its own transaction until it does not lose a seat race."""
    for number in range(CLAIM_ATTEMPTS):
        try:
            with transaction.atomic():
                return attempt()
        except IntegrityError:
            if number == CLAIM_ATTEMPTS - 1:
                raise SlotTaken from None
    raise SlotTaken  # pragma: no cover - the loop always returns or raises


def booking_hold_create(
    *,
    appointment_type: AppointmentType,
    start: datetime,
    replaces: str = "",
    now: datetime | None = None,
) -> BookingHold:
    """Keep a free time for HOLD_MINUTES while the resident fills in the form (SlotTaken if
    it is not free). `replaces` is the token of the hold this browser had: one client holds
    one time at once, so choosing again frees the time chosen before."""
    now = now or clock.now()

    def attempt() -> BookingHold:
        if replaces:
            # Freed first, so choosing the same time again finds its own seat free.
            BookingHold.objects.filter(token=replaces, booking__isnull=True).delete()
        seats = _seats_needed(appointment_type=appointment_type, start=start, online=True, now=now)
        hold = BookingHold.objects.create(
            appointment_type=appointment_type,
            starts_at=start,
            ends_at=start + appointment_type.duration,
            token=tokens.new_hold_token(),
            expires_at=now + timedelta(minutes=HOLD_MINUTES),
        )
        _take_seats(seats, now=now, hold=hold)
        return hold

    return _retrying(attempt)


@transaction.atomic
def booking_hold_release(*, hold: BookingHold) -> None:
    """The resident chose another time: the held one is free again at once (a hold that was
    booked already stays: it leads to its booking)."""
    BookingHold.objects.filter(pk=hold.pk, booking__isnull=True).delete()


def booking_create(
    *,
    appointment_type: AppointmentType,
    start: datetime,
    name: str,
    phone: str = "",
    email: str = "",
    topic: str = "",
    language: str = "de",
    channel: BookingChannel = BookingChannel.ONLINE,
    hold: BookingHold | None = None,
    created_by: AbstractBaseUser | None = None,
    now: datetime | None = None,
) -> Booking:
    """Book a time: the seats of the resident's hold if it still has them, otherwise fresh
    ones (SlotTaken if someone else was faster). Online bookings follow every rule; staff
    bookings for callers and walk-ins ignore the notice, the window and the walk-in share.
    The confirmation email (with the .ics) is queued in the same transaction."""
    now = now or clock.now()
    online = channel == BookingChannel.ONLINE
    office = appointment_type.office
    rules = booking_rules_of(office)
    email = email.strip()
    phone = phone.strip()
    phone_digits = submissions.phone_key(phone)
    if appointment_type.is_by_phone and not phone:
        raise ValidationError(
            {"phone": _("Für einen Telefontermin brauchen wir Ihre Telefonnummer.")}
        )
    if hold is not None and (done := _booked_from(hold)) is not None:
        return done  # a second click on "buchen": the booking the first one made
    if start <= now:
        raise TimePassed  # an expired hold still has its seats until it is cleaned up

    def attempt() -> Booking:
        held = None
        if hold is not None:
            held = BookingHold.objects.select_for_update().filter(pk=hold.pk).first()
            if held is not None and held.booking_id is not None:
                return held.booking  # the other click got here first
        if online:
            # Counted in this transaction, after every other booking of the same person
            # committed: read before it, twelve parallel bookings all saw "one so far".
            submissions.lock_people(
                scope=f"booking-{office.pk}",
                keys=submissions.identities(email=email, phone=phone),
            )
            open_count = selectors.open_bookings_of_contact(
                office=office, email=email, phone_digits=phone_digits, now=now
            )
            if open_count >= rules.max_open_per_contact:
                raise BookingLimitReached(rules.max_open_per_contact)
            if held is not None and held.starts_at.astimezone(UTC) != start.astimezone(UTC):
                held.delete()  # the resident picked another time: free the held one
                held = None
        key, secret = private_links.new_key_and_secret()
        booking = Booking(
            office=office,
            appointment_type=appointment_type,
            starts_at=start,
            ends_at=start + appointment_type.duration,
            channel=channel,
            name=name.strip(),
            phone=phone,
            phone_digits=phone_digits,
            email=email,
            topic=topic.strip(),
            language=language,
            consent_given_at=now,
            created_by=created_by,
            link_key=key,
            link_secret=secret,
        )
        booking.full_clean()
        if held is not None and held.claims.exists():
            booking.save()
            held.claims.update(hold=None, booking=booking)
        else:
            seats = _seats_needed(
                appointment_type=appointment_type, start=start, online=online, now=now
            )
            booking.save()
            _take_seats(seats, now=now, booking=booking)
        if held is not None:
            held.booking = booking
            held.expires_at = min(held.expires_at, now)
            held.save(update_fields=["booking", "expires_at"])
        queue_booking_email(booking, "confirmation", with_calendar=True)
        return booking

    return _retrying(attempt)


def _booked_from(hold: BookingHold) -> Booking | None:
    booking_id = BookingHold.objects.filter(pk=hold.pk).values_list("booking_id", flat=True).first()
    if booking_id is None:
        return None
    return Booking.objects.select_related("appointment_type", "office").get(pk=booking_id)


def _locked(booking: Booking) -> Booking:
    current = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("appointment_type", "office", "office__booking_rules")
        .get(pk=booking.pk)
    )
    current.appointment_type.office = current.office  # the same row, already fetched
    return current


def booking_move(
    *, booking: Booking, start: datetime, by_staff: bool = False, now: datetime | None = None
) -> Booking:
    """The resident (through the private link) or staff (`by_staff`, for someone who called)
    move the appointment to another free time of the same type (SlotTaken if it is not free;
    the old time stays booked then). The resident gets a notice with the new .ics."""
    now = now or clock.now()

    def attempt() -> Booking:
        current = _locked(booking)
        if not current.is_open or current.starts_at <= now:
            raise BookingNotChangeable
        if current.starts_at == start:
            return current  # a second click: already moved there
        appointment_type = current.appointment_type
        current.claims.all().delete()  # its own seats must not stand in its way
        # Through the private link: the resident's rules, however it was booked; staff pick
        # from the times they may give a caller (no notice, no share kept for walk-ins).
        seats = _seats_needed(
            appointment_type=appointment_type, start=start, online=not by_staff, now=now
        )
        current.starts_at = start
        current.ends_at = start + appointment_type.duration
        current.sequence += 1
        current.reminder_sent_at = None
        current.moved_at = now
        current.full_clean()
        current.save()
        _take_seats(seats, now=now, booking=current)
        queue_booking_email(current, "moved", with_calendar=True)
        return current

    return _retrying(attempt)


@transaction.atomic
def booking_cancel(
    *,
    booking: Booking,
    reason: str = "",
    by: AbstractBaseUser | None = None,
    notify: bool = True,
    now: datetime | None = None,
) -> Booking:
    """Cancel a booking: by the resident through their link (`by=None`, until it starts) or by
    staff with a reason the resident is told. The time is free again at once."""
    now = now or clock.now()
    current = _locked(booking)
    if not booking_can_transition(current.status, BookingStatus.CANCELLED):
        raise BookingNotChangeable
    if by is None and current.starts_at <= now:
        raise BookingNotChangeable
    current.status = BookingStatus.CANCELLED
    current.cancelled_at = now
    current.cancel_reason = reason.strip()
    current.cancelled_by = by
    current.status_changed_at = now
    current.status_changed_by = by
    current.sequence += 1
    current.full_clean()
    current.save()
    current.claims.all().delete()
    if notify:
        kind = "cancelled_by_office" if by is not None else "cancelled"
        queue_booking_email(current, kind, with_calendar=True)
    return current


@transaction.atomic
def booking_set_status(
    *,
    booking: Booking,
    status: BookingStatus,
    by: AbstractBaseUser | None,
    now: datetime | None = None,
) -> Booking:
    """Staff mark "erschienen" or "nicht erschienen" (from the day of the appointment on)."""
    now = now or clock.now()
    current = _locked(booking)
    if status == BookingStatus.CANCELLED or not booking_can_transition(current.status, status):
        raise BookingNotChangeable
    if clock.local_date(current.starts_at) > clock.local_date(now):
        raise BookingNotChangeable
    current.status = status
    current.status_changed_at = now
    current.status_changed_by = by
    current.save(update_fields=["status", "status_changed_at", "status_changed_by"])
    return current


def bookings_cancel_for_closure(
    *,
    closure: Closure,
    bookings: list[Booking],
    by: AbstractBaseUser,
    now: datetime | None = None,
) -> int:
    """Cancel the chosen appointments that a closure falls on, each resident told why."""
    cancelled = 0
    for booking in bookings:
        try:
            booking_cancel(booking=booking, reason=closure.reason, by=by, now=now)
        except BookingNotChangeable:
            continue  # cancelled or marked meanwhile
        cancelled += 1
    return cancelled


def bookings_send_reminders(*, now: datetime) -> int:
    """Email residents whose appointment is tomorrow (or later today) a reminder, once. Run
    by the schedule (tasks.remind_bookings); safe to run often and in parallel. Appointments
    booked less than a day ahead are not reminded: the confirmation was just sent."""
    tomorrow_ends = at(clock.local_date(now) + timedelta(days=2), time(0))
    due = (
        Booking.objects.open()
        .filter(
            starts_at__gt=now,
            starts_at__lt=tomorrow_ends,
            reminder_sent_at__isnull=True,
            created_at__lte=now - timedelta(days=1),
        )
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            # Only the run that flips reminder_sent_at sends: never two reminders.
            if not Booking.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            ):
                continue
            booking = Booking.objects.select_related("appointment_type", "office").get(pk=pk)
            queue_booking_email(booking, "reminder", with_calendar=False)
            sent += 1
    return sent


def booking_retention_days() -> int:
    """Bookings are deleted this many days after the appointment (Datenschutzerklärung)."""
    return settings.BOOKING_RETENTION_DAYS


@transaction.atomic
def bookings_delete_expired(*, now: datetime | None = None) -> int:
    """Delete bookings booking_retention_days() after their appointment; returns how many."""
    now = now or clock.now()
    cutoff = now - timedelta(days=booking_retention_days())
    _total, per_model = Booking.objects.ended_before(cutoff).delete()
    return per_model.get(Booking._meta.label, 0)


@transaction.atomic
def booking_holds_delete_expired(*, now: datetime | None = None) -> int:
    """Holds keep a time for minutes; their rows (no personal data) go after a day."""
    now = now or clock.now()
    expired = BookingHold.objects.filter(expires_at__lt=now - timedelta(days=1))
    _total, per_model = expired.delete()
    return per_model.get(BookingHold._meta.label, 0)
