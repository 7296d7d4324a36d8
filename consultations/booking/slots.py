"""Free appointment times, computed in Python from rows fetched once (selectors.py). Pure:
no database, no clock; the caller passes the day's hours, what is taken, and "now".

A time is offered when
1. it lies in the day's bookable hours as schedule.OfficeSchedule computes them (weekly times,
   public holidays, closures, special openings: the same rules as the hours page), and the
   appointment itself ends by the end of that stretch (its buffer may run past it);
2. it is one of the starts laid out from the stretch's beginning every `duration + buffer`,
   on the 5-minute grid;
3. every 5-minute cell from its start to its end plus the buffer has a free seat: fewer claims
   than the type's capacity, and fewer than the office's limit across all types if it has one
   (a claim covers its own buffer, so two appointments are always a buffer apart);
4. for residents booking online only: it starts at least `min_notice` from now, on a day at
   most `window_days` after today, and the type's online bookings that day are below that
   day's online share (the rest of the day's appointments stay for walk-ins and callers).
Staff (online=False) get every time from now on up to their horizon.

Times are computed in UTC and shown in Europe/Berlin: on the days the clocks change an
appointment still lasts as long as it says, and the minimum notice counts real hours.
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from consultations.booking.models import GRID_MINUTES
from consultations.schedule import DayHours, at
from quartier.core import clock

GRID = timedelta(minutes=GRID_MINUTES)
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def grid_floor(moment: datetime) -> datetime:
    """The grid cell a moment lies in (UTC; Berlin is a whole number of hours off UTC)."""
    moment = moment.astimezone(UTC)
    return moment - (moment - _EPOCH) % GRID


def grid_ceil(moment: datetime) -> datetime:
    floor = grid_floor(moment)
    return floor if floor == moment else floor + GRID


def cell_number(moment: datetime) -> int:
    """A grid cell as stored in SlotClaim.cell: the count of 5-minute steps since 2000 (UTC).
    A number, not a timestamp: the seat query reads thousands of them per page."""
    return (grid_floor(moment) - _EPOCH) // GRID


def cell_start(number: int) -> datetime:
    return _EPOCH + number * GRID


def cells_between(start: datetime, end: datetime) -> list[int]:
    """The grid cells from `start` up to (not including) `end`."""
    return list(range(cell_number(start), cell_number(grid_ceil(end))))


def day_cell(day: date) -> int:
    """The one cell that stands for a whole day (the online share of that day)."""
    return cell_number(at(day, time(0)))


def time_value(moment: datetime) -> str:
    """A start as form value and in addresses: UTC, so it is unambiguous on any day."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%MZ")


def parse_time_value(value: str) -> datetime | None:
    try:
        return datetime.strptime(value or "", "%Y%m%dT%H%MZ").replace(tzinfo=UTC)
    except ValueError:
        return None


@dataclass(frozen=True)
class SlotRules:
    """What free-time computation needs from an appointment type and its office's rules."""

    duration: timedelta
    capacity: int = 1
    buffer: timedelta = timedelta(0)
    office_limit: int | None = None
    min_notice: timedelta = timedelta(hours=24)
    window_days: int = 28
    walk_in_share: int = 0  # percent of a day's appointments not bookable online

    @property
    def step(self) -> timedelta:
        return self.duration + self.buffer


@dataclass(frozen=True)
class Occupancy:
    """Seats taken per grid cell (cell_number): of the type, of the office across its types;
    and the type's online bookings per day (keyed by day_cell)."""

    type_cells: Mapping[int, int] = field(default_factory=dict)
    office_cells: Mapping[int, int] = field(default_factory=dict)
    online_days: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class FreeTime:
    start: datetime  # Europe/Berlin
    end: datetime
    seats_left: int

    @property
    def value(self) -> str:
        return time_value(self.start)


@dataclass(frozen=True)
class FreeDay:
    day: date
    times: tuple[FreeTime, ...]


def day_starts(hours: DayHours, rules: SlotRules) -> Iterator[tuple[datetime, datetime]]:
    """Every start (and end) the day's hours allow, taken or not, in UTC."""
    for interval in hours.intervals:
        closes = at(hours.day, interval.end).astimezone(UTC)
        start = grid_ceil(at(hours.day, interval.start))
        while start + rules.duration <= closes:
            yield start, start + rules.duration
            start += rules.step


def online_quota(starts: int, rules: SlotRules) -> int:
    """How many of a day's appointments (starts × parallel seats) residents may book online."""
    return starts * rules.capacity * (100 - rules.walk_in_share) // 100


def _seats_left(start: datetime, end: datetime, rules: SlotRules, occupancy: Occupancy) -> int:
    left = rules.capacity
    for cell in cells_between(start, end + rules.buffer):
        left = min(left, rules.capacity - occupancy.type_cells.get(cell, 0))
        if rules.office_limit is not None:
            left = min(left, rules.office_limit - occupancy.office_cells.get(cell, 0))
        if left <= 0:
            return 0
    return left


def free_days(
    *,
    days: Iterable[DayHours],
    rules: SlotRules,
    occupancy: Occupancy,
    now: datetime,
    online: bool = True,
    horizon_days: int | None = None,
) -> list[FreeDay]:
    """The days with at least one free time, each with its free times in order.

    Online: from now + min_notice to the end of today + window_days. Staff: from now to the
    end of today + horizon_days (default: the same window)."""
    today = clock.local_date(now)
    now = now.astimezone(UTC)  # aware arithmetic in Berlin would add wall-clock hours
    if online:
        earliest = now + rules.min_notice
        last_day = today + timedelta(days=rules.window_days)
    else:
        earliest = now
        last_day = today + timedelta(days=horizon_days or rules.window_days)
    result = []
    for hours in days:
        if hours.day < today or hours.day > last_day:
            continue
        starts = list(day_starts(hours, rules))
        if online and rules.walk_in_share:
            booked_online = occupancy.online_days.get(day_cell(hours.day), 0)
            if booked_online >= online_quota(len(starts), rules):
                continue
        times = []
        for start, end in starts:
            if start < earliest:
                continue
            seats = _seats_left(start, end, rules, occupancy)
            if seats > 0:
                times.append(FreeTime(clock.local(start), clock.local(end), seats))
        if times:
            result.append(FreeDay(hours.day, tuple(times)))
    return result


def find_time(days: Iterable[FreeDay], start: datetime) -> FreeTime | None:
    """The free time that starts at `start`, if it is one."""
    # In UTC: Python never calls two times equal across zones on the night the clocks go back.
    start = start.astimezone(UTC)
    for free_day in days:
        for free_time in free_day.times:
            if free_time.start.astimezone(UTC) == start:
                return free_time
    return None
