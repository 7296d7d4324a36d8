from django.shortcuts import render

from fund_applications import selectors as fund_selectors
from offices import selectors as office_selectors


def home(request):
    offices = office_selectors.office_list()
    context = {"offices": offices}
    # --- Stadtteilfonds teaser (fund_applications) ---
    context["fund_next_session"] = fund_selectors.fund_teaser()
    # --- end Stadtteilfonds teaser ---
    return render(request, "home.html", context)


def site_page(request, slug):
    page = office_selectors.site_page_get(slug=slug)
    return render(request, "site_page.html", {"page": page})
