"""Every public page of the site, for the checks that apply to all of them (axe, queries,
headers, cookies). Add a page here when you add one to the site."""

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.booking.models import AppointmentType
from consultations.lending.models import LendingItem
from fund_applications.register import register_sitemap_projects, register_sitemap_years
from offices import selectors as office_selectors
from offices.events.models import EventSignupSetup
from offices.initiatives import selectors as initiatives_selectors
from offices.models import Office, SitePage
from quartier.core import page_cache
from quartier.ideas import selectors as idea_selectors

# Every public page makes at most this many queries, whatever the data volume.
MAX_QUERIES_PER_PAGE = 6


def public_page_paths() -> list[str]:
    """Paths of all public pages, for demo data already in the database."""
    paths = ["/", "/en/", "/en/stadtteilfonds/", "/stadtteilfonds/"]
    paths += [office.get_absolute_url() for office in Office.objects.all()]
    paths += [f"/{slug}/" for slug in SitePage.Slug.values]
    # Sprechzeiten (consultations)
    paths += ["/sprechzeiten/", "/en/sprechzeiten/"]
    paths += [
        f"/sprechzeiten/termin/{slug}/danke/"
        for slug in Office.objects.filter(by_appointment=True).values_list("slug", flat=True)
    ]
    paths += ["/barrierefreiheit/rueckmeldung/danke/"]
    # Online booking: the first two steps have no form
    paths += ["/sprechzeiten/buchen/", "/en/sprechzeiten/buchen/", "/ar/sprechzeiten/buchen/"]
    paths += [
        f"/sprechzeiten/buchen/{slug}/"
        for slug in Office.objects.filter(by_appointment=True).values_list("slug", flat=True)
    ]
    # Verleih: the items, each item's free/busy table, how it works in Leichte Sprache
    paths += ["/ausleihen/", "/en/ausleihen/", "/ar/ausleihen/", "/ausleihen/so-geht-es/"]
    for slug in LendingItem.objects.active().values_list("slug", flat=True):
        paths += [f"/ausleihen/{slug}/", f"/ar/ausleihen/{slug}/"]
    # Announcements and events
    paths += ["/aktuelles/", "/en/aktuelles/", "/veranstaltungen/"]
    announcements = list(office_selectors.announcement_list())
    paths += sorted({f"/aktuelles/?buero={a.office.slug}" for a in announcements if a.office})
    paths += [a.get_absolute_url() for a in announcements]
    # Inclusion: Leichte Sprache, Gebärdensprache, and pages in Turkish and Arabic
    paths += ["/leichte-sprache/", "/gebaerdensprache/"]
    # Event sign-up: how it works in Leichte Sprache (the event pages are above)
    paths += ["/leichte-sprache/anmeldung/", "/ar/leichte-sprache/anmeldung/"]
    paths += ["/tr/", "/ar/", "/ar/sprechzeiten/", "/tr/aktuelles/", "/ar/leichte-sprache/"]
    paths += [in_language(office.get_absolute_url(), "ar") for office in Office.objects.all()]
    # Geförderte Projekte: the register, its years and each shown project
    paths += ["/stadtteilfonds/gefoerderte-projekte/", "/ar/stadtteilfonds/gefoerderte-projekte/"]
    paths += [f"/stadtteilfonds/gefoerderte-projekte/{year}/" for year in register_sitemap_years()]
    paths += [
        f"/stadtteilfonds/gefoerderte-projekte/projekt/{project.pk}/"
        for project in register_sitemap_projects()
    ]
    # Initiativen und Gruppen: the directory and the thank-you pages
    paths += ["/initiativen/", "/ar/initiativen/", "/initiativen/eintragen/danke/"]
    paths += [f"{group.get_absolute_url()}danke/" for group in initiatives_selectors.group_list()]
    # Anregungen und Ideen: the list (by status and topic), each published idea, the Leichte
    # Sprache page
    paths += ["/ideen/", "/ar/ideen/", "/ideen/?stand=aufgegriffen", "/ideen/so-gehts/"]
    ideas = list(idea_selectors.idea_list())
    # One topic stands for all: the same template, another filter.
    paths += sorted({f"/ideen/?thema={idea.topic.slug}" for idea in ideas})[:1]
    paths += [idea.get_absolute_url() for idea in ideas]
    return paths


def public_form_paths() -> list[str]:
    """Public pages with a form: they set the CSRF cookie, everything else must not."""
    paths = ["/barrierefreiheit/rueckmeldung/"]
    paths += [
        f"/sprechzeiten/termin/{slug}/"
        for slug in Office.objects.filter(by_appointment=True).values_list("slug", flat=True)
    ]
    # Online booking: the times of one kind of appointment per office
    first_types = {}
    for appointment_type in AppointmentType.objects.active().select_related("office"):
        first_types.setdefault(appointment_type.office_id, appointment_type)
    paths += [
        f"/sprechzeiten/buchen/{t.office.slug}/{t.pk}/"
        for t in sorted(first_types.values(), key=lambda t: t.office.ordering)
    ]
    # Initiativen und Gruppen: "Gruppe eintragen", and each group's page with "Mitmachen"
    paths += ["/initiativen/eintragen/"]
    paths += [group.get_absolute_url() for group in initiatives_selectors.group_list()]
    # Event sign-up: the form of each event with sign-up, in German and Arabic
    # (German last: a page's language stays active in the test thread after the request).
    slugs = sorted(EventSignupSetup.objects.values_list("announcement__slug", flat=True))
    paths += [f"/ar/aktuelles/{slug}/anmeldung/" for slug in slugs[:1]]
    paths += [f"/aktuelles/{slug}/anmeldung/" for slug in slugs]
    # Anregungen und Ideen: sending an idea, supporting one
    paths += ["/ideen/neu/", "/en/ideen/neu/"]
    paths += [
        f"/ideen/{idea.pk}/unterstuetzen/"
        for idea in idea_selectors.idea_list().filter(closed_at__isnull=True)[:1]
    ]
    # Verleih: the request form of each item
    paths += [
        f"/ausleihen/{slug}/anfragen/"
        for slug in LendingItem.objects.active().values_list("slug", flat=True)
    ]
    return paths


def all_public_paths() -> list[str]:
    """Every public page, with or without a form (axe, headers, third parties, queries)."""
    return public_page_paths() + public_form_paths()


def in_language(path: str, code: str) -> str:
    """The same page in another language: German at the root, the others under /en/, /tr/ …"""
    for other, _name in settings.LANGUAGES:
        if path.startswith(f"/{other}/"):
            path = path[len(other) + 1 :]
            break
    return path if code == settings.LANGUAGE_CODE else f"/{code}{path}"


def in_every_language(paths: list[str]) -> list[str]:
    """Each page in every language of the site, without repeats."""
    localized = [in_language(path, code) for code, _name in settings.LANGUAGES for path in paths]
    return list(dict.fromkeys(localized))


def page_query_counts(client, paths: list[str]) -> dict[str, int]:
    """How many SQL queries each page makes when it is rendered (not served from the cache)."""
    counts = {}
    for path in paths:
        caches["pages"].clear()
        # The page's own queries: the shared content version is read at most once a second
        # per process, so it is read here, before counting, and held during the request.
        page_cache.forget_version()
        page_cache.content_version()
        recheck, page_cache.VERSION_RECHECK_SECONDS = page_cache.VERSION_RECHECK_SECONDS, 1e9
        try:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
        finally:
            page_cache.VERSION_RECHECK_SECONDS = recheck
        assert response.status_code == 200, path
        counts[path] = len(queries)
    return counts
