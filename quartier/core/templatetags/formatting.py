"""German-first formatting for every template: money, dates, clock times, durations, Markdown.

`{% load formatting %}`. Dates and times are shown in Europe/Berlin, whatever zone they carry."""

from datetime import date, datetime, time
from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from quartier.core import clock
from quartier.core.markdown import render_markdown

register = template.Library()


def _berlin(value):
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(clock.BERLIN)
    return value


@register.filter
def euro(value) -> str:
    """1234.5 → "1.234,50 €" in German (grouping and comma from the active language)."""
    if value is None or value == "":
        return ""
    number = formats.number_format(Decimal(value), 2, use_l10n=True, force_grouping=True)
    return f"{number}\u00a0€"


@register.filter
def long_date(value) -> str:
    """ "Dienstag, 16. September 2025" (and the English order in English)."""
    if value is None:
        return ""
    return formats.date_format(_berlin(value), _("l, j. F Y"))


@register.filter
def weekday_date(value: date) -> str:
    """ "Dienstag, 2. Dezember"."""
    return date_format(_berlin(value), pgettext("date format: weekday, day, month", "l, j. F"))


@register.filter
def day_month(value: date) -> str:
    """ "2. Dezember"."""
    if value is None:
        return ""
    return date_format(_berlin(value), pgettext("date format: day, month", "j. F"))


@register.filter
def full_date(value: date) -> str:
    """ "2. Dezember 2026"."""
    return date_format(_berlin(value), pgettext("date format: day, month, year", "j. F Y"))


@register.filter
def hhmm(value: time | datetime) -> str:
    """ "09:30" in Europe/Berlin."""
    return _berlin(value).strftime("%H:%M")


@register.filter
def duration_text(seconds: int | None) -> str:
    """125 → "2 Minuten und 5 Sekunden"."""
    if not seconds:
        return ""
    minutes, rest = divmod(int(seconds), 60)
    minutes_text = ngettext("%(count)d Minute", "%(count)d Minuten", minutes) % {"count": minutes}
    seconds_text = ngettext("%(count)d Sekunde", "%(count)d Sekunden", rest) % {"count": rest}
    if not minutes:
        return seconds_text
    if not rest:
        return minutes_text
    return _("%(minutes)s und %(seconds)s") % {"minutes": minutes_text, "seconds": seconds_text}


@register.filter
def break_after_slash(text) -> SafeString:
    """Let long names like "Westerfilde/Bodelschwingh" wrap after the slash on phones,
    instead of mid-word (a slash is no line-break opportunity of its own)."""
    return mark_safe(conditional_escape(text).replace("/", "/<wbr>"))  # noqa: S308 - escaped


@register.filter(name="markdown")
def markdown_filter(text: str):
    return render_markdown(text or "")


@register.filter
def markdown_lines(text: str):
    """Markdown that keeps each line a line (texts in Leichte Sprache)."""
    return render_markdown(text or "", line_breaks=True)
