"""The news cards come from a template tag; they must read exactly as the card template they
replaced wrote them, in every language: pinned, with a picture, as an event, translated or
only in German, of an office or of the whole Quartiersbüro."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import translation

from offices import selectors, services
from quartier.core import clock
from tests.events.factories import EventSignupFactory, EventSignupSetupFactory
from tests.factories import (
    AnnouncementFactory,
    AnnouncementTranslationFactory,
    OfficeFactory,
    picture_upload,
)

pytestmark = pytest.mark.django_db


def in_every_language_under_each_heading(test):
    """A list's entries are compared in every language, under an <h2> and under an <h3>."""
    test = pytest.mark.parametrize("heading", ["h2", "h3"])(test)
    return pytest.mark.parametrize("language", ["de", "en", "tr", "ar"])(test)


# The picture as templates/offices/includes/_picture.html wrote it before.
TEMPLATE_PICTURE = Template(
    "{% load content_language %}{% with fallback=announcement.fallback_rendition %}"
    "{% if fallback %}<picture>\n"
    '  <source type="image/webp" srcset="{{ announcement.webp_srcset }}" sizes="{{ sizes }}">\n'
    '  <img src="{{ fallback.url }}" srcset="{{ announcement.jpeg_srcset }}" sizes="{{ sizes }}" '
    'width="{{ fallback.width }}" height="{{ fallback.height }}" alt="{% if not decorative %}'
    '{{ announcement.picture_alt }}{% endif %}"{% if not decorative %}{% german_lang %}'
    '{% endif %}{% if lazy %} loading="lazy"{% endif %} decoding="async">\n'
    "</picture>{% endif %}{% endwith %}\n"
)
# The card as templates/offices/includes/_announcement_card.html wrote it before.
TEMPLATE_CARD = Template(
    "{% load i18n content_language news formatting %}{% for announcement in announcements %}"
    '<article class="news-card{% if announcement.pinned %} news-card--pinned{% endif %}" '
    'aria-labelledby="meldung-{{ announcement.pk }}">\n'
    '  {% if announcement.picture %}<div class="news-card__picture">'
    '{% include picture_template with sizes="(min-width: 768px) 16rem, 100vw" '
    "lazy=True decorative=True %}</div>{% endif %}\n"
    '  <div class="news-card__body">\n'
    '    {% translated announcement "title" as title %}'
    '{% translated announcement "teaser" as teaser %}\n'
    '    <{{ heading }} id="meldung-{{ announcement.pk }}" class="news-card__title">'
    '<a href="{{ announcement.get_absolute_url }}"{{ title|content_lang }}>{{ title }}</a>'
    "</{{ heading }}>\n"
    '    <p class="news-card__meta">\n'
    '      {% if announcement.pinned %}<strong class="news-pinned">{% translate "Wichtig" %}'
    "</strong>{% endif %}\n"
    '      <time datetime="{{ announcement.publish_from|iso_moment }}">'
    "{{ announcement.publish_from|publication_date }}</time>\n"
    '      <span class="news-card__office">{{ announcement.office_label }}</span>\n'
    "      {% if title.is_german_fallback or teaser.is_german_fallback %}"
    '<span class="content-language-badge">{% translate "Nur auf Deutsch" %}</span>{% endif %}\n'
    "    </p>\n"
    "    <p{{ teaser|content_lang }}>{{ teaser }}</p>\n"
    '    {% if announcement.is_event %}<p class="news-card__event"><strong>'
    '{% translate "Veranstaltung:" %}</strong> {% event_when announcement %}, '
    "<span{% german_lang %}>{{ announcement.event_place }}</span></p>{% endif %}\n"
    "  </div>\n"
    "</article>\n"
    "|{% endfor %}"
)
TAG_CARD = Template(
    "{% load news %}{% for announcement in announcements %}"
    "{% announcement_card announcement heading %}|{% endfor %}"
)


@in_every_language_under_each_heading
def test_cards_read_as_the_template_wrote_them(language, heading):
    now = clock.now()
    office = OfficeFactory(short_name="Jobcenter <Aktionsbüro>")
    pinned = AnnouncementFactory(office=office, pinned=True, title="Wichtig: <b>&</b> neu")
    AnnouncementTranslationFactory(
        announcement=pinned, language="en", title="Important", teaser="In English"
    )
    AnnouncementTranslationFactory(announcement=pinned, language="tr", title="Önemli", teaser="")
    AnnouncementFactory(
        office=None,
        event=True,
        title="Sommerfest",
        event_place="Hof & Garten",
        publish_from=now - timedelta(days=3),
    )
    AnnouncementFactory(
        office=office,
        event=True,
        event_start=now + timedelta(days=2, hours=20),
        event_end=now + timedelta(days=3, hours=2),
        publish_from=now - timedelta(days=4),
    )
    with_picture = AnnouncementFactory(
        office=office, publish_from=now - timedelta(days=5), picture_alt="Kinder im Garten"
    )
    services.announcement_save(announcement=with_picture, picture_upload=picture_upload())

    with translation.override(language):
        announcements = list(selectors.announcement_list())
        context = {
            "announcements": announcements,
            "heading": heading,
            "picture_template": TEMPLATE_PICTURE,
        }
        expected = TEMPLATE_CARD.render(Context(context))
        ours = TAG_CARD.render(Context(context))

    assert len(announcements) == 4
    assert ours == expected
    assert "<picture>" in ours
    assert "news-card--pinned" in ours
    assert ("content-language-badge" in ours) == (language != "de")


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("lazy", [False, True])
@pytest.mark.parametrize("decorative", [False, True])
def test_pictures_read_as_the_template_wrote_them(language, lazy, decorative):
    with_picture = AnnouncementFactory(picture_alt='Kinder "im" <Garten>')
    services.announcement_save(announcement=with_picture, picture_upload=picture_upload())
    without = AnnouncementFactory()
    tag = Template(
        "{% load news %}{% picture announcement sizes lazy=lazy decorative=decorative %}"
    )

    with translation.override(language):
        for announcement in [with_picture, without]:
            context = {
                "announcement": announcement,
                "sizes": "(min-width: 992px) 48rem, 100vw",
                "lazy": lazy,
                "decorative": decorative,
            }
            expected = TEMPLATE_PICTURE.render(Context(context))

            assert tag.render(Context(context)) == expected
    assert "<picture>" in expected or announcement is without


# An event on a list as templates/offices/includes/_event_item.html wrote it before.
TEMPLATE_EVENT = Template(
    "{% load i18n content_language news formatting event_signup %}"
    "{% event_signups events as signups %}{% for announcement in events %}"
    "{% with signup=signups|signup_of:announcement %}"
    '<article class="event-item" aria-labelledby="termin-{{ announcement.pk }}">\n'
    '  <p class="event-item__date" aria-hidden="true">\n'
    '    <span class="event-item__day">{{ announcement.event_start|leaf_day }}</span>\n'
    '    <span class="event-item__month">{{ announcement.event_start|leaf_month }}</span>\n'
    "  </p>\n"
    "  <div>\n"
    '    {% translated announcement "title" as title %}\n'
    '    <{{ heading }} id="termin-{{ announcement.pk }}" class="event-item__title">'
    '<a href="{{ announcement.get_absolute_url }}"{{ title|content_lang }}>{{ title }}</a>'
    "</{{ heading }}>\n"
    '    <p class="event-item__when">{% event_when announcement %}</p>\n'
    '    <p class="event-item__place"><span{% german_lang %}>{{ announcement.event_place }}'
    "</span>{% if title.is_german_fallback %} "
    '<span class="content-language-badge">{% translate "Nur auf Deutsch" %}</span>{% endif %}'
    "</p>\n"
    '    {% if signup %}{% include "events/_list_signup.html" %}{% endif %}\n'
    "  </div>\n"
    "</article>\n"
    "|{% endwith %}{% endfor %}"
)
TAG_EVENT = Template(
    "{% load news event_signup %}{% event_signups events as signups %}"
    "{% for announcement in events %}"
    "{% event_item announcement heading signup=signups|signup_of:announcement %}|{% endfor %}"
)


@in_every_language_under_each_heading
def test_events_on_a_list_read_as_the_template_wrote_them(language, heading):
    now = clock.now()
    translated_event = AnnouncementFactory(event=True, title="Pflanztag <im> Hof")
    AnnouncementTranslationFactory(announcement=translated_event, language="en", title="Planting")
    AnnouncementTranslationFactory(announcement=translated_event, language="ar", title="زراعة")
    open_one = AnnouncementFactory(event=True, event_place="Hof & Garten")
    EventSignupSetupFactory(announcement=open_one, places=5)
    full = AnnouncementFactory(event=True)
    EventSignupFactory(setup=EventSignupSetupFactory(announcement=full, places=1), persons=1)
    later = AnnouncementFactory(
        event=True,
        event_start=now + timedelta(days=30, hours=20),
        event_end=now + timedelta(days=31, hours=1),
    )
    EventSignupSetupFactory(announcement=later, opens_at=now + timedelta(days=10))

    with translation.override(language):
        events = list(selectors.event_list())
        context = {"events": events, "heading": heading}
        expected = TEMPLATE_EVENT.render(Context(context))
        ours = TAG_EVENT.render(Context(context))

    assert len(events) == 4
    assert ours == expected
    assert expected.count("event-item__signup") == 3
