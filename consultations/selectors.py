"""Reads for the consultation hours. Each selector fetches the slots and the closures of all the
offices it is asked about in one query each, then computes in Python (schedule.py): the number
of queries does not grow with the number of offices, slots, closures or days."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property

from django.db.models import Q

from consultations.models import (
    Closure,
    ConsultationHours,
)
from consultations.public_holidays import holidays_between
from consultations.schedule import (
    ComingChange,
    DayHours,
    OfficeSchedule,
    OpeningStatus,
    Timetable,
)
from offices.models import Office
from quartier.core import clock

# How far ahead "next opening" looks (a long summer break must not hide it).
LOOKAHEAD_DAYS = 90
# Closures are announced about four weeks ahead.
NOTICE_DAYS = 28
# Calendar feeds list holidays and closures for a year; subscribed calendars refresh daily.
CALENDAR_DAYS = 366


def schedules_for(*, offices: Sequence[Office], start: date, end: date) -> list[OfficeSchedule]:
    """Slots (valid on or after `start`) and closures (touching `start`–`end`) of the offices."""
    offices = list(offices)
    if not offices:
        return []
    ids = [office.pk for office in offices]
    # Grouped by office below: the order within an office is all that counts, and the
    # model's own order (by office name) would join the offices again.
    slots = (
        ConsultationHours.objects.filter(office_id__in=ids)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
        .order_by("weekday", "start", "pk")
    )
    closures = list(Closure.objects.for_offices(ids).between(start, end))
    slots_by_office = defaultdict(list)
    for slot in slots:
        slots_by_office[slot.office_id].append(slot)
    holidays = holidays_between(start, end)
    return [
        OfficeSchedule(
            office=office,
            slots=slots_by_office[office.pk],
            closures=[c for c in closures if c.office_id in (None, office.pk)],
            holidays=holidays,
        )
        for office in offices
    ]


@dataclass(frozen=True)
class WeekRow:
    day: date
    is_today: bool
    holiday: str
    cells: tuple[tuple[Office, DayHours], ...]


@dataclass(frozen=True)
class Week:
    start: date
    end: date
    is_current: bool
    rows: tuple[WeekRow, ...]


def week_overview(*, schedules: Sequence[OfficeSchedule], today: date) -> list[Week]:
    """This week and next, Monday to Friday, plus a weekend day when some office opens then."""
    monday = today - timedelta(days=today.weekday())
    weeks = []
    for offset in (0, 7):
        start = monday + timedelta(days=offset)
        rows = []
        for day in (start + timedelta(days=n) for n in range(7)):
            cells = tuple((schedule.office, schedule.day(day)) for schedule in schedules)
            if day.weekday() >= 5 and not any(hours.is_open for _office, hours in cells):
                continue
            holiday = next((hours.holiday for _office, hours in cells if hours.holiday), "")
            rows.append(WeekRow(day, day == today, holiday, cells))
        weeks.append(Week(start, start + timedelta(days=6), offset == 0, tuple(rows)))
    return weeks


@dataclass(frozen=True)
class OfficeHours:
    office: Office
    schedule: OfficeSchedule
    status: OpeningStatus
    timetables: list[Timetable]
    coming_changes: list[ComingChange]
    today: date

    @cached_property
    def changed_days(self) -> list[DayHours]:
        """The changed days of the next three months. Only the office page shows them (in its
        schema.org data); the home page and /sprechzeiten/ do not compute them."""
        last = self.today + timedelta(days=LOOKAHEAD_DAYS)
        return [
            self.schedule.day(day) for day in sorted(self.schedule.changed_days(self.today, last))
        ]


def _office_hours(schedule: OfficeSchedule, now: datetime) -> OfficeHours:
    today = now.date()
    return OfficeHours(
        office=schedule.office,
        schedule=schedule,
        status=schedule.status(now, horizon_days=LOOKAHEAD_DAYS),
        timetables=schedule.timetables(today),
        coming_changes=schedule.coming_changes(today, days=NOTICE_DAYS),
        today=today,
    )


def _window(now: datetime) -> tuple[date, date]:
    today = now.date()
    return today - timedelta(days=today.weekday()), today + timedelta(days=LOOKAHEAD_DAYS)


@dataclass(frozen=True)
class HoursOverview:
    offices: list[OfficeHours]
    weeks: list[Week]


def hours_overview(*, offices: Sequence[Office], now: datetime | None = None) -> HoursOverview:
    """Status, hours and closures of every office, and the two-week table (home, /sprechzeiten/)."""
    now = clock.local(now or clock.now())
    start, end = _window(now)
    schedules = schedules_for(offices=offices, start=start, end=end)
    return HoursOverview(
        offices=[_office_hours(schedule, now) for schedule in schedules],
        weeks=week_overview(schedules=schedules, today=now.date()),
    )


def office_hours(*, office: Office, now: datetime | None = None) -> OfficeHours:
    """Status, weekly hours and coming closures of one office (its detail page)."""
    now = clock.local(now or clock.now())
    start, end = _window(now)
    (schedule,) = schedules_for(offices=[office], start=start, end=end)
    return _office_hours(schedule, now)


def calendar_schedules(
    *, offices: Sequence[Office], today: date | None = None
) -> tuple[list[OfficeSchedule], date, date]:
    """Schedules for a calendar feed: from Monday of this week for a year."""
    today = today or clock.today()
    start = today - timedelta(days=today.weekday())
    end = start + timedelta(days=CALENDAR_DAYS)
    return schedules_for(offices=offices, start=start, end=end), start, end
