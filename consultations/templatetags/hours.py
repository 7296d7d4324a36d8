"""Display helpers for consultation hours: German dates and times, and the hours section that the
office page (offices app) includes. A tag rather than view context, so that `offices` does not
import `consultations` (apps depend on offices, never the other way round)."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from consultations import selectors
from consultations.enums import WEEKDAY_ADVERBS, Weekday
from consultations.schedule import ComingChange, DayHours, Interval
from consultations.structured_data import json_ld, office_structured_data
from quartier.core import clock
from quartier.core.formatting import hhmm, weekday_date

register = template.Library()


@register.filter
def interval_text(interval: Interval) -> str:
    """ "10:00–14:00 Uhr"."""
    return _("%(start)s–%(end)s Uhr") % {"start": hhmm(interval.start), "end": hhmm(interval.end)}


# Where the words of the two-week tables are kept while the tables are rendered.
_WEEK_TABLE_WORDS = "consultations.week_table_words"


def _week_table_words(context) -> dict[str, str]:
    """The words every cell of the two-week tables repeats, translated once per rendering of
    the tables instead of once per cell (with the time pattern already escaped: the times put
    into it are digits)."""
    words = context.render_context.get(_WEEK_TABLE_WORDS)
    if words is None:
        words = {
            "times": conditional_escape(_("%(start)s–%(end)s Uhr")),
            "closed": conditional_escape(_("geschlossen")),
            "holiday": conditional_escape(_("geschlossen (Feiertag)")),
            "none": conditional_escape(_("keine Sprechzeit")),
        }
        context.render_context[_WEEK_TABLE_WORDS] = words
    return words


@register.simple_tag(takes_context=True)
def week_cell(context, office, day_hours: DayHours) -> SafeString:
    """One office's cell of the two-week table (home page and /sprechzeiten/). Written here
    rather than as template tags: with a cell per office and day and a span per opening it is
    the biggest loop of both pages, and each tag in it cost more than the text it writes."""
    words = _week_table_words(context)
    indent = "\n          "
    if day_hours.intervals:
        reasons = day_hours.reasons
        times = "".join(
            '<span class="week-table__time">'
            + words["times"] % {"start": hhmm(interval.start), "end": hhmm(interval.end)}
            + (
                f" ({conditional_escape(interval.note)})"
                if interval.note and interval.note not in reasons
                else ""
            )
            + "</span>"
            for interval in day_hours.intervals
        )
        reason = (
            format_html('<span class="week-table__reason">{}</span>', ", ".join(reasons))
            if day_hours.is_changed and reasons
            else ""
        )
        value = f"{indent}{times}{indent}{reason}"
    elif day_hours.closures:
        value = indent + format_html(
            '<span class="week-table__closed">{}</span> <span class="week-table__reason">{}</span>',
            words["closed"],
            ", ".join(closure.reason for closure in day_hours.closures),
        )
    elif day_hours.holiday and day_hours.regular:
        value = f'{indent}<span class="week-table__closed">{words["holiday"]}</span>'
    else:
        value = (
            f'{indent}<span aria-hidden="true">–</span>'
            f'<span class="visually-hidden">{words["none"]}</span>'
        )
    css = ' class="is-open"' if day_hours.is_open else ""
    label = conditional_escape(office.short_name)
    return mark_safe(  # noqa: S308 - every part above is escaped
        f"<td{css}>\n"
        f'        <span class="week-table__label">{label}:</span>\n'
        f'        <span class="week-table__value">\n        {value}\n        \n        </span>\n'
        "      </td>"
    )


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
