"""iCalendar files (RFC 5545) written line by line.

The calendar feeds are rebuilt whenever the page cache turns over; building them as objects
with the icalendar library and serialising those took most of their render time. Only what the
feeds use is here: text values escaped (3.3.11), lines folded at 75 octets (3.1), date-times in
UTC or with a TZID, and the VTIMEZONE those TZIDs need. The output reads back with the
icalendar library (the tests do exactly that)."""

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo

# Where the VTIMEZONE's rules end (as the icalendar library's own default).
TIMEZONE_LAST_DATE = date(2038, 1, 1)
_LIMIT = 75


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, every line break as \\n (a CR or
    LF that reached a title can never start a new property)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, each continuation starting with a
    space; never inside a UTF-8 character and never right after a backslash (some clients
    would read the escape wrongly)."""
    data = line.encode()
    if len(data) < _LIMIT:
        return line
    parts = []
    start = 0
    while len(data) - start >= _LIMIT:
        cut = start + _LIMIT - 1
        while data[cut] & 0xC0 == 0x80:  # inside a character: cut before it
            cut -= 1
        if cut - start > 1 and data[cut - 1] in b"\\^":
            cut -= 1
        parts.append(data[start:cut])
        start = cut
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode()


def utc_value(moment: datetime) -> str:
    """A DATE-TIME in UTC form, to the second: 20261207T102524Z."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def local_value(moment: datetime) -> str:
    """A DATE-TIME as wall-clock time (its zone goes into the TZID parameter)."""
    return moment.strftime("%Y%m%dT%H%M%S")


def _offset(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


class CalendarText:
    """The content lines of one calendar, in the order they are added."""

    def __init__(self) -> None:
        self._lines: list[str] = []

    def begin(self, component: str) -> None:
        self._lines.append(f"BEGIN:{component}")

    def end(self, component: str) -> None:
        self._lines.append(f"END:{component}")

    def value(self, name: str, value: str) -> None:
        """A property whose value is already in iCalendar form (dates, rules, URIs)."""
        self._lines.append(fold(f"{name}:{value}"))

    def text(self, name: str, value: str) -> None:
        self._lines.append(fold(f"{name}:{escape_text(value)}"))

    def local(self, name: str, moments: Iterable[datetime]) -> None:
        """One or more date-times of one zone, with its TZID."""
        moments = list(moments)
        zone = moments[0].tzinfo.key
        values = ",".join(local_value(moment) for moment in moments)
        self._lines.append(fold(f"{name};TZID={zone}:{values}"))

    def timezone(self, zone: tzinfo, *, first_date: date) -> None:
        """The VTIMEZONE of a zone from `first_date` on: each kind of change (from offset, to
        offset, name, standard or daylight) once, with its first start as DTSTART and the
        later ones as RDATE."""
        periods: dict[tuple, list[datetime]] = {}
        previous = None
        for start, offset, name, is_standard in _periods(zone, first_date, TIMEZONE_LAST_DATE):
            periods.setdefault((previous, offset, name, is_standard), []).append(start)
            previous = offset
        self.begin("VTIMEZONE")
        self.value("TZID", zone.key)
        self.text("COMMENT", f"This timezone only works from {first_date} to {TIMEZONE_LAST_DATE}.")
        for (offset_from, offset_to, name, is_standard), starts in periods.items():
            kind = "STANDARD" if is_standard else "DAYLIGHT"
            self.begin(kind)
            self.value("DTSTART", local_value(starts[0]))
            if len(starts) > 1:
                self.value("RDATE", ",".join(local_value(start) for start in starts[1:]))
            self.text("TZNAME", name)
            self.value("TZOFFSETFROM", _offset(offset_to if offset_from is None else offset_from))
            self.value("TZOFFSETTO", _offset(offset_to))
            self.end(kind)
        self.end("VTIMEZONE")

    def add(self, other: "CalendarText") -> None:
        """The lines of another part (events written before the header that depends on them)."""
        self._lines += other._lines

    def to_bytes(self) -> bytes:
        return ("\r\n".join(self._lines) + "\r\n").encode()


def _periods(zone: tzinfo, first: date, last: date):
    """(wall-clock start, offset, name, is standard time) of each stretch of one UTC offset
    from local midnight of `first` until `last`. A week is shorter than any stretch between
    two changes of the clocks; the change itself is found to the second."""
    start = datetime(first.year, first.month, first.day, tzinfo=zone)
    end = datetime(last.year, last.month, last.day, tzinfo=zone)
    week = timedelta(days=7)
    while start < end:
        offset = start.utcoffset()
        yield start.replace(tzinfo=None), offset, start.tzname(), start.dst() == timedelta()
        probe = start
        while probe < end and (probe + week).utcoffset() == offset:
            probe += week
        if probe >= end:
            return
        # The offset changes within (probe, probe + week]: the first second of the new one.
        low, high = 0, int(week.total_seconds())
        while high - low > 1:
            middle = (low + high) // 2
            if (probe + timedelta(seconds=middle)).utcoffset() == offset:
                low = middle
            else:
                high = middle
        start = probe + timedelta(seconds=high)
