"""When an event takes place, as the news cards, the events list and the announcement page
write it: the same HTML as the included template with Django's date filters it replaced."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

# The included template as the pages had it before the tag.
AS_TEMPLATE = Template(
    "{% load i18n %}<time datetime=\"{{ announcement.event_start|date:'c' }}\">"
    '{% if announcement.event_start|date:"Ymd" == announcement.event_end|date:"Ymd" %}'
    '{% blocktranslate trimmed with day=announcement.event_start|date:_("l, j. F Y") '
    'start=announcement.event_start|time:"H:i" end=announcement.event_end|time:"H:i" %}\n'
    "  {{ day }}, {{ start }} bis {{ end }} Uhr\n"
    "{% endblocktranslate %}{% else %}{% blocktranslate trimmed with "
    'start=announcement.event_start|date:_("l, j. F Y, H:i") '
    'end=announcement.event_end|date:_("l, j. F Y, H:i") %}\n'
    "  {{ start }} Uhr bis {{ end }} Uhr\n"
    "{% endblocktranslate %}{% endif %}</time>"
)
TAG = Template("{% load news %}{% event_when announcement %}")
EVENTS = {
    "an afternoon": (datetime(2026, 5, 9, 9, tzinfo=UTC), datetime(2026, 5, 9, 14, tzinfo=UTC)),
    # 23:30 UTC is already the next day in Berlin: one evening there.
    "an evening past midnight UTC": (
        datetime(2026, 12, 11, 17, tzinfo=UTC),
        datetime(2026, 12, 11, 23, 30, tzinfo=UTC),
    ),
    "over two days": (datetime(2027, 1, 29, 16, tzinfo=UTC), datetime(2027, 1, 30, 12, tzinfo=UTC)),
    "over the change of the clocks": (
        datetime(2027, 3, 27, 10, tzinfo=UTC),
        datetime(2027, 3, 28, 10, tzinfo=UTC),
    ),
}


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar"])
@pytest.mark.parametrize("name", EVENTS)
def test_event_times_read_as_the_template_wrote_them(language, name):
    start, end = EVENTS[name]
    announcement = SimpleNamespace(event_start=start, event_end=end)

    with translation.override(language):
        expected = AS_TEMPLATE.render(Context({"announcement": announcement}))
        written = TAG.render(Context({"announcement": announcement}))

    assert written == expected


def test_an_event_of_one_day_names_the_day_once():
    start, end = EVENTS["an afternoon"]

    with translation.override("de"):
        written = TAG.render(
            Context({"announcement": SimpleNamespace(event_start=start, event_end=end)})
        )

    assert written == (
        '<time datetime="2026-05-09T11:00:00+02:00">'
        "Samstag, 9. Mai 2026, 11:00 bis 16:00 Uhr</time>"
    )
