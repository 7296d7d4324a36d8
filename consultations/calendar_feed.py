"""iCalendar (RFC 5545) feed of the consultation hours, importable into phone calendars.

Each weekly slot is one event with `RRULE:FREQ=WEEKLY`. Days that differ from the usual week
(public holidays, closures, special openings) are removed with `EXDATE`, and whatever hours such a
day still has are added as single events. The feed covers holidays and closures for a year;
subscribed calendars fetch it again daily."""

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta

from django.utils.translation import gettext as _

from consultations.enums import ICAL_DAYS
from consultations.models import ConsultationHours
from consultations.schedule import OfficeSchedule, at
from offices.models import Office
from quartier.core import clock
from quartier.core.calendar_text import CalendarText, utc_value
from quartier.core.clock import BERLIN
from quartier.core.line_breaks import lines, one_line


def _first_occurrence(slot: ConsultationHours, start: date) -> date:
    first = max(start, slot.valid_from or start)
    return first + timedelta(days=(slot.weekday - first.weekday()) % 7)


def _description(*parts: str) -> str:
    return "\n".join(lines(line) for line in parts if line)


class _OfficeEvents:
    """What every event of one office shares: its name, place and page."""

    def __init__(self, office: Office, *, url: str, host: str, stamp: str) -> None:
        self.office = office
        self.summary = one_line(_("Sprechzeit: %(office)s") % {"office": office.short_name})
        self.location = one_line(
            ", ".join(
                part
                for part in [office.street, f"{office.postal_code} {office.city}", office.room]
                if part
            )
        )
        self.url = url
        self.host = host
        self.stamp = stamp

    def write(
        self,
        calendar: CalendarText,
        *,
        uid: str,
        start: datetime,
        end: datetime,
        description: str,
        rule: str = "",
        excluded: Sequence[datetime] = (),
    ) -> None:
        calendar.begin("VEVENT")
        calendar.text("SUMMARY", self.summary)
        calendar.local("DTSTART", [start])
        calendar.local("DTEND", [end])
        calendar.value("DTSTAMP", self.stamp)
        calendar.text("UID", uid)
        if rule:
            calendar.value("RRULE", rule)
        if excluded:
            calendar.local("EXDATE", excluded)
        calendar.text("DESCRIPTION", description)
        calendar.text("LOCATION", self.location)
        calendar.value("URL", self.url)
        calendar.end("VEVENT")


def _slot_event(
    calendar: CalendarText,
    events: _OfficeEvents,
    schedule: OfficeSchedule,
    slot: ConsultationHours,
    *,
    start: date,
    end: date,
    changed: set[date],
) -> None:
    first = _first_occurrence(slot, start)
    if slot.valid_until and first > slot.valid_until:
        return
    rule = f"FREQ=WEEKLY;BYDAY={ICAL_DAYS[slot.weekday]}"
    if slot.valid_until:
        # With a TZID start, UNTIL must be given in UTC (RFC 5545, 3.3.10).
        until = utc_value(at(slot.valid_until, slot.end))
        rule = f"FREQ=WEEKLY;UNTIL={until};BYDAY={ICAL_DAYS[slot.weekday]}"
    last = min(end, slot.valid_until) if slot.valid_until else end
    excluded = []
    day = first
    while day <= last:
        if day in changed:
            excluded.append(at(day, slot.start))
        day += timedelta(days=7)
    events.write(
        calendar,
        uid=f"sprechzeit-{slot.pk}@{events.host}",
        start=at(first, slot.start),
        end=at(first, slot.end),
        rule=rule,
        excluded=excluded,
        description=_description(
            slot.note,
            _("Auch nach Terminvereinbarung.") if schedule.office.by_appointment else "",
            events.url,
        ),
    )


def _changed_day_events(
    calendar: CalendarText,
    events: _OfficeEvents,
    schedule: OfficeSchedule,
    *,
    changed: set[date],
) -> None:
    for day in sorted(changed):
        hours = schedule.day(day)
        for index, interval in enumerate(hours.intervals):
            events.write(
                calendar,
                uid=f"sprechzeit-{schedule.office.pk}-{day:%Y%m%d}-{index}@{events.host}",
                start=at(day, interval.start),
                end=at(day, interval.end),
                description=_description(", ".join(hours.reasons), interval.note, events.url),
            )


def build_calendar(
    *,
    schedules: Sequence[OfficeSchedule],
    start: date,
    end: date,
    name: str,
    host: str,
    office_url: Callable[[Office], str],
) -> bytes:
    """The feed for the given offices, with holidays and closures from `start` to `end`."""
    calendar = CalendarText()
    calendar.begin("VCALENDAR")
    calendar.value("VERSION", "2.0")
    calendar.text("PRODID", "-//Quartiersbüro Westerfilde-Bodelschwingh//Sprechzeiten//DE")
    calendar.value("CALSCALE", "GREGORIAN")
    calendar.value("METHOD", "PUBLISH")
    calendar.text("X-WR-CALNAME", one_line(name))
    calendar.value("REFRESH-INTERVAL;VALUE=DURATION", "P1D")
    calendar.text("X-PUBLISHED-TTL", "P1D")
    calendar.text("X-WR-TIMEZONE", "Europe/Berlin")
    # From `start` on keeps the VTIMEZONE short; its end (2038) keeps the offsets right for the
    # recurring events.
    calendar.timezone(BERLIN, first_date=start - timedelta(days=1))
    stamp = utc_value(clock.now().astimezone(UTC))
    for schedule in schedules:
        events = _OfficeEvents(
            schedule.office, url=office_url(schedule.office), host=host, stamp=stamp
        )
        changed = schedule.changed_days(start, end)
        for slot in schedule.slots:
            _slot_event(calendar, events, schedule, slot, start=start, end=end, changed=changed)
        _changed_day_events(calendar, events, schedule, changed=changed)
    calendar.end("VCALENDAR")
    return calendar.to_bytes()
