"""German-first formatting of money, dates, clock times and durations: one version for
templates (`{% load formatting %}`), emails, admin columns and exports alike. Dates and times
are shown in Europe/Berlin, whatever zone they carry."""

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import formats
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from quartier.core import clock


def _berlin(value):
    if isinstance(value, datetime) and value.tzinfo is not None:
        return clock.local(value)
    return value


def euro(value) -> str:
    """1234.5 → "1.234,50 €" in German (grouping and comma from the active language)."""
    if value is None or value == "":
        return ""
    number = formats.number_format(Decimal(value), 2, use_l10n=True, force_grouping=True)
    return f"{number}\u00a0€"


def long_date(value) -> str:
    """ "Dienstag, 16. September 2025" (and the English order in English)."""
    if value is None:
        return ""
    return formats.date_format(_berlin(value), _("l, j. F Y"))


def short_date(value) -> str:
    """ "07.12.2026": lists, exports, labels where a long date would not fit."""
    if value is None:
        return ""
    return formats.date_format(_berlin(value), "d.m.Y")


def weekday_date(value: date) -> str:
    """ "Dienstag, 2. Dezember"."""
    return date_format(_berlin(value), pgettext("date format: weekday, day, month", "l, j. F"))


def day_month(value: date) -> str:
    """ "2. Dezember"."""
    if value is None:
        return ""
    return date_format(_berlin(value), pgettext("date format: day, month", "j. F"))


def full_date(value: date) -> str:
    """ "2. Dezember 2026"."""
    return date_format(_berlin(value), pgettext("date format: day, month, year", "j. F Y"))


def hhmm(value: time | datetime) -> str:
    """ "09:30" in Europe/Berlin."""
    return _berlin(value).strftime("%H:%M")


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
