from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info


def site(request):
    """Address for the footer and the same page in every language (links, so no cookie)."""
    path = request.get_full_path()
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
                "url": translate_url(path, code),
                # Search engines want absolute addresses in <link rel="alternate" hreflang>.
                "absolute_url": request.build_absolute_uri(translate_url(path, code)),
            }
            for code, _name in settings.LANGUAGES
        ],
    }
