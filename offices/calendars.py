"""Events as iCalendar (RFC 5545), for "In meinen Kalender" and calendar subscriptions."""

from collections.abc import Callable, Iterable

from django.conf import settings
from icalendar import Calendar, Event

from offices.models import Announcement
from quartier.core import clock
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
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", one_line(name))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for announcement in announcements:
        calendar.add_component(_event(announcement, absolute_url(announcement.get_absolute_url())))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(announcement: Announcement, url: str) -> Event:
    event = Event()
    event.add("uid", f"aktuelles-{announcement.pk}@{UID_DOMAIN}")
    event.add("dtstamp", announcement.updated_at)
    event.add("last-modified", announcement.updated_at)
    event.add("dtstart", clock.local(announcement.event_start))
    event.add("dtend", clock.local(announcement.event_end))
    event.add("summary", one_line(announcement.title))
    event.add("location", one_line(announcement.event_place))
    event.add("url", url)
    # Text typed by staff (or a crafted POST) may hold any line break; each programme item
    # stays one line of the description.
    parts = [lines(announcement.teaser)]
    parts += [f"{hhmm(item.time)} {one_line(item.title)}" for item in announcement.programme.all()]
    parts.append(url)
    event.add("description", "\n".join(parts))
    return event
