from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language_info, override

from quartier.core.links import absolute_url


def _absolute_url(request, path: str) -> str:
    # The 400 page for a forged Host header renders this too: asking that request for its
    # host raises again (a 500). Such a request gets the site's own address instead.
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        return absolute_url(path)


def same_page_in_every_language(request) -> dict[str, str]:
    """The address of this page in each language, as Django's translate_url gives it. The
    request was resolved on its way in: its match is reversed in each language rather than
    the path resolved again per language (every HTML page asks for this)."""
    path = request.get_full_path()
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name is None or getattr(request, "urlconf", None):
        return {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    parsed = urlsplit(path)
    addresses = {}
    for code, _name in settings.LANGUAGES:
        with override(code):
            try:
                translated = reverse(name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                addresses[code] = path
                continue
        addresses[code] = urlunsplit(("", "", translated, parsed.query, parsed.fragment))
    return addresses


def site(request):
    """Address for the footer and the same page in every language (links, so no cookie)."""
    translated = same_page_in_every_language(request)
    return {
        "site": {
            "name": settings.SITE_NAME,
            "street": settings.SITE_STREET,
            "postal_code": settings.SITE_POSTAL_CODE,
            "city": settings.SITE_CITY,
        },
        "language_links": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": translated[code],
                # Search engines want absolute addresses in <link rel="alternate" hreflang>.
                "absolute_url": _absolute_url(request, translated[code]),
            }
            for code, _name in settings.LANGUAGES
        ],
    }
