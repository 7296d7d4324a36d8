"""Display helpers for consultation hours: German dates and times, and the hours section that the
office page (offices app) includes. A tag rather than view context, so that `offices` does not
import `consultations` (apps depend on offices, never the other way round)."""

from django import template
from django.utils.translation import gettext as _

from consultations import selectors
from consultations.enums import WEEKDAY_ADVERBS, Weekday
from consultations.schedule import ComingChange, Interval
from consultations.structured_data import json_ld, office_structured_data
from quartier.core import clock
from quartier.core.formatting import hhmm, weekday_date

register = template.Library()


@register.filter
def interval_text(interval: Interval) -> str:
    """ "10:00–14:00 Uhr"."""
    return _("%(start)s–%(end)s Uhr") % {"start": hhmm(interval.start), "end": hhmm(interval.end)}


@register.filter
def weekday_adverb(weekday: Weekday) -> str:
    """ "dienstags"."""
    return str(WEEKDAY_ADVERBS[Weekday(weekday)])


@register.filter
def change_dates(change: ComingChange) -> str:
    """ "Freitag, 25. Dezember" or "20. Juli bis 7. August", with times if only some hours."""
    if change.start_date == change.end_date:
        text = weekday_date(change.start_date)
    else:
        text = _("%(first)s bis %(last)s") % {
            "first": weekday_date(change.start_date),
            "last": weekday_date(change.end_date),
        }
    closure = change.closure
    if closure and not closure.is_all_day:
        text = _("%(days)s, %(start)s–%(end)s Uhr") % {
            "days": text,
            "start": hhmm(closure.start_time),
            "end": hhmm(closure.end_time),
        }
    return text


@register.inclusion_tag("consultations/_status.html")
def opening_status(status):
    return {"status": status}


@register.inclusion_tag("consultations/_office_hours_section.html", takes_context=True)
def office_hours_section(context, office):
    """The hours part of an office page, with its schema.org data."""
    request = context["request"]
    now = clock.now()
    hours = selectors.office_hours(office=office, now=now)
    url = request.build_absolute_uri(office.get_absolute_url())
    return {
        "hours": hours,
        "office": office,
        "now": now,
        "structured_data": json_ld(
            office_structured_data(office_hours=hours, url=url, today=now.date())
        ),
    }
