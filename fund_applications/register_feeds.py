"""Atom and RSS feeds of "Geförderte Projekte", next to the announcement feeds (offices.feeds)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import format_html
from django.utils.translation import gettext as _

from fund_applications import register
from fund_applications.models import Application
from quartier.core.formatting import euro


class FundedProjectAtomFeed(Feed):
    feed_type = Atom1Feed
    url_name = "fund_applications:register_feed_atom"

    def title(self) -> str:
        return _("Geförderte Projekte – %(name)s") % {"name": settings.SITE_NAME}

    def subtitle(self) -> str:
        return _("Projekte, die der Stadtteilfonds Westerfilde/Bodelschwingh fördert")

    description = subtitle

    def link(self) -> str:
        return reverse("fund_applications:register")

    def feed_url(self) -> str:
        return reverse(self.url_name)

    # No `language` here: Django reads that attribute as a plain value, never calls it, and
    # falls back to the language of the request's address (/en/, /tr/, /ar/) when it is None.

    def items(self):
        return register.register_feed_items()

    def item_title(self, item: Application) -> str:
        return item.register_title

    def item_link(self, item: Application) -> str:
        return reverse("fund_applications:register_project", kwargs={"pk": item.pk})

    def item_description(self, item: Application) -> str:
        goals = ", ".join(goal.name for goal in item.goals.all())
        return format_html(
            "<p>{}</p><p>{}: {}</p><p>{}: {}</p>",
            item.summary,
            _("Bewilligt"),
            euro(item.granted_amount),
            _("Ziel"),
            goals or "–",
        )

    def item_pubdate(self, item: Application):
        decision = getattr(item, "decision", None)
        return decision.recorded_at if decision else item.updated_at

    def item_updateddate(self, item: Application):
        return item.updated_at

    def item_categories(self, item: Application) -> list[str]:
        return [str(item.budget_year)]


class FundedProjectRssFeed(FundedProjectAtomFeed):
    feed_type = Rss201rev2Feed
    url_name = "fund_applications:register_feed_rss"
