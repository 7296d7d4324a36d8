"""German-first formatting of money, dates, clock times and durations: one version for
templates (`{% load formatting %}`), emails, admin columns and exports alike. Dates and times
are shown in Europe/Berlin, whatever zone they carry."""

from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import dateformat, formats
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS
from django.utils.translation import get_language, gettext_lazy, ngettext, pgettext_lazy
from django.utils.translation import gettext as _

from quartier.core import clock

# How each date is written, per language (the order of day, month and weekday differs).
_DATE_FORMATS = {
    "long": gettext_lazy("l, j. F Y"),
    "long_with_time": gettext_lazy("l, j. F Y, H:i"),
    "weekday": pgettext_lazy("date format: weekday, day, month", "l, j. F"),
    "day_month": pgettext_lazy("date format: day, month", "j. F"),
    "full": pgettext_lazy("date format: day, month, year", "j. F Y"),
    "short": "d.m.Y",
    "publication": gettext_lazy("j. F Y"),
    "leaf_day": pgettext_lazy("date format: day of the month on a calendar leaf", "j."),
    "leaf_month": "M",
}
# Django's date format characters that a date is written with here directly; a format with any
# other (or with an escaped character) goes through Django's `date_format` as before.
_DATE_FIELDS = {
    "j": "{day}",
    "d": "{day:02d}",
    "m": "{month:02d}",
    "Y": "{year:04d}",
    "F": "{month_name}",
    "l": "{weekday_name}",
    "M": "{month_abbreviation}",
    "H": "{hour:02d}",
    "i": "{minute:02d}",
}


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


@cache
def _date_writer(language: str | None, name: str) -> Callable[[date], str]:
    """One of `_DATE_FORMATS` in one language, as a function. The hours pages write dozens of
    dates per request, and Django's `date_format` looks up the format, the month and the
    weekday name through its translation machinery for each; here they are looked up once per
    language. The text is Django's (`tests/core/test_formatting.py` compares every month and
    weekday in every language)."""
    translated = str(_DATE_FORMATS[name])
    pieces = dateformat.re_formatchars.split(translated)
    fields = pieces[1::2]
    if "\\" in translated or any(field not in _DATE_FIELDS for field in fields):
        return lambda value: formats.date_format(value, translated)
    template = "".join(
        _DATE_FIELDS[piece] if index % 2 else piece.replace("{", "{{").replace("}", "}}")
        for index, piece in enumerate(pieces)
    ).format
    month_names = [""] + [str(MONTHS[number]) for number in range(1, 13)]
    month_abbreviations = [""] + [str(MONTHS_3[number]).title() for number in range(1, 13)]
    weekday_names = [str(WEEKDAYS[number]) for number in range(7)]

    def write(value: date) -> str:
        return template(
            day=value.day,
            month=value.month,
            year=value.year,
            month_name=month_names[value.month],
            month_abbreviation=month_abbreviations[value.month],
            weekday_name=weekday_names[value.weekday()],
        )

    def write_with_time(value: datetime) -> str:
        return template(
            day=value.day,
            month=value.month,
            year=value.year,
            month_name=month_names[value.month],
            month_abbreviation=month_abbreviations[value.month],
            weekday_name=weekday_names[value.weekday()],
            hour=value.hour,
            minute=value.minute,
        )

    if "H" in fields or "i" in fields:
        return write_with_time
    return write


@receiver(setting_changed)
def _forget_date_writers(*, setting, **kwargs):
    # Tests may switch languages or catalogues; a running site only changes them on restart.
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        _date_writer.cache_clear()


def _write_date(value, name: str) -> str:
    return _date_writer(get_language(), name)(_berlin(value))


def long_date(value) -> str:
    """ "Dienstag, 16. September 2025" (and the English order in English)."""
    if value is None:
        return ""
    return _write_date(value, "long")


def long_date_time(value: datetime) -> str:
    """ "Dienstag, 16. September 2025, 18:00"."""
    return _write_date(value, "long_with_time")


def short_date(value) -> str:
    """ "07.12.2026": lists, exports, labels where a long date would not fit."""
    if value is None:
        return ""
    return _write_date(value, "short")


def weekday_date(value: date) -> str:
    """ "Dienstag, 2. Dezember"."""
    return _write_date(value, "weekday")


def day_month(value: date) -> str:
    """ "2. Dezember"."""
    if value is None:
        return ""
    return _write_date(value, "day_month")


def full_date(value: date) -> str:
    """ "2. Dezember 2026"."""
    return _write_date(value, "full")


def publication_date(value) -> str:
    """ "2. Dezember 2026" under a news item."""
    return _write_date(value, "publication")


def leaf_day(value) -> str:
    """ "9." on the calendar leaf of an event."""
    return _write_date(value, "leaf_day")


def leaf_month(value) -> str:
    """ "Mai" (Django's short month name) on the calendar leaf of an event."""
    return _write_date(value, "leaf_month")


def hhmm(value: time | datetime) -> str:
    """ "09:30" in Europe/Berlin."""
    value = _berlin(value)
    return f"{value.hour:02d}:{value.minute:02d}"


def iso_moment(value: datetime) -> str:
    """ "2026-12-10T18:00:00+01:00": the moment in Berlin for a `<time datetime>`."""
    return clock.local(value).isoformat()


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
