"""The weekly hours and the coming closures of /sprechzeiten/ and the office page, written by
template tags: the same HTML as the template loops they replaced, in every language."""

from datetime import date, time
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from consultations.schedule import ComingChange

# The template loops as the pages had them before the tags.
SLOTS_AS_TEMPLATE = Template(
    "{% load i18n hours formatting %}"
    "{% for slot in slots %}{{ slot|interval_text }}{% if slot.note %} ({{ slot.note }})"
    "{% endif %}{% if slot.valid_until %} {% blocktranslate with date=slot.valid_until|full_date %}"
    "(bis {{ date }}){% endblocktranslate %}{% endif %}{% if not forloop.last %} "
    '{% translate "und" %} {% endif %}{% endfor %}'
)
CHANGE_AS_TEMPLATE = Template(
    "{% load i18n hours formatting %}<strong>{{ change|change_dates }}:</strong>\n"
    "    {% if change.is_holiday %}{% blocktranslate with name=change.reason %}"
    "geschlossen (Feiertag: {{ name }}){% endblocktranslate %}\n"
    "    {% elif change.is_special_opening %}{% blocktranslate with reason=change.reason %}"
    "Sonderöffnung ({{ reason }}){% endblocktranslate %}\n"
    "    {% else %}{% blocktranslate with reason=change.reason %}geschlossen ({{ reason }})"
    "{% endblocktranslate %}{% endif %}{% if change.closure and not change.closure.office_id %}"
    ' – {% translate "gilt für das ganze Quartiersbüro" %}{% endif %}'
)
SLOTS_TAG = Template("{% load hours %}{% weekday_slots slots %}")
CHANGE_TAG = Template("{% load hours %}{% coming_change change %}")
LANGUAGES = ["de", "en", "tr", "ar"]


def slot(start, end, note="", valid_until=None):
    return SimpleNamespace(start=time(start), end=time(end), note=note, valid_until=valid_until)


def closure(*, office_id=None, special=False, times=None):
    start, end = times or (None, None)
    return SimpleNamespace(
        office_id=office_id,
        is_special_opening=special,
        is_all_day=times is None,
        start_time=start,
        end_time=end,
    )


SLOTS = {
    "one": [slot(10, 12)],
    "two with a note": [slot(10, 12, "mit Dolmetscherin"), slot(14, 16)],
    "until a day, escaped note": [
        slot(9, 11, "<b>Eltern</b> & Kinder", valid_until=date(2027, 3, 5)),
        slot(13, 15),
        slot(16, 18, valid_until=date(2027, 1, 1)),
    ],
    "none": [],
}
CHANGES = {
    "holiday": ComingChange(date(2026, 12, 25), date(2026, 12, 25), "Weihnachten", True),
    "closure of the office": ComingChange(
        date(2026, 12, 7), date(2026, 12, 9), "Umzug", closure=closure(office_id=3)
    ),
    "closure of the whole Quartiersbüro": ComingChange(
        date(2026, 12, 7), date(2026, 12, 7), "Teamtag <intern>", closure=closure()
    ),
    "closure of some hours": ComingChange(
        date(2026, 12, 8),
        date(2026, 12, 8),
        "Fortbildung",
        closure=closure(office_id=1, times=(time(10), time(12))),
    ),
    "special opening": ComingChange(
        date(2026, 12, 12),
        date(2026, 12, 12),
        "Stadtteilfest & Flohmarkt",
        closure=closure(office_id=2, special=True, times=(time(10), time(13))),
    ),
    "special opening of the whole Quartiersbüro": ComingChange(
        date(2026, 12, 19), date(2026, 12, 19), "Adventsmarkt", closure=closure(special=True)
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", SLOTS)
def test_slots_of_a_weekday_read_as_the_template_wrote_them(language, name):
    with translation.override(language):
        expected = SLOTS_AS_TEMPLATE.render(Context({"slots": SLOTS[name]}))
        written = SLOTS_TAG.render(Context({"slots": SLOTS[name]}))

    assert written == expected


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", CHANGES)
def test_a_coming_change_reads_as_the_template_wrote_it(language, name):
    with translation.override(language):
        expected = CHANGE_AS_TEMPLATE.render(Context({"change": CHANGES[name]}))
        written = CHANGE_TAG.render(Context({"change": CHANGES[name]}))

    assert written == expected


def test_the_slot_note_is_escaped():
    with translation.override("de"):
        written = SLOTS_TAG.render(Context({"slots": SLOTS["until a day, escaped note"]}))

    assert written == (
        "09:00–11:00 Uhr (&lt;b&gt;Eltern&lt;/b&gt; &amp; Kinder) (bis 5. März 2027) und "
        "13:00–15:00 Uhr und 16:00–18:00 Uhr (bis 1. Januar 2027)"
    )


def test_the_words_are_translated_once_per_rendering_not_per_line(monkeypatch):
    from consultations.templatetags import hours as hours_tags

    translated = []

    def counting_gettext(message):
        translated.append(message)
        return translation.gettext(message)

    monkeypatch.setattr(hours_tags, "_", counting_gettext)
    many = Template(
        "{% load hours %}{% for slots in weeks %}{% weekday_slots slots %}{% endfor %}"
        "{% for change in changes %}{% coming_change change %}{% endfor %}"
    )

    with translation.override("de"):
        many.render(
            Context(
                {
                    "weeks": [SLOTS["two with a note"]] * 20,
                    "changes": [CHANGES["closure of the office"]] * 20,
                }
            )
        )

    assert len(translated) == len(set(translated))
