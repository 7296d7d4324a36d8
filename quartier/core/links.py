"""Links that leave the site's pages (emails, feeds, alternates for search engines) start with
settings.SITE_URL, the address people reach the site at; never with a request's Host header."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` ("/aktuelles/") as a full address on the site."""
    return settings.SITE_URL.rstrip("/") + path
