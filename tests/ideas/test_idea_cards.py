"""The ideas list's cards come from a template tag; they must read exactly as the template
they replaced wrote them, in every language, with and without a picture."""

import pytest
from django.template import Context, Template
from django.utils import translation

from quartier.core import clock
from quartier.ideas.enums import IdeaStatus
from quartier.ideas.models import Idea
from quartier.ideas.services import submission
from tests.factories import picture_upload
from tests.ideas.factories import IdeaFactory, TopicFactory

pytestmark = pytest.mark.django_db

# An idea's picture as templates/ideas/_picture.html wrote it before.
TEMPLATE_PICTURE = Template(
    "{% load content_language %}{% with fallback=idea.fallback_rendition %}{% if fallback %}"
    "<picture>\n"
    '  <source type="image/webp" srcset="{{ idea.webp_srcset }}" sizes="{{ sizes }}">\n'
    '  <img src="{{ fallback.url }}" srcset="{{ idea.jpeg_srcset }}" sizes="{{ sizes }}" '
    'width="{{ fallback.width }}" height="{{ fallback.height }}" alt="{% if not decorative %}'
    '{{ idea.picture_alt }}{% endif %}"{% if not decorative %}'
    "{{ idea.picture_alt|content_lang:idea.language }}{% endif %}"
    '{% if lazy %} loading="lazy"{% endif %} decoding="async">\n'
    "</picture>{% endif %}{% endwith %}\n"
)
# The card as the list's template wrote it before (templates/ideas/_idea_card.html).
TEMPLATE_CARD = Template(
    "{% load i18n content_language formatting %}{% for idea in ideas %}"
    '<article class="idea-card" aria-labelledby="idee-{{ idea.pk }}">\n'
    '  {% if idea.picture_renditions %}<div class="idea-card__picture">'
    '{% include picture_template with sizes="(min-width: 768px) 12rem, 100vw" lazy=True'
    " decorative=True %}</div>{% endif %}\n"
    '  <div class="idea-card__body">\n'
    '    <h2 id="idee-{{ idea.pk }}" class="idea-card__title"><a href="{{ idea.get_absolute_url }}"'
    "{{ idea.title|content_lang:idea.language }}>{{ idea.title }}</a></h2>\n"
    '    <p class="idea-card__meta">\n'
    '      <span class="idea-status idea-status--{{ idea.status }}">'
    "{{ idea.get_status_display }}</span>\n"
    "      <span{% german_lang %}>{{ idea.topic.name }}</span>\n"
    '      <time datetime="{{ idea.published_at|iso_moment }}">'
    "{{ idea.published_at|publication_date }}</time>\n"
    "    </p>\n"
    '    <p class="idea-card__support">'
    "{% blocktranslate trimmed count counter=idea.support_count %}"
    "{{ counter }} Unterstützung{% plural %}{{ counter }} Unterstützungen{% endblocktranslate %}"
    "</p>\n"
    "  </div>\n"
    "</article>\n"
    "|{% endfor %}"
)
TAG_CARD = Template("{% load idea_cards %}{% for idea in ideas %}{% idea_card idea %}|{% endfor %}")


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar"])
def test_cards_read_as_the_template_wrote_them(language, settings):
    IdeaFactory(published=True, status=IdeaStatus.RECEIVED, support_count=0)
    IdeaFactory(published=True, status=IdeaStatus.TAKEN_UP, support_count=1, language="tr")
    IdeaFactory(
        published=True, status=IdeaStatus.NOT_POSSIBLE, support_count=1234, title="<b>&</b>"
    )
    with_picture = submission.idea_submit(
        title="Schatten an der Haltestelle",
        text="Ein Baum oder ein Dach.",
        topic=TopicFactory(),
        place="Westerfilder Straße",
        language="ar",
        may_publish=True,
        email="foto@example.org",
        picture_upload=picture_upload(),
        picture_alt="Die Haltestelle in der Sonne",
    )
    Idea.objects.filter(pk=with_picture.pk).update(published_at=clock.now())
    ideas = list(Idea.objects.select_related("topic").order_by("pk"))

    with translation.override(language):
        expected = TEMPLATE_CARD.render(
            Context({"ideas": ideas, "picture_template": TEMPLATE_PICTURE})
        )
        written = TAG_CARD.render(Context({"ideas": ideas}))

    assert written == expected
    assert written.count('<article class="idea-card"') == 4
    assert written.count("<picture>") == 1


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("written_in", ["de", "tr", ""])
def test_an_ideas_picture_reads_as_its_template_wrote_it(language, written_in):
    idea = submission.idea_submit(
        title="Bank am Spielplatz",
        text="Eine Bank für die Eltern.",
        topic=TopicFactory(),
        place="Westerfilder Straße",
        language=written_in or "de",
        may_publish=True,
        email="bank@example.org",
        picture_upload=picture_upload(),
        picture_alt='Der Spielplatz "heute" <leer>',
    )
    Idea.objects.filter(pk=idea.pk).update(language=written_in)
    idea.refresh_from_db()
    tag = Template(
        "{% load news %}"
        "{% picture idea sizes lazy=lazy decorative=decorative language=idea.language %}"
    )

    with translation.override(language):
        for lazy in (False, True):
            for decorative in (False, True):
                context = {"idea": idea, "sizes": "48rem", "lazy": lazy, "decorative": decorative}
                expected = TEMPLATE_PICTURE.render(Context(context))

                assert tag.render(Context(context)) == expected
                assert expected.startswith("<picture>")
