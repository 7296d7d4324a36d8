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
from quartier.core.formatting import full_date, hhmm, weekday_date

register = template.Library()


@register.filter
def interval_text(interval: Interval) -> str:
    """ "10:00–14:00 Uhr"."""
    return _("%(start)s–%(end)s Uhr") % {"start": hhmm(interval.start), "end": hhmm(interval.end)}


def _words_of_this_rendering(context, name: str, translate) -> dict[str, str]:
    """Words a loop of the hours pages repeats in every item, translated once per rendering of
    its template instead of once per item."""
    key = f"consultations.words.{name}"
    words = context.render_context.get(key)
    if words is None:
        words = context.render_context[key] = translate()
    return words


def _week_table_words() -> dict[str, str]:
    # The time pattern is escaped here already: the times put into it are digits. The day's
    # words stand as the template's translate tags wrote them.
    return {
        "times": conditional_escape(_("%(start)s–%(end)s Uhr")),
        "closed": conditional_escape(_("geschlossen")),
        "holiday": conditional_escape(_("geschlossen (Feiertag)")),
        "none": conditional_escape(_("keine Sprechzeit")),
        "today": _("heute"),
        "holiday_name": _("Feiertag: %(name)s"),
    }


@register.simple_tag(takes_context=True)
def week_row(context, row: selectors.WeekRow) -> SafeString:
    """One day of the two-week table: the day, "heute", the holiday, and each office's cell.
    One tag per row instead of a template loop over the offices (20 rows, 60 cells)."""
    words = _words_of_this_rendering(context, "week_table", _week_table_words)
    today = ' class="is-today"' if row.is_today else ""
    current = ' aria-current="date"' if row.is_today else ""
    badge = f' <span class="today-badge">{words["today"]}</span>' if row.is_today else ""
    holiday = (
        '<span class="week-table__holiday">'
        + words["holiday_name"] % {"name": conditional_escape(row.holiday)}
        + "</span>"
        if row.holiday
        else ""
    )
    cells = "".join(
        f"\n      {week_cell(context, office, day_hours)}\n      "
        for office, day_hours in row.cells
    )
    return mark_safe(  # noqa: S308 - the day and the holiday's name escaped, cells escaped
        f"<tr{today}>\n"
        f'      <th scope="row"{current}>\n'
        f"        {conditional_escape(weekday_date(row.day))}{badge}\n"
        f"        {holiday}\n"
        f"      </th>\n"
        f"      {cells}\n"
        "    </tr>"
    )


@register.simple_tag(takes_context=True)
def week_cell(context, office, day_hours: DayHours) -> SafeString:
    """One office's cell of the two-week table (home page and /sprechzeiten/). Written here
    rather than as template tags: with a cell per office and day and a span per opening it is
    the biggest loop of both pages, and each tag in it cost more than the text it writes."""
    words = _words_of_this_rendering(context, "week_table", _week_table_words)
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


def _weekly_hours_words() -> dict[str, str]:
    # As the template wrote them: the translations as they stand, the values escaped.
    return {
        "times": conditional_escape(_("%(start)s–%(end)s Uhr")),
        "until": _("(bis %(date)s)"),
        "and": _("und"),
    }


@register.simple_tag(takes_context=True)
def weekday_slots(context, slots) -> SafeString:
    """ "10:00–12:00 Uhr (mit Dolmetscherin) und 14:00–16:00 Uhr (bis 5. März 2027)": the slots
    of one weekday in the weekly hours (/sprechzeiten/ lists about 60, the office page its own).
    One tag instead of a template loop with a translation per slot."""
    words = _words_of_this_rendering(context, "weekly_hours", _weekly_hours_words)
    texts = []
    for slot in slots:
        text = words["times"] % {"start": hhmm(slot.start), "end": hhmm(slot.end)}
        if slot.note:
            text += f" ({conditional_escape(slot.note)})"
        if slot.valid_until:
            text += " " + words["until"] % {"date": conditional_escape(full_date(slot.valid_until))}
        texts.append(text)
    return mark_safe(f" {words['and']} ".join(texts))  # noqa: S308 - values escaped above


def _coming_change_words() -> dict[str, str]:
    return {
        **_change_dates_words(),
        "holiday": _("geschlossen (Feiertag: %(name)s)"),
        "opening": _("Sonderöffnung (%(reason)s)"),
        "closed": _("geschlossen (%(reason)s)"),
        "everyone": _("gilt für das ganze Quartiersbüro"),
    }


@register.simple_tag(takes_context=True)
def coming_change(context, change: ComingChange) -> SafeString:
    """One line of "Geschlossen oder geändert in den nächsten vier Wochen": "<strong>Freitag,
    25. Dezember:</strong> geschlossen (Feiertag: Erster Weihnachtstag)". The hours page lists
    about 30; one tag instead of the template's tests and translations per line."""
    words = _words_of_this_rendering(context, "coming_changes", _coming_change_words)
    reason = conditional_escape(change.reason)
    if change.is_holiday:
        text = words["holiday"] % {"name": reason} + "\n    "
    elif change.is_special_opening:
        text = words["opening"] % {"reason": reason} + "\n    "
    else:
        text = words["closed"] % {"reason": reason}
    if change.closure and not change.closure.office_id:
        text += f" – {words['everyone']}"
    return mark_safe(  # noqa: S308 - values escaped
        f"<strong>{conditional_escape(_change_dates(change, words))}:</strong>\n    {text}"
    )


@register.filter
def weekday_adverb(weekday: Weekday) -> str:
    """ "dienstags"."""
    return str(WEEKDAY_ADVERBS[Weekday(weekday)])


def _change_dates_words() -> dict[str, str]:
    return {
        "days": _("%(first)s bis %(last)s"),
        "hours": _("%(days)s, %(start)s–%(end)s Uhr"),
    }


def _change_dates(change: ComingChange, words: dict[str, str]) -> str:
    if change.start_date == change.end_date:
        text = weekday_date(change.start_date)
    else:
        text = words["days"] % {
            "first": weekday_date(change.start_date),
            "last": weekday_date(change.end_date),
        }
    closure = change.closure
    if closure and not closure.is_all_day:
        text = words["hours"] % {
            "days": text,
            "start": hhmm(closure.start_time),
            "end": hhmm(closure.end_time),
        }
    return text


@register.filter
def change_dates(change: ComingChange) -> str:
    """ "Freitag, 25. Dezember" or "20. Juli bis 7. August", with times if only some hours."""
    return _change_dates(change, _change_dates_words())


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
