"""Events as iCalendar (RFC 5545), for "In meinen Kalender" and calendar subscriptions."""

from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings

from offices.models import Announcement
from quartier.core import clock
from quartier.core.calendar_text import CalendarText, utc_value
from quartier.core.formatting import hhmm
from quartier.core.line_breaks import lines, one_line

PRODUCT_ID = "-//Quartiersbüro Westerfilde/Bodelschwingh//Aktuelles//DE"
# Stable across host names, so a subscriber's calendar updates events instead of doubling them.
UID_DOMAIN = "westerfilde-bodelschwingh.quartiersbuero"


def events_calendar(
    *,
    announcements: Iterable[Announcement],
    name: str,
    absolute_url: Callable[[str], str],
) -> bytes:
    """A VCALENDAR with one VEVENT per announcement (times in Europe/Berlin, with VTIMEZONE).

    Programme items must be prefetched; `absolute_url` turns a path into a full address."""
    events = CalendarText()
    first_day = None
    for announcement in announcements:
        _event(events, announcement, absolute_url(announcement.get_absolute_url()))
        day = clock.local(announcement.event_start).date()
        first_day = day if first_day is None else min(first_day, day)
    calendar = CalendarText()
    calendar.begin("VCALENDAR")
    calendar.value("VERSION", "2.0")
    calendar.text("PRODID", PRODUCT_ID)
    calendar.value("CALSCALE", "GREGORIAN")
    calendar.value("METHOD", "PUBLISH")
    calendar.text("X-WR-CALNAME", one_line(name))
    calendar.text("X-WR-TIMEZONE", settings.TIME_ZONE)
    if first_day is not None:
        # From the day before the first event on: shorter than from 1970, the same times.
        calendar.timezone(clock.BERLIN, first_date=first_day - timedelta(days=1))
    calendar.add(events)
    calendar.end("VCALENDAR")
    return calendar.to_bytes()


def _event(calendar: CalendarText, announcement: Announcement, url: str) -> None:
    calendar.begin("VEVENT")
    calendar.text("SUMMARY", one_line(announcement.title))
    calendar.local("DTSTART", [clock.local(announcement.event_start)])
    calendar.local("DTEND", [clock.local(announcement.event_end)])
    calendar.value("DTSTAMP", utc_value(announcement.updated_at))
    calendar.text("UID", f"aktuelles-{announcement.pk}@{UID_DOMAIN}")
    # Text typed by staff (or a crafted POST) may hold any line break; each programme item
    # stays one line of the description.
    parts = [lines(announcement.teaser)]
    parts += [f"{hhmm(item.time)} {one_line(item.title)}" for item in announcement.programme.all()]
    parts.append(url)
    calendar.text("DESCRIPTION", "\n".join(parts))
    calendar.value("LAST-MODIFIED", utc_value(announcement.updated_at))
    calendar.text("LOCATION", one_line(announcement.event_place))
    calendar.value("URL", url)
    calendar.end("VEVENT")
