"""Atom feeds of the ideas board: new ideas as they are published, and the office's answers."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.template.defaultfilters import linebreaks_filter as linebreaks
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.translation import gettext as _

from quartier.ideas import selectors
from quartier.ideas.enums import IdeaStatus
from quartier.ideas.models import Idea

FEED_LENGTH = 20


class NewIdeasFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Neue Ideen – %(site)s") % {"site": settings.SITE_NAME}

    def subtitle(self) -> str:
        return _("Anregungen und Ideen aus Westerfilde und Bodelschwingh")

    def link(self) -> str:
        return reverse("ideas:list")

    def feed_url(self) -> str:
        return reverse("ideas:feed_new")

    def items(self):
        return selectors.idea_list()[:FEED_LENGTH]

    def item_title(self, item: Idea) -> str:
        return item.title

    def item_description(self, item: Idea) -> str:
        # Feed readers show a description as HTML: a resident's text goes in escaped.
        return linebreaks(item.text, autoescape=True)

    def item_pubdate(self, item: Idea):
        return item.published_at

    def item_categories(self, item: Idea) -> list[str]:
        return [str(item.topic.local_name), str(IdeaStatus(item.status).label)]


class AnsweredIdeasFeed(NewIdeasFeed):
    def title(self) -> str:
        return _("Beantwortete Ideen – %(site)s") % {"site": settings.SITE_NAME}

    def feed_url(self) -> str:
        return reverse("ideas:feed_answered")

    def items(self):
        return selectors.ideas_answered(limit=FEED_LENGTH)

    def item_description(self, item: Idea) -> str:
        status = IdeaStatus(item.status).label
        return format_html("<p>{}</p>{}", status, linebreaks(item.answer, autoescape=True))

    def item_pubdate(self, item: Idea):
        return item.answered_at
