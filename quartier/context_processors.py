from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import translate_url
from django.utils.translation import get_language_info

from quartier.core.links import absolute_url


def _absolute_url(request, path: str) -> str:
    # The 400 page for a forged Host header renders this too: asking that request for its
    # host raises again (a 500). Such a request gets the site's own address instead.
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        return absolute_url(path)


def site(request):
    """Address for the footer and the same page in every language (links, so no cookie)."""
    path = request.get_full_path()
    # Every HTML page asks for these: each translation of the path is resolved once.
    translated = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
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
