"""sitemap.xml: one Sitemap class per kind of public page; add new kinds to SITEMAPS."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from consultations.lending import selectors as lending_selectors
from fund_applications import register as fund_register
from offices import selectors as office_selectors
from offices.initiatives import selectors as initiatives_selectors
from offices.models import Office, SitePage
from quartier.ideas import selectors as idea_selectors


class LocalisedSitemap(Sitemap):
    """Every page exists in German (at the root) and in the other languages (/en/, /tr/, /ar/)."""

    i18n = True
    alternates = True
    x_default = True


class PageSitemap(LocalisedSitemap):
    """Pages with a fixed address: home, hours, news and events, the fund, Impressum …"""

    def items(self) -> list[str]:
        return [
            "home",
            "consultations:overview",
            "booking:start",
            "news:list",
            "news:events",
            "fund_applications:fund",
            "fund_applications:start",
            "fund_applications:register",
            "inclusion:easy_read",
            "inclusion:sign_language",
            "initiatives:list",
            "initiatives:propose",
            "ideas:list",
            "ideas:how_to",
            "lending:items",
            "lending:easy_read",
        ] + [f"site_page:{slug}" for slug in SitePage.Slug.values]

    def location(self, item: str) -> str:
        if item.startswith("site_page:"):
            return reverse("site_page", kwargs={"slug": item.removeprefix("site_page:")})
        return reverse(item)


class OfficeSitemap(LocalisedSitemap):
    def items(self):
        return Office.objects.all()


class AnnouncementSitemap(LocalisedSitemap):
    """Public announcements, events among them; drafts and expired ones are left out."""

    def items(self):
        return office_selectors.announcement_list()

    def lastmod(self, item):
        return item.updated_at


class GroupSitemap(LocalisedSitemap):
    """The published entries of Initiativen und Gruppen."""

    def items(self):
        return initiatives_selectors.group_list()

    def lastmod(self, item):
        return item.updated_at


class IdeaSitemap(LocalisedSitemap):
    """Published ideas; what only the office and the author see is left out."""

    def items(self):
        return idea_selectors.idea_list()

    def lastmod(self, item):
        return item.answered_at or item.published_at


class FundedProjectYearSitemap(LocalisedSitemap):
    """ "Geförderte Projekte" of each year with granted projects."""

    def items(self) -> list[int]:
        return fund_register.register_sitemap_years()

    def location(self, item: int) -> str:
        return reverse("fund_applications:register_year", kwargs={"year": item})


class FundedProjectSitemap(LocalisedSitemap):
    """One page per funded project whose applicant agreed to show it."""

    def items(self):
        return fund_register.register_sitemap_projects()

    def location(self, item) -> str:
        return reverse("fund_applications:register_project", kwargs={"pk": item.pk})

    def lastmod(self, item):
        return item.updated_at


class LendingItemSitemap(LocalisedSitemap):
    """The room and the cargo bike: what they are and when they are free."""

    def items(self):
        return lending_selectors.items_list()


SITEMAPS = {
    "seiten": PageSitemap,
    "partner": OfficeSitemap,
    "aktuelles": AnnouncementSitemap,
    "initiativen": GroupSitemap,
    "gefoerderte-projekte": FundedProjectYearSitemap,
    "gefoerderte-projekte-einzeln": FundedProjectSitemap,
    "ideen": IdeaSitemap,
    "ausleihen": LendingItemSitemap,
}
