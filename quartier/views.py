from django.shortcuts import render

from offices import selectors as office_selectors


def home(request):
    offices = office_selectors.office_list()
    return render(request, "home.html", {"offices": offices})


def site_page(request, slug):
    page = office_selectors.site_page_get(slug=slug)
    return render(request, "site_page.html", {"page": page})
