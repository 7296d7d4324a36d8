"""The one version of money, date and time formatting: the same text in Python and templates."""

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from quartier.core import formatting
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
