"""Reads of online booking.

Free times are computed in slots.py from one query each for the appointment types, the weekly
times (consultation hours and/or appointment hours), the closures and the seats taken in the
window: the same number of queries for 10 or 10,000 bookings."""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404

from consultations.booking.enums import BookableTimes, BookingStatus
from consultations.booking.models import (
    AppointmentHours,
    AppointmentType,
    Booking,
    BookingHold,
    SlotClaim,
    booking_rules_of,
)
from consultations.booking.slots import (
    FreeDay,
    FreeTime,
    Occupancy,
    SlotRules,
    day_cell,
    free_days,
)
from consultations.models import Closure, ConsultationHours
from consultations.public_holidays import holidays_between
from consultations.schedule import DayHours, OfficeSchedule, at
from offices.models import Office
from offices.selectors import attach_translation, with_translation
from quartier.core import clock, private_links

# How far ahead staff may enter an appointment for a caller or walk-in.
STAFF_HORIZON_DAYS = 90


def slot_rules(appointment_type: AppointmentType) -> SlotRules:
    rules = booking_rules_of(appointment_type.office)
    return SlotRules(
        duration=appointment_type.duration,
        capacity=appointment_type.capacity,
        buffer=rules.buffer,
        office_limit=rules.parallel_limit,
        min_notice=rules.min_notice,
        window_days=rules.window_days,
        walk_in_share=rules.walk_in_share,
    )


def type_resource(appointment_type_id: int) -> str:
    return f"type-{appointment_type_id}"


def office_resource(office_id: int) -> str:
    return f"office-{office_id}"


def online_resource(appointment_type_id: int) -> str:
    return f"online-{appointment_type_id}"


def booking_schedules(
    *, offices: Sequence[Office], start: date, end: date
) -> dict[int, OfficeSchedule]:
    """Each office's bookable weekly times (its consultation hours or its own appointment
    times, as its rules say) with holidays and closures: OfficeSchedule applies them exactly
    as on the hours page."""
    offices = list({office.pk: office for office in offices}.values())
    by_hours = [
        o.pk
        for o in offices
        if booking_rules_of(o).bookable_times == BookableTimes.CONSULTATION_HOURS
    ]
    by_appointment = [o.pk for o in offices if o.pk not in by_hours]
    current = Q(valid_until__isnull=True) | Q(valid_until__gte=start)
    slots_by_office = defaultdict(list)
    for model, ids in ((ConsultationHours, by_hours), (AppointmentHours, by_appointment)):
        if ids:  # an office's times come from one table only
            for slot in model.objects.filter(current, office_id__in=ids):
                slots_by_office[slot.office_id].append(slot)
    closures = list(Closure.objects.for_offices([o.pk for o in offices]).between(start, end))
    holidays = holidays_between(start, end)
    return {
        office.pk: OfficeSchedule(
            office=office,
            slots=slots_by_office[office.pk],
            closures=[c for c in closures if c.office_id in (None, office.pk)],
            holidays=holidays,
        )
        for office in offices
    }


def occupancies(
    *,
    appointment_types: Sequence[AppointmentType],
    start: date,
    end: date,
    now: datetime,
    exclude_booking: Booking | None = None,
) -> dict[int, Occupancy]:
    """Seats taken from `start` to `end` (days, inclusive) for each type: by bookings and by
    holds that have not expired. One query for all types."""
    resources = {office_resource(t.office_id) for t in appointment_types}
    for appointment_type in appointment_types:
        resources |= {type_resource(appointment_type.pk), online_resource(appointment_type.pk)}
    claims = SlotClaim.objects.filter(
        Q(hold__isnull=True) | Q(hold__expires_at__gt=now),
        resource__in=resources,
        cell__gte=day_cell(start),
        # Buffers reach past the last day's end; a day is at most 25 hours long.
        cell__lt=day_cell(end + timedelta(days=2)),
    )
    if exclude_booking is not None:
        claims = claims.exclude(booking_id=exclude_booking.pk)
    counts: dict[str, Counter] = defaultdict(Counter)
    for resource, cell in claims.values_list("resource", "cell"):
        counts[resource][cell] += 1
    return {
        t.pk: Occupancy(
            type_cells=counts[type_resource(t.pk)],
            office_cells=counts[office_resource(t.office_id)],
            online_days=counts[online_resource(t.pk)],
        )
        for t in appointment_types
    }


def free_times_of(
    *,
    appointment_types: Sequence[AppointmentType],
    now: datetime,
    online: bool = True,
    exclude_booking: Booking | None = None,
    only_day: date | None = None,
) -> dict[int, list[FreeDay]]:
    """Free times of each type: for residents (online) within the booking window after the
    minimum notice, for staff from now up to STAFF_HORIZON_DAYS. `only_day` limits it to one
    day (checking a chosen time)."""
    appointment_types = list(appointment_types)
    if not appointment_types:
        return {}
    now = clock.local(now)
    today = now.date()
    if only_day is not None:
        start = end = only_day
    else:
        longest = max(slot_rules(t).window_days for t in appointment_types)
        start, end = today, today + timedelta(days=longest if online else STAFF_HORIZON_DAYS)
    schedules = booking_schedules(
        offices=[t.office for t in appointment_types], start=start, end=end
    )
    taken = occupancies(
        appointment_types=appointment_types,
        start=start,
        end=end,
        now=now,
        exclude_booking=exclude_booking,
    )
    return {
        t.pk: free_days(
            days=schedules[t.office_id].days(start, end),
            rules=slot_rules(t),
            occupancy=taken[t.pk],
            now=now,
            online=online,
            horizon_days=STAFF_HORIZON_DAYS,
        )
        for t in appointment_types
    }


def _bookable_types() -> QuerySet[AppointmentType]:
    """Active types with their texts in the page's language (joined, no extra query)."""
    return with_translation(
        AppointmentType.objects.active().select_related("office", "office__booking_rules")
    )


@dataclass(frozen=True)
class TypeOffer:
    appointment_type: AppointmentType
    days: list[FreeDay]

    @property
    def next_time(self) -> FreeTime | None:
        return self.days[0].times[0] if self.days else None


@dataclass(frozen=True)
class OfficeOffer:
    office: Office
    types: list[TypeOffer]

    @property
    def next_time(self) -> FreeTime | None:
        times = [offer.next_time for offer in self.types if offer.next_time]
        return min(times, key=lambda t: t.start) if times else None


def booking_offices(*, offices: Sequence[Office], now: datetime | None = None) -> list[OfficeOffer]:
    """Every office that sees people by appointment, with its bookable types and their next
    free times (the first step of booking)."""
    now = now or clock.now()
    offices = [office for office in offices if office.by_appointment]
    types = list(_bookable_types().filter(office__in=offices))
    free = free_times_of(appointment_types=types, now=now)
    return [
        OfficeOffer(
            office,
            [TypeOffer(t, free[t.pk]) for t in types if t.office_id == office.pk],
        )
        for office in offices
    ]


def booking_office(*, office: Office, now: datetime | None = None) -> OfficeOffer:
    """One office's bookable types with their free times."""
    now = now or clock.now()
    types = list(_bookable_types().filter(office=office))
    free = free_times_of(appointment_types=types, now=now)
    return OfficeOffer(office, [TypeOffer(t, free[t.pk]) for t in types])


def bookable_type_get(*, office_slug: str, type_id: int) -> AppointmentType:
    """An active appointment type of an office that sees people by appointment, or 404."""
    return get_object_or_404(
        _bookable_types().filter(office__by_appointment=True),
        pk=type_id,
        office__slug=office_slug,
    )


def type_offer(
    *,
    appointment_type: AppointmentType,
    now: datetime | None = None,
    online: bool = True,
    exclude_booking: Booking | None = None,
) -> TypeOffer:
    now = now or clock.now()
    free = free_times_of(
        appointment_types=[appointment_type],
        now=now,
        online=online,
        exclude_booking=exclude_booking,
    )
    return TypeOffer(appointment_type, free[appointment_type.pk])


def booking_hold_get(*, token: str) -> BookingHold:
    hold = get_object_or_404(
        BookingHold.objects.select_related(
            "appointment_type__office", "appointment_type__office__booking_rules", "booking"
        ),
        token=token,
    )
    attach_translation(hold.appointment_type)
    return hold


def booking_by_token(*, token: str) -> Booking:
    """The booking behind a private link, or 404 (also for a wrong secret)."""
    booking = private_links.row_by_token(
        Booking.objects.select_related("appointment_type", "office", "office__booking_rules"),
        token=token,
        fields=("link_key", "link_secret"),
    )
    booking.appointment_type.office = booking.office  # the same row, already fetched
    attach_translation(booking.appointment_type)
    return booking


def open_bookings_of_contact(
    *, office: Office, email: str, phone_digits: str, now: datetime
) -> int:
    """Coming appointments at this office booked with this email address or phone number."""
    contact = Q(pk__in=[])
    if email:
        contact |= Q(email__iexact=email)
    if phone_digits:
        contact |= Q(phone_digits=phone_digits)
    return Booking.objects.open().filter(contact, office=office, starts_at__gt=now).count()


# Staff side


@dataclass(frozen=True)
class PlanDay:
    day: date
    hours: DayHours
    bookings: list[Booking]


def _within(hours: DayHours, booking: Booking) -> bool:
    for interval in hours.intervals:
        opens = at(hours.day, interval.start)
        closes = at(hours.day, interval.end)
        if opens <= booking.starts_at and booking.ends_at <= closes:
            return True
    return False


def booking_plan(*, office: Office, start: date, end: date) -> list[PlanDay]:
    """The office's days from `start` to `end` with their bookable hours and every booking
    (cancelled ones too, marked). A booking outside the day's hours (a closure entered after
    it was booked) gets `outside_hours = True`."""
    schedule = booking_schedules(offices=[office], start=start, end=end)[office.pk]
    bookings = list(
        Booking.objects.filter(
            office=office,
            starts_at__gte=at(start, time(0)),
            starts_at__lt=at(end + timedelta(days=1), time(0)),
        ).select_related("appointment_type")
    )
    by_day = defaultdict(list)
    for booking in bookings:
        by_day[clock.local_date(booking.starts_at)].append(booking)
    days = []
    for hours in schedule.days(start, end):
        for booking in by_day[hours.day]:
            booking.outside_hours = booking.is_open and not _within(hours, booking)
        if hours.regular or hours.is_open or by_day[hours.day]:
            days.append(PlanDay(hours.day, hours, by_day[hours.day]))
    return days


def bookings_affected_by_closure(*, closure: Closure, now: datetime | None = None) -> list[Booking]:
    """Coming, still booked appointments that fall (partly) into a closure."""
    if closure.is_special_opening:
        return []
    now = now or clock.now()
    bookings = Booking.objects.open().filter(
        starts_at__gte=max(now, at(closure.start_date, time(0))),
        starts_at__lt=at(closure.end_date + timedelta(days=1), time(0)),
    )
    if closure.office_id is not None:
        bookings = bookings.filter(office_id=closure.office_id)
    affected = []
    for booking in bookings.select_related("appointment_type", "office"):
        if closure.is_all_day:
            affected.append(booking)
            continue
        day = clock.local_date(booking.starts_at)
        if (
            booking.starts_at < at(day, closure.end_time)
            and at(day, closure.start_time) < booking.ends_at
        ):
            affected.append(booking)
    return affected


def bookings_orphaned_by(
    *,
    office: Office,
    bookable_times: str,
    appointment_hours: Sequence[AppointmentHours],
    now: datetime | None = None,
) -> list[Booking]:
    """Coming, still booked appointments of `office` that lie in its bookable times today and
    would lie outside if the office booked by `bookable_times` with `appointment_hours` (a
    changed rule or changed Terminzeiten, before they are saved). A few queries, whatever the
    number of bookings."""
    now = now or clock.now()
    # The saved office: an unsaved rule assigned to `office` sits in its reverse cache and
    # would pass for today's rule.
    office = Office.objects.select_related("booking_rules").get(pk=office.pk)
    bookings = list(
        Booking.objects.open()
        .filter(office=office, starts_at__gte=now)
        .select_related("appointment_type", "office")
        .order_by("starts_at")
    )
    if not bookings:
        return []
    start = clock.local_date(bookings[0].starts_at)
    end = clock.local_date(bookings[-1].starts_at)
    today = booking_schedules(offices=[office], start=start, end=end)[office.pk]
    if bookable_times == BookableTimes.CONSULTATION_HOURS:
        slots = list(ConsultationHours.objects.filter(office=office))
    else:
        slots = list(appointment_hours)
    after = OfficeSchedule(
        office=office, slots=slots, closures=today.closures, holidays=today.holidays
    )
    return [
        booking
        for booking in bookings
        if _within(today.day(clock.local_date(booking.starts_at)), booking)
        and not _within(after.day(clock.local_date(booking.starts_at)), booking)
    ]


@dataclass(frozen=True)
class NoShowMonth:
    month: date
    office: str
    bookings: int
    attended: int
    no_shows: int
    unmarked: int

    @property
    def rate(self) -> float | None:
        """No-shows among the appointments staff marked; None before any is marked."""
        marked = self.attended + self.no_shows
        return self.no_shows / marked if marked else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)


def no_show_statistic(
    *, offices: Sequence[Office], now: datetime | None = None
) -> list[NoShowMonth]:
    """Per month and office, newest first: past appointments (not cancelled), how many came,
    how many did not, how many staff have not marked yet."""
    now = now or clock.now()
    rows = (
        Booking.objects.filter(office__in=offices, starts_at__lt=now)
        .exclude(status=BookingStatus.CANCELLED)
        .annotate(month=TruncMonth("starts_at", tzinfo=clock.BERLIN))
        .values("month", "office__short_name")
        .annotate(
            bookings=Count("pk"),
            attended=Count("pk", filter=Q(status=BookingStatus.ATTENDED)),
            no_shows=Count("pk", filter=Q(status=BookingStatus.NO_SHOW)),
            unmarked=Count("pk", filter=Q(status=BookingStatus.BOOKED)),
        )
        .order_by("-month", "office__short_name")
    )
    return [
        NoShowMonth(
            month=row["month"].date() if isinstance(row["month"], datetime) else row["month"],
            office=row["office__short_name"],
            bookings=row["bookings"],
            attended=row["attended"],
            no_shows=row["no_shows"],
            unmarked=row["unmarked"],
        )
        for row in rows
    ]
