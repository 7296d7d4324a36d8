from django.shortcuts import render
from django.utils import translation

from consultations import clock
from consultations import selectors as consultation_selectors
from fund_applications import selectors as fund_selectors
from inclusion import selectors
from offices import selectors as office_selectors
from quartier.page_cache import public_page


@public_page
def easy_read(request):
    """Leichte Sprache is German: the page's content stays German under /en/, /tr/, /ar/; only
    the header and footer follow the visitor's language."""
    with translation.override("de"):
        offices = list(office_selectors.office_list())
        now = clock.now()
        context = {
            "sections": selectors.easy_read_sections(),
            "offices": offices,
            "hours": consultation_selectors.hours_overview(offices=offices, now=now),
            "now": now,
            "fund_session": fund_selectors.fund_teaser(),
        }
    return render(request, "inclusion/easy_read.html", context)


@public_page
def sign_language(request):
    context = {
        "video": selectors.sign_language_video(),
        "offices": list(office_selectors.office_list()),
    }
    return render(request, "inclusion/sign_language.html", context)
