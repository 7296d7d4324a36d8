from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from offices import selectors as office_selectors

# How many announcements and events the home page shows (issue 4).
HOME_ANNOUNCEMENTS = 3
HOME_EVENTS = 3


def home(request):
    offices = office_selectors.office_list()
    context = {"offices": offices}
    # --- Announcements and events (issue 4) ---
    context["announcements"] = office_selectors.announcement_list()[:HOME_ANNOUNCEMENTS]
    context["events"] = office_selectors.event_list()[:HOME_EVENTS]
    # --- end issue 4 ---
    return render(request, "home.html", context)


def site_page(request, slug):
    page = office_selectors.site_page_get(slug=slug)
    return render(request, "site_page.html", {"page": page})


def robots_txt(request):
    """Everything public may be indexed; the sitemap says what there is."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
