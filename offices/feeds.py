"""Atom and RSS feeds of the public announcements, for everyone and per office."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from offices import selectors
from offices.models import Announcement, Office

FEED_LENGTH = 20


class AnnouncementAtomFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, office_slug: str | None = None) -> Office | None:
        return selectors.office_get(slug=office_slug) if office_slug else None

    def title(self, office: Office | None) -> str:
        return _("Aktuelles – %(name)s") % {"name": office.name if office else settings.SITE_NAME}

    def subtitle(self, office: Office | None) -> str:
        return _("Neuigkeiten und Veranstaltungen aus Westerfilde und Bodelschwingh")

    description = subtitle

    def link(self, office: Office | None) -> str:
        url = reverse("news:list")
        return f"{url}?buero={office.slug}" if office else url

    def feed_url(self, office: Office | None) -> str:
        if office:
            return reverse(self.office_url_name, kwargs={"office_slug": office.slug})
        return reverse(self.url_name)

    url_name = "news:feed_atom"
    office_url_name = "news:office_feed_atom"

    # No `language` here: Django reads that attribute as a plain value, never calls it, and
    # falls back to the language of the request's address (/en/, /tr/, /ar/) when it is None.

    def items(self, office: Office | None):
        return selectors.announcement_list(office=office)[:FEED_LENGTH]

    def item_title(self, item: Announcement) -> str:
        return item.title

    def item_description(self, item: Announcement) -> str:
        # Sanitised like on the page, when saved: a feed reader must not get raw HTML from
        # admin either.
        body = mark_safe(item.body_html)  # noqa: S308 - sanitised when saved
        return format_html("<p>{}</p>{}", item.teaser, body)

    def item_pubdate(self, item: Announcement):
        return item.publish_from

    def item_updateddate(self, item: Announcement):
        return item.updated_at

    def item_author_name(self, item: Announcement) -> str:
        return item.office.name if item.office else settings.SITE_NAME

    def item_categories(self, item: Announcement) -> list[str]:
        return [item.office_label]


class AnnouncementRssFeed(AnnouncementAtomFeed):
    feed_type = Rss201rev2Feed
    url_name = "news:feed_rss"
    office_url_name = "news:office_feed_rss"
