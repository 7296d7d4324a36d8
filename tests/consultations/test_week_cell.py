"""The cells of the two-week table (home page and /sprechzeiten/), written by a template tag."""

from datetime import date, time
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from consultations.schedule import DayHours, Interval
from consultations.selectors import WeekRow
from consultations.templatetags import hours as hours_tags

OFFICE = SimpleNamespace(short_name="Büro <1>")
DAY = date(2026, 12, 8)
MORNING = Interval(time(10), time(12), "mit Dolmetscherin")
AFTERNOON = Interval(time(14), time(16))


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


def week_cell(office, day_hours, context=None):
    return hours_tags.week_cell(context or Context(), office, day_hours)


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


def test_a_note_of_an_opening_time_is_escaped():
    evening = Interval(time(17), time(19), "<b>Elterncafé</b> & mehr")

    cell = week_cell(OFFICE, DayHours(DAY, (evening,), (evening,)))

    assert (
        '<span class="week-table__time">17:00–19:00 Uhr (&lt;b&gt;Elterncafé&lt;/b&gt; &amp; mehr)'
        "</span>"
    ) in cell


@pytest.mark.parametrize("language", ["en", "tr", "ar"])
def test_cells_are_written_in_the_language_of_the_page(language):
    with translation.override(language):
        expected_time = translation.gettext("%(start)s–%(end)s Uhr") % {
            "start": "14:00",
            "end": "16:00",
        }
        expected_closed = translation.gettext("geschlossen (Feiertag)")
        context = Context()
        open_day = week_cell(OFFICE, DayHours(DAY, (AFTERNOON, MORNING), ()), context)
        holiday = week_cell(OFFICE, DayHours(DAY, (), (MORNING,), holiday="Neujahr"), context)

    assert f'<span class="week-table__time">{expected_time}</span>' in open_day
    assert f'<span class="week-table__closed">{expected_closed}</span>' in holiday


def test_the_words_of_the_tables_are_translated_once_per_rendering_not_per_cell(monkeypatch):
    translated = []

    def counting_gettext(message):
        translated.append(message)
        return translation.gettext(message)

    monkeypatch.setattr(hours_tags, "_", counting_gettext)
    context = Context()
    days = [DayHours(DAY, (MORNING, AFTERNOON), (MORNING, AFTERNOON)), DayHours(DAY, (), ())]

    for _row in range(10):
        for day_hours in days:
            week_cell(OFFICE, day_hours, context)

    assert sorted(translated) == sorted(set(translated))
    assert len(translated) <= 6


# A day of the table as the template wrote it before the row tag.
ROW_AS_TEMPLATE = Template(
    "{% load i18n hours formatting %}"
    '<tr{% if row.is_today %} class="is-today"{% endif %}>\n'
    '      <th scope="row"{% if row.is_today %} aria-current="date"{% endif %}>\n'
    "        {{ row.day|weekday_date }}{% if row.is_today %} "
    '<span class="today-badge">{% translate "heute" %}</span>{% endif %}\n'
    '        {% if row.holiday %}<span class="week-table__holiday">'
    "{% blocktranslate with name=row.holiday %}Feiertag: {{ name }}{% endblocktranslate %}"
    "</span>{% endif %}\n"
    "      </th>\n"
    "      {% for office, day_hours in row.cells %}\n"
    "      {% week_cell office day_hours %}\n"
    "      {% endfor %}\n"
    "    </tr>"
)
ROW_TAG = Template("{% load hours %}{% week_row row %}")
OTHER_OFFICE = SimpleNamespace(short_name="Jobcenter")
ROWS = {
    "an ordinary day": WeekRow(
        DAY,
        False,
        "",
        ((OFFICE, DayHours(DAY, (MORNING,), (MORNING,))), (OTHER_OFFICE, DayHours(DAY, (), ()))),
    ),
    "today": WeekRow(DAY, True, "", ((OFFICE, DayHours(DAY, (AFTERNOON,), (AFTERNOON,))),)),
    "a holiday today": WeekRow(
        date(2026, 12, 25),
        True,
        "Erster <Weihnachtstag>",
        (
            (OFFICE, DayHours(date(2026, 12, 25), (), (MORNING,), holiday="Erster Weihnachtstag")),
            (OTHER_OFFICE, DayHours(date(2026, 12, 25), (), ())),
        ),
    ),
}


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar"])
@pytest.mark.parametrize("name", ROWS)
def test_a_row_reads_as_the_template_wrote_it(language, name):
    with translation.override(language):
        expected = ROW_AS_TEMPLATE.render(Context({"row": ROWS[name]}))
        written = ROW_TAG.render(Context({"row": ROWS[name]}))

    assert written == expected
