"""The one version of money, date and time formatting: the same text in Python and templates."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats, translation
from django.utils.translation import gettext, pgettext

from quartier.core import clock, formatting
from quartier.core.templatetags.formatting import break_after_slash


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("1234.5"), "1.234,50\u00a0€"), (0, "0,00\u00a0€"), (None, ""), ("", "")],
)
def test_euro_groups_thousands_and_writes_a_comma_in_german(value, expected):
    with translation.override("de"):
        assert formatting.euro(value) == expected


def test_clock_times_and_dates_are_shown_in_berlin_whatever_zone_they_carry():
    winter_evening_utc = datetime(2026, 12, 2, 23, 30, tzinfo=UTC)  # 00:30 on the 3rd in Berlin

    with translation.override("de"):
        assert formatting.hhmm(winter_evening_utc) == "00:30"
        assert formatting.day_month(winter_evening_utc) == "3. Dezember"
        assert formatting.full_date(date(2026, 12, 2)) == "2. Dezember 2026"
        assert formatting.long_date(date(2025, 9, 16)) == "Dienstag, 16. September 2025"
        assert formatting.hhmm(time(9, 5)) == "09:05"


# Every month, and every weekday in every month: the first seven days of each month of a year.
EVERY_MONTH_AND_WEEKDAY = [
    date(2027, month, 1) + timedelta(days=offset) for month in range(1, 13) for offset in range(7)
]


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar"])
def test_dates_read_exactly_as_djangos_date_format_in_every_language(language):
    with translation.override(language):
        expected = {
            formatting.long_date: gettext("l, j. F Y"),
            formatting.weekday_date: pgettext("date format: weekday, day, month", "l, j. F"),
            formatting.day_month: pgettext("date format: day, month", "j. F"),
            formatting.full_date: pgettext("date format: day, month, year", "j. F Y"),
            formatting.short_date: "d.m.Y",
            formatting.publication_date: gettext("j. F Y"),
            formatting.leaf_day: pgettext("date format: day of the month on a calendar leaf", "j."),
            formatting.leaf_month: "M",
        }
        for write, date_format in expected.items():
            for day in EVERY_MONTH_AND_WEEKDAY:
                assert write(day) == formats.date_format(day, date_format), (write, day)


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar"])
def test_dates_with_times_read_exactly_as_djangos_date_format_in_every_language(language):
    moments = [
        datetime(day.year, day.month, day.day, hour, 5, tzinfo=UTC)
        for day in EVERY_MONTH_AND_WEEKDAY
        for hour in (0, 9, 22, 23)
    ]
    with translation.override(language):
        date_format = gettext("l, j. F Y, H:i")
        for moment in moments:
            assert formatting.long_date_time(moment) == formats.date_format(
                clock.local(moment), date_format
            )
            assert formatting.iso_moment(moment) == formats.date_format(clock.local(moment), "c")


def test_dates_follow_a_change_of_language_within_one_process():
    day = date(2026, 12, 25)
    with translation.override("de"):
        assert formatting.weekday_date(day) == "Freitag, 25. Dezember"
    with translation.override("en"):
        assert formatting.weekday_date(day) == "Friday, 25 December"
    with translation.override("de"):
        assert formatting.weekday_date(day) == "Freitag, 25. Dezember"


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar"])
def test_dates_are_written_without_djangos_per_date_format_lookup(language, monkeypatch):
    """The hours pages write dozens of dates per request: the names and the order are looked
    up once per language, not for each date."""
    with translation.override(language):
        formatting.weekday_date(date(2026, 12, 25))
        calls = []
        monkeypatch.setattr(formats, "date_format", lambda *args, **kwargs: calls.append(args))

        for day in EVERY_MONTH_AND_WEEKDAY:
            formatting.weekday_date(day)
            formatting.day_month(day)
            formatting.full_date(day)
            formatting.long_date(day)
            formatting.long_date_time(datetime(day.year, day.month, day.day, 9, tzinfo=UTC))

    assert calls == []


def test_a_date_format_with_other_characters_is_written_by_django(monkeypatch):
    monkeypatch.setitem(formatting._DATE_FORMATS, "weekday", "D, j. N \\d\\e\\n")
    formatting._date_writer.cache_clear()
    try:
        with translation.override("de"):
            written = formatting.weekday_date(date(2026, 12, 25))
    finally:
        formatting._date_writer.cache_clear()

    assert written == "Fr, 25. Dez. den"


def test_durations_read_as_words():
    with translation.override("de"):
        assert formatting.duration_text(125) == "2 Minuten und 5 Sekunden"
        assert formatting.duration_text(60) == "1 Minute"
        assert formatting.duration_text(0) == ""


def test_template_filters_say_exactly_what_the_module_says():
    template = Template("{% load formatting %}{{ amount|euro }} {{ moment|hhmm }}")
    moment = datetime(2026, 7, 1, 7, 0, tzinfo=UTC)

    with translation.override("de"):
        rendered = template.render(Context({"amount": Decimal("35000"), "moment": moment}))

    assert rendered == f"{formatting.euro(Decimal('35000'))} {formatting.hhmm(moment)}"
    assert rendered == "35.000,00\u00a0€ 09:00"


def test_break_after_slash_allows_a_line_break_after_each_slash():
    assert break_after_slash("Westerfilde/Bodelschwingh") == "Westerfilde/<wbr>Bodelschwingh"


def test_break_after_slash_escapes_the_text_first():
    assert break_after_slash("<b>A</b>/B") == "&lt;b&gt;A&lt;/<wbr>b&gt;/<wbr>B"
