"""Opening hours of one office, computed in Python from rows fetched once (see selectors.py).

The rules, in the order they apply to a day (like OpenStreetMap's opening_hours, a later rule
overrides an earlier one):
1. the weekly slots valid on that day;
2. a public holiday closes the day, unless a special opening covers it;
3. a closure without times closes the whole day, one with times removes those hours;
4. a special opening with times adds those hours, one without times restores the weekly slots
   (for example on a holiday).
Times are wall-clock times in Europe/Berlin; comparisons with "now" happen in UTC, so the days the
clocks change come out right.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property

from consultations.enums import Weekday
from consultations.models import Closure, ConsultationHours
from offices.models import Office
from quartier.core import clock
from quartier.core.clock import BERLIN


@dataclass(frozen=True)
class Interval:
    start: time
    end: time
    note: str = ""

    @property
    def times(self) -> tuple[time, time]:
        return (self.start, self.end)


def at(day: date, moment: time) -> datetime:
    """Wall-clock time on a day in Berlin as an aware datetime (the offset of that very day)."""
    return datetime.combine(day, moment, tzinfo=BERLIN)


def _subtract(intervals: Iterable[Interval], start: time, end: time) -> list[Interval]:
    remaining = []
    for interval in intervals:
        if interval.end <= start or interval.start >= end:
            remaining.append(interval)
            continue
        if interval.start < start:
            remaining.append(Interval(interval.start, start, interval.note))
        if interval.end > end:
            remaining.append(Interval(end, interval.end, interval.note))
    return remaining


def _union(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, with overlapping intervals merged (touching ones stay apart: two slots)."""
    merged: list[Interval] = []
    for interval in sorted(intervals, key=lambda i: i.times):
        if merged and interval.start < merged[-1].end:
            last = merged[-1]
            notes = [n for n in dict.fromkeys([last.note, interval.note]) if n]
            merged[-1] = Interval(last.start, max(last.end, interval.end), "; ".join(notes))
        else:
            merged.append(interval)
    return merged


@dataclass(frozen=True)
class DayHours:
    """What one office does on one day, and why it differs from the usual week."""

    day: date
    intervals: tuple[Interval, ...]
    regular: tuple[Interval, ...]
    holiday: str = ""
    closures: tuple[Closure, ...] = ()
    openings: tuple[Closure, ...] = ()

    @property
    def is_open(self) -> bool:
        return bool(self.intervals)

    @cached_property
    def is_changed(self) -> bool:
        """True when the hours differ from the weekly slots (holiday, closure, special opening)."""
        return [i.times for i in self.intervals] != [i.times for i in self.regular]

    @property
    def reasons(self) -> list[str]:
        """Why the day is different, for residents: holiday name, closure reasons."""
        reasons = [] if self.openings or not self.holiday else [self.holiday]
        reasons += [c.reason for c in self.closures]
        reasons += [c.reason for c in self.openings]
        return list(dict.fromkeys(reasons))

    @property
    def closed_reasons(self) -> list[str]:
        """Why hours are missing: the holiday (unless opened specially) and the closures."""
        reasons = [] if self.openings or not self.holiday else [self.holiday]
        return list(dict.fromkeys(reasons + [c.reason for c in self.closures]))


@dataclass(frozen=True)
class OpeningStatus:
    """Open now and until when, or closed and when next."""

    is_open: bool
    until: datetime | None = None
    next_start: datetime | None = None
    today_reasons: tuple[str, ...] = ()
    today: date | None = None

    @property
    def next_is_today(self) -> bool:
        return self.next_start is not None and self.next_start.date() == self.today

    @property
    def next_is_tomorrow(self) -> bool:
        return self.next_start is not None and self.next_start.date() == self.today + timedelta(1)


@dataclass(frozen=True)
class WeekdayHours:
    """All slots of one weekday, for "dienstags 10:00–14:00 Uhr"."""

    weekday: Weekday
    slots: tuple[ConsultationHours, ...]


@dataclass(frozen=True)
class Timetable:
    """Weekly hours valid from a day on (None: valid now)."""

    valid_from: date | None
    days: tuple[WeekdayHours, ...]


@dataclass(frozen=True)
class ComingChange:
    """A closure, special opening or holiday residents should know about in advance."""

    start_date: date
    end_date: date
    reason: str
    is_holiday: bool = False
    closure: Closure | None = None

    @property
    def is_special_opening(self) -> bool:
        return self.closure is not None and self.closure.is_special_opening


@dataclass
class OfficeSchedule:
    """The slots and closures of one office (closures include those of the whole Quartiersbüro),
    plus the public holidays of the fetched window."""

    office: Office
    slots: list[ConsultationHours]
    closures: list[Closure]
    holidays: dict[date, str] = field(default_factory=dict)

    def __post_init__(self):
        self._slots_by_weekday: dict[int, list[ConsultationHours]] = defaultdict(list)
        for slot in self.slots:
            self._slots_by_weekday[slot.weekday].append(slot)
        # status(), the week table and the list of changed days ask for the same days.
        self._days: dict[date, DayHours] = {}
        # A calendar feed asks for a year of days: most have no closure and the same slots as
        # the same weekday of any other week, so both are looked up instead of searched.
        self._regular_by_weekday = {
            weekday: _union(Interval(s.start, s.end, s.note) for s in slots)
            for weekday, slots in self._slots_by_weekday.items()
            if all(s.valid_from is None and s.valid_until is None for s in slots)
        }
        self._closures_on: dict[date, list[Closure]] | None = defaultdict(list)
        for closure in self.closures:
            length = (closure.end_date - closure.start_date).days
            if length > 366:  # a very long closure is searched like before instead
                self._closures_on = None
                break
            for offset in range(length + 1):
                self._closures_on[closure.start_date + timedelta(days=offset)].append(closure)

    def regular_on(self, day: date) -> list[Interval]:
        weekday = day.weekday()
        if weekday in self._regular_by_weekday:
            return list(self._regular_by_weekday[weekday])
        return _union(
            Interval(s.start, s.end, s.note)
            for s in self._slots_by_weekday[weekday]
            if s.is_valid_on(day)
        )

    def day(self, day: date) -> DayHours:
        if day not in self._days:
            self._days[day] = self._compute_day(day)
        return self._days[day]

    def _compute_day(self, day: date) -> DayHours:
        if self._closures_on is None:
            covering = [c for c in self.closures if c.covers(day)]
        else:
            covering = self._closures_on.get(day, [])
        holiday = self.holidays.get(day, "")
        regular = self.regular_on(day)
        if not covering and not holiday:
            return DayHours(day=day, intervals=tuple(regular), regular=tuple(regular))
        shut = tuple(c for c in covering if not c.is_special_opening)
        openings = tuple(c for c in covering if c.is_special_opening)

        intervals = [] if holiday and not openings else list(regular)
        for closure in shut:
            if closure.is_all_day:
                intervals = []
            else:
                intervals = _subtract(intervals, closure.start_time, closure.end_time)
        for opening in openings:
            if opening.is_all_day:
                intervals += regular
            else:
                intervals.append(Interval(opening.start_time, opening.end_time, opening.reason))
        return DayHours(
            day=day,
            intervals=tuple(_union(intervals)),
            regular=tuple(regular),
            holiday=holiday,
            closures=shut,
            openings=openings,
        )

    def days(self, start: date, end: date) -> Iterator[DayHours]:
        day = start
        while day <= end:
            yield self.day(day)
            day += timedelta(days=1)

    def changed_days(self, start: date, end: date) -> set[date]:
        """The days from `start` to `end` whose hours differ from the weekly slots."""
        if self._closures_on is None:
            return {hours.day for hours in self.days(start, end) if hours.is_changed}
        # Only a holiday or a closure changes a day.
        candidates = self.holidays.keys() | self._closures_on.keys()
        return {day for day in candidates if start <= day <= end and self.day(day).is_changed}

    def status(self, now: datetime, *, horizon_days: int) -> OpeningStatus:
        """Open now (until when, across touching slots) or the next opening within the horizon."""
        today = clock.local_date(now)
        now_utc = now.astimezone(UTC)
        today_hours = self.day(today)
        reasons = tuple(today_hours.closed_reasons) if today_hours.is_changed else ()
        open_since = None
        for hours in self.days(today, today + timedelta(days=horizon_days)):
            for interval in hours.intervals:
                start = at(hours.day, interval.start).astimezone(UTC)
                end = at(hours.day, interval.end).astimezone(UTC)
                if open_since is not None:
                    if start > open_since:  # a gap: the current opening ended there
                        return OpeningStatus(True, until=clock.local(open_since), today=today)
                    open_since = max(open_since, end)
                elif start <= now_utc < end:
                    open_since = end
                elif start > now_utc:
                    return OpeningStatus(
                        False,
                        next_start=clock.local(start),
                        today_reasons=reasons,
                        today=today,
                    )
        if open_since is not None:
            return OpeningStatus(True, until=clock.local(open_since), today=today)
        return OpeningStatus(False, today_reasons=reasons, today=today)

    def timetables(self, today: date) -> list[Timetable]:
        """The weekly hours valid today, then any new timetable staff entered ahead."""
        starts = sorted({s.valid_from for s in self.slots if s.valid_from and s.valid_from > today})
        tables = []
        for valid_from in [None, *starts]:
            day = valid_from or today
            slots = [s for s in self.slots if s.is_valid_on(day)]
            by_day: dict[int, list[ConsultationHours]] = defaultdict(list)
            for slot in sorted(slots, key=lambda s: (s.weekday, s.start)):
                by_day[slot.weekday].append(slot)
            days = tuple(WeekdayHours(Weekday(w), tuple(s)) for w, s in sorted(by_day.items()))
            if days or valid_from is None:
                tables.append(Timetable(valid_from, days))
        return tables

    def coming_changes(self, today: date, *, days: int) -> list[ComingChange]:
        """Closures and special openings of the coming days, and holidays that fall on a day
        with consultation hours."""
        last = today + timedelta(days=days)
        changes = [
            ComingChange(c.start_date, c.end_date, c.reason, closure=c)
            for c in self.closures
            if c.start_date <= last and c.end_date >= today
        ]
        for day, name in self.holidays.items():
            if today <= day <= last and self.regular_on(day):
                if not any(c.is_special_opening and c.covers(day) for c in self.closures):
                    changes.append(ComingChange(day, day, name, is_holiday=True))
        return sorted(changes, key=lambda c: (c.start_date, c.end_date, c.reason))
