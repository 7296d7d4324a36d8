"""Every public page of the site, for the checks that apply to all of them (axe, queries,
headers, cookies). Add a page here when you add one to the site."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from offices.models import Office, SitePage


def public_page_paths() -> list[str]:
    """Paths of all public pages, for demo data already in the database."""
    paths = ["/", "/en/", "/en/stadtteilfonds/", "/stadtteilfonds/"]
    paths += [office.get_absolute_url() for office in Office.objects.all()]
    paths += [f"/{slug}/" for slug in SitePage.Slug.values]
    return paths


def page_query_counts(client, paths: list[str]) -> dict[str, int]:
    """How many SQL queries each page makes."""
    counts = {}
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(queries)
    return counts
