"""The cells of the two-week table (home page and /sprechzeiten/), written by a template tag."""

from datetime import date, time
from types import SimpleNamespace

import pytest
from django.utils import translation

from consultations.schedule import DayHours, Interval
from consultations.templatetags.hours import week_cell

OFFICE = SimpleNamespace(short_name="Büro <1>")
DAY = date(2026, 12, 8)
MORNING = Interval(time(10), time(12), "mit Dolmetscherin")
AFTERNOON = Interval(time(14), time(16))


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


def test_open_day_lists_each_time_with_its_note_and_escapes_the_office():
    cell = week_cell(OFFICE, DayHours(DAY, (MORNING, AFTERNOON), (MORNING, AFTERNOON)))

    assert cell.startswith('<td class="is-open">')
    assert '<span class="week-table__label">Büro &lt;1&gt;:</span>' in cell
    assert (
        '<span class="week-table__time">10:00–12:00 Uhr (mit Dolmetscherin)</span>'
        '<span class="week-table__time">14:00–16:00 Uhr</span>'
    ) in cell
    assert "week-table__reason" not in cell


def test_changed_day_names_its_reason_once():
    closure = SimpleNamespace(reason="Teamsitzung & Fortbildung", is_special_opening=False)
    hours = DayHours(DAY, (MORNING,), (MORNING, AFTERNOON), closures=(closure,))

    cell = week_cell(OFFICE, hours)

    assert '<span class="week-table__reason">Teamsitzung &amp; Fortbildung</span>' in cell


def test_closed_day_says_why():
    closures = (SimpleNamespace(reason="Betriebsausflug"), SimpleNamespace(reason="Umzug"))

    cell = week_cell(OFFICE, DayHours(DAY, (), (MORNING,), closures=closures))

    assert cell.startswith("<td>")
    assert (
        '<span class="week-table__closed">geschlossen</span> '
        '<span class="week-table__reason">Betriebsausflug, Umzug</span>'
    ) in cell


def test_holiday_and_empty_day():
    holiday = week_cell(OFFICE, DayHours(DAY, (), (MORNING,), holiday="Neujahr"))
    empty = week_cell(OFFICE, DayHours(DAY, (), ()))

    assert '<span class="week-table__closed">geschlossen (Feiertag)</span>' in holiday
    assert (
        '<span aria-hidden="true">–</span><span class="visually-hidden">keine Sprechzeit</span>'
        in empty
    )
