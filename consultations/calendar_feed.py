"""iCalendar (RFC 5545) feed of the consultation hours, importable into phone calendars.

Each weekly slot is one event with `RRULE:FREQ=WEEKLY`. Days that differ from the usual week
(public holidays, closures, special openings) are removed with `EXDATE`, and whatever hours such a
day still has are added as single events. The feed covers holidays and closures for a year;
subscribed calendars fetch it again daily."""

from collections.abc import Callable, Sequence
from datetime import UTC, date, timedelta

import icalendar
from django.utils.translation import gettext as _

from consultations.enums import ICAL_DAYS
from consultations.models import ConsultationHours
from consultations.schedule import OfficeSchedule, at
from offices.models import Office
from quartier.core import clock
from quartier.core.line_breaks import lines, one_line


def _first_occurrence(slot: ConsultationHours, start: date) -> date:
    first = max(start, slot.valid_from or start)
    return first + timedelta(days=(slot.weekday - first.weekday()) % 7)


def _base_event(office: Office, url: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("summary", one_line(_("Sprechzeit: %(office)s") % {"office": office.short_name}))
    location = ", ".join(
        part for part in [office.street, f"{office.postal_code} {office.city}", office.room] if part
    )
    event.add("location", one_line(location))
    event.add("url", url)
    return event


def _description(*parts: str) -> str:
    return "\n".join(lines(line) for line in parts if line)


def _slot_event(
    schedule: OfficeSchedule,
    slot: ConsultationHours,
    *,
    start: date,
    end: date,
    url: str,
    host: str,
) -> icalendar.Event | None:
    first = _first_occurrence(slot, start)
    if slot.valid_until and first > slot.valid_until:
        return None
    office = schedule.office
    event = _base_event(office, url)
    event.add("uid", f"sprechzeit-{slot.pk}@{host}")
    event.add("dtstart", at(first, slot.start))
    event.add("dtend", at(first, slot.end))
    rule = {"freq": "weekly", "byday": ICAL_DAYS[slot.weekday]}
    if slot.valid_until:
        # With a TZID start, UNTIL must be given in UTC (RFC 5545, 3.3.10).
        rule["until"] = at(slot.valid_until, slot.end).astimezone(UTC)
    event.add("rrule", rule)
    last = min(end, slot.valid_until) if slot.valid_until else end
    excluded = []
    day = first
    while day <= last:
        if schedule.day(day).is_changed:
            excluded.append(at(day, slot.start))
        day += timedelta(days=7)
    if excluded:
        event.add("exdate", excluded)
    event.add(
        "description",
        _description(
            slot.note,
            _("Auch nach Terminvereinbarung.") if office.by_appointment else "",
            url,
        ),
    )
    return event


def _changed_day_events(
    schedule: OfficeSchedule, *, start: date, end: date, url: str, host: str
) -> list[icalendar.Event]:
    events = []
    for hours in schedule.days(start, end):
        if not hours.is_changed:
            continue
        for index, interval in enumerate(hours.intervals):
            event = _base_event(schedule.office, url)
            event.add("uid", f"sprechzeit-{schedule.office.pk}-{hours.day:%Y%m%d}-{index}@{host}")
            event.add("dtstart", at(hours.day, interval.start))
            event.add("dtend", at(hours.day, interval.end))
            event.add("description", _description(", ".join(hours.reasons), interval.note, url))
            events.append(event)
    return events


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
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Quartiersbüro Westerfilde-Bodelschwingh//Sprechzeiten//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", one_line(name))
    calendar.add("x-wr-timezone", "Europe/Berlin")
    calendar.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "P1D")
    stamp = clock.now().astimezone(UTC).replace(microsecond=0)
    for schedule in schedules:
        url = office_url(schedule.office)
        events = [
            _slot_event(schedule, slot, start=start, end=end, url=url, host=host)
            for slot in schedule.slots
        ]
        events += _changed_day_events(schedule, start=start, end=end, url=url, host=host)
        for event in events:
            if event is not None:
                event.add("dtstamp", stamp)
                calendar.add_component(event)
    # icalendar does not add the VTIMEZONE that TZID needs on its own; from `start` on keeps it
    # short, the default end (2038) keeps the offsets right for the recurring events.
    calendar.add_missing_timezones(first_date=start - timedelta(days=1))
    return calendar.to_ical()
