from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from offices import calendars, selectors
from quartier.core.page_cache import public_page


@public_page
def office_detail(request, slug):
    office = selectors.office_get(slug=slug)
    return render(request, "offices/office_detail.html", {"office": office})


# --- Announcements and events ---------------------------------------------------------

ANNOUNCEMENTS_PER_PAGE = 10
EVENTS_PER_PAGE = 20


@public_page
def announcement_list(request):
    offices = list(selectors.office_list())
    office = None
    if office_slug := request.GET.get("buero"):
        # Picked from the list the filter links need anyway: no extra query.
        office = next((o for o in offices if o.slug == office_slug), None)
        if office is None:
            raise Http404
    paginator = Paginator(selectors.announcement_list(office=office), ANNOUNCEMENTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("seite"))
    return render(
        request,
        "offices/announcement_list.html",
        {"page": page, "offices": offices, "office": office},
    )


@public_page
def announcement_detail(request, slug):
    announcement = selectors.announcement_get(slug=slug)
    return render(request, "offices/announcement_detail.html", {"announcement": announcement})


@public_page
def event_list(request):
    paginator = Paginator(selectors.event_list(), EVENTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("seite"))
    return render(request, "offices/event_list.html", {"page": page})


@public_page
def event_calendar(request):
    """All public events as a calendar to subscribe to."""
    body = calendars.events_calendar(
        announcements=selectors.calendar_event_list(),
        name=_("Veranstaltungen im Quartiersbüro Westerfilde/Bodelschwingh"),
        absolute_url=request.build_absolute_uri,
    )
    return _calendar_response(body, filename="veranstaltungen.ics")


@public_page
def announcement_calendar(request, slug):
    """One event, for "In meinen Kalender"."""
    announcement = selectors.announcement_get(slug=slug)
    if not announcement.is_event:
        raise Http404
    body = calendars.events_calendar(
        announcements=[announcement],
        name=announcement.title,
        absolute_url=request.build_absolute_uri,
    )
    return _calendar_response(body, filename=f"{announcement.slug}.ics")


def _calendar_response(body: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
