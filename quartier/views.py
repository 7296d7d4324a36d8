from django.shortcuts import render

from consultations import selectors as consultation_selectors
from offices import selectors as office_selectors


def home(request):
    offices = list(office_selectors.office_list())
    context = {"offices": offices}
    # Sprechzeiten (consultations): who is open now, and this week's and next week's hours.
    context["hours"] = consultation_selectors.hours_overview(offices=offices)
    return render(request, "home.html", context)


def site_page(request, slug):
    page = office_selectors.site_page_get(slug=slug)
    return render(request, "site_page.html", {"page": page})
