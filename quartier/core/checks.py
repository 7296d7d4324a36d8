"""System checks for what the core needs from the deployment."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security)
def site_url_check(app_configs, **kwargs) -> list[Error]:
    """Every link in every email is built from SITE_URL: in production (DEBUG off) it must be
    set, and be https when the site is served over HTTPS.

    A normal check, not only a deploy check: `migrate`, `runserver` and the worker refuse to
    start with a wrong SITE_URL, so no invitation goes out with a dead link."""
    if settings.DEBUG:
        return []
    if not settings.SITE_URL_CONFIGURED:
        return [
            Error(
                "SITE_URL is not set: links in emails would point to http://127.0.0.1:8000.",
                hint="Set SITE_URL to the address people reach the site at, e.g. "
                "https://quartiersbuero.example.org (see .env.example).",
                id="quartier.E001",
            )
        ]
    if settings.HTTPS and not settings.SITE_URL.startswith("https://"):
        return [
            Error(
                f"SITE_URL ({settings.SITE_URL}) is not https although HTTPS=1.",
                hint="Links in emails must use the address with https://.",
                id="quartier.E002",
            )
        ]
    return []
