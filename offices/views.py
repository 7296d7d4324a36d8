from django.shortcuts import render

from offices import selectors


def office_detail(request, slug):
    office = selectors.office_get(slug=slug)
    return render(request, "offices/office_detail.html", {"office": office})
