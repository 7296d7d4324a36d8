from django.shortcuts import render

from offices import selectors
from quartier.page_cache import public_page


@public_page
def office_detail(request, slug):
    office = selectors.office_get(slug=slug)
    return render(request, "offices/office_detail.html", {"office": office})
