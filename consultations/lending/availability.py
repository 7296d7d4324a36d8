"""When an item can be used, computed in Python from rows fetched once (selectors.py): the
shop front's opening hours (every partner's consultation hours, holidays and closures from
consultations.schedule) decide when the bike is handed over and returned, and when the room
is NOT free (never during consultation hours, never on a holiday or a closure)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from consultations.lending.models import LendingItem
from consultations.schedule import OfficeSchedule, at
from quartier.core import clock

# How far the return day of a bike may lie after its last day of use (a long closure).
RETURN_SEARCH_DAYS = 21


def subtract(spans: Iterable[tuple[time, time]], cut: Iterable[tuple[time, time]]):
    """The parts of `spans` that lie outside every span of `cut`."""
    result = list(spans)
    for cut_start, cut_end in cut:
        kept = []
        for start, end in result:
            if cut_end <= start or cut_start >= end:
                kept.append((start, end))
                continue
            if start < cut_start:
                kept.append((start, cut_start))
            if cut_end < end:
                kept.append((cut_end, end))
        result = kept
    return result


@dataclass
class ShopFront:
    """The opening hours of the shop front (all partners together) and the closures of the
    item's own office."""

    item: LendingItem
    schedules: list[OfficeSchedule]

    @property
    def _own(self) -> OfficeSchedule:
        return next(s for s in self.schedules if s.office.pk == self.item.office_id)

    def open_times(self, day: date) -> list[tuple[time, time]]:
        """When a partner is there to hand something over, merged, in order."""
        spans = sorted(i.times for s in self.schedules for i in s.day(day).intervals)
        merged: list[tuple[time, time]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return merged

    def closed_reason(self, day: date) -> str:
        """Why the item cannot be used on this day at all: a public holiday or an all-day
        closure of its office (or of the whole Quartiersbüro)."""
        hours = self._own.day(day)
        reasons = [] if hours.openings or not hours.holiday else [hours.holiday]
        reasons += [c.reason for c in hours.closures if c.is_all_day]
        return "; ".join(dict.fromkeys(reasons))

    def room_times(self, day: date) -> list[tuple[time, time]]:
        """When the room may be used on this day: its usable times minus every consultation
        hour of the shop front; nothing on a holiday or a closure."""
        if self.closed_reason(day):
            return []
        return subtract([self.item.usable_times(day.weekday())], self.open_times(day))

    def pickup_day(self, first_day: date, *, now: datetime) -> date | None:
        """The last opening day on or before the first day of use whose handover time has not
        ended yet: the bike is picked up then."""
        day = first_day
        while day >= clock.local_date(now):
            times = self.open_times(day)
            if times and at(day, times[-1][1]) > now:
                return day
            day -= timedelta(days=1)
        return None

    def return_day(self, last_day: date) -> date | None:
        """The first opening day after the last day of use: the bike comes back then."""
        for offset in range(1, RETURN_SEARCH_DAYS + 1):
            day = last_day + timedelta(days=offset)
            if self.open_times(day):
                return day
        return None


@dataclass(frozen=True)
class BusySpan:
    start: datetime
    end: datetime


@dataclass
class DayAvailability:
    """One row of the public table: no names, only free and busy times."""

    day: date
    closed_reason: str = ""
    free: list[tuple[time, time]] = field(default_factory=list)
    busy: list[tuple[time, time]] = field(default_factory=list)
    bookable: bool = False

    @property
    def is_free(self) -> bool:
        return self.bookable


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    return at(day, time(0)), at(day + timedelta(days=1), time(0))


def room_day(front: ShopFront, day: date, busy: list[BusySpan], *, now: datetime):
    usable = front.room_times(day)
    day_start, day_end = _day_bounds(day)
    taken = []
    for span in busy:
        if span.start < day_end and span.end > day_start:
            start = max(span.start, day_start)
            end = min(span.end, day_end)
            taken.append((clock.local(start).time(), _end_time(end, day_end)))
    free = subtract(usable, taken)
    if day == clock.local_date(now):
        free = subtract(free, [(time(0), clock.local(now).time().replace(second=0, microsecond=0))])
    return DayAvailability(
        day=day,
        closed_reason=front.closed_reason(day),
        free=[(start, end) for start, end in free if start < end],
        busy=sorted(taken),
        bookable=bool(free),
    )


def _end_time(end: datetime, day_end: datetime) -> time:
    return time(23, 59) if end >= day_end else clock.local(end).time()


def bike_day(front: ShopFront, day: date, busy: list[BusySpan], *, now: datetime):
    day_start, day_end = _day_bounds(day)
    taken = any(span.start < day_end and span.end > day_start for span in busy)
    reason = front.closed_reason(day)
    return DayAvailability(
        day=day,
        closed_reason=reason,
        busy=[(time(0), time(23, 59))] if taken else [],
        bookable=not taken and front.pickup_day(day, now=now) is not None,
    )
