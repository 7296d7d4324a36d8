"""The cards of the ideas list, written in Python: twenty cards through an include, a plural
phrase and four filters each were most of the list's render time. The words every card
repeats are translated once per rendering of the list; the HTML is the same as the card template
wrote before (tests/ideas/test_idea_cards.py keeps that template, renders both and compares)."""

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.translation import ngettext

from offices.templatetags.content_language import content_lang
from offices.templatetags.news import picture as stored_picture
from quartier.core.formatting import iso_moment, publication_date
from quartier.ideas.enums import IdeaStatus

register = template.Library()

CARD = (
    '<article class="idea-card" aria-labelledby="idee-{pk}">\n'
    "  {picture}\n"
    '  <div class="idea-card__body">\n'
    '    <h2 id="idee-{pk}" class="idea-card__title"><a href="{url}"{title_lang}>{title}</a></h2>\n'
    '    <p class="idea-card__meta">\n'
    '      <span class="idea-status idea-status--{status}">{status_label}</span>\n'
    "      <span{topic_lang}>{topic}</span>\n"
    '      <time datetime="{published_iso}">{published}</time>\n'
    "    </p>\n"
    '    <p class="idea-card__support">{supports}</p>\n'
    "  </div>\n"
    "</article>\n"
)
PICTURE = '<div class="idea-card__picture">{}</div>'
PICTURE_SIZES = "(min-width: 768px) 12rem, 100vw"


def _words(context) -> dict:
    words = context.render_context.get("ideas.card_words")
    if words is None:
        words = context.render_context["ideas.card_words"] = {
            "status": {value: str(label) for value, label in IdeaStatus.choices},
            "supports": {},
        }
    return words


def _supports(words: dict, count: int) -> str:
    phrase = words["supports"].get(count)
    if phrase is None:
        pattern = ngettext("%(counter)s Unterstützung", "%(counter)s Unterstützungen", count)
        phrase = words["supports"][count] = conditional_escape(
            pattern % {"counter": localize(count)}
        )
    return phrase


@register.simple_tag(takes_context=True)
def idea_card(context, idea) -> str:
    """One idea on the list (needs the idea's topic loaded with it)."""
    words = _words(context)
    picture = ""
    if idea.picture_renditions:
        picture = format_html(
            PICTURE, stored_picture(idea, PICTURE_SIZES, lazy=True, decorative=True)
        )
    topic_name = idea.topic.local_name
    return format_html(
        CARD,
        pk=idea.pk,
        picture=picture,
        url=idea.get_absolute_url(),
        title_lang=content_lang(idea.title, idea.language),
        title=idea.title,
        status=idea.status,
        status_label=words["status"].get(idea.status, idea.status),
        topic_lang=content_lang(topic_name),
        topic=topic_name,
        published_iso=iso_moment(idea.published_at),
        published=publication_date(idea.published_at),
        supports=_supports(words, idea.support_count),
    )
