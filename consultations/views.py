from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from consultations import selectors, services
from consultations.calendar_feed import build_calendar
from consultations.forms import AppointmentRequestForm
from offices import selectors as office_selectors
from quartier.core import clock, rate_limit
from quartier.core.page_cache import public_page


@require_safe
@public_page
def overview(request):
    """All offices: open now, weekly hours, closures, two weeks; printable for the shop window."""
    offices = list(office_selectors.office_list())
    now = clock.now()
    hours = selectors.hours_overview(offices=offices, now=now)
    return render(request, "consultations/overview.html", {"hours": hours, "now": now})


def _calendar_response(request, *, offices, name: str, filename: str) -> HttpResponse:
    schedules, start, end = selectors.calendar_schedules(offices=offices)
    body = build_calendar(
        schedules=schedules,
        start=start,
        end=end,
        name=name,
        host=request.get_host().split(":")[0],
        office_url=lambda office: request.build_absolute_uri(office.get_absolute_url()),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
@public_page
def calendar_all(request):
    return _calendar_response(
        request,
        offices=list(office_selectors.office_list()),
        name=_("Sprechzeiten im Quartiersbüro Westerfilde/Bodelschwingh"),
        filename="sprechzeiten-quartiersbuero.ics",
    )


@require_safe
@public_page
def calendar_office(request, slug):
    office = office_selectors.office_get(slug=slug)
    return _calendar_response(
        request,
        offices=[office],
        name=_("Sprechzeiten: %(office)s") % {"office": office.short_name},
        filename=f"sprechzeiten-{office.slug}.ics",
    )


def _office_by_appointment(slug):
    office = office_selectors.office_get(slug=slug)
    if not office.by_appointment:
        raise Http404
    return office


@never_cache
@require_http_methods(["GET", "POST"])
def appointment_request(request, slug):
    """ "Nach Terminvereinbarung": the request form of one office."""
    office = _office_by_appointment(slug)
    status = 200
    form = AppointmentRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if rate_limit.allow(
            request,
            scope="appointment-request",
            limit=settings.APPOINTMENT_REQUEST_RATE_LIMIT,
            per_seconds=60 * 60,
        ):
            data = form.cleaned_data
            try:
                services.appointment_request_create(
                    office=office,
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    topic=data["topic"],
                    preferred_times=data["preferred_times"],
                )
            except services.AppointmentRequestLimitReached as limit:
                form.add_error(
                    None,
                    ngettext(
                        "Mit dieser E-Mail-Adresse oder Telefonnummer ist heute schon "
                        "%(count)d Anfrage eingegangen. Wir melden uns bei Ihnen.",
                        "Mit dieser E-Mail-Adresse oder Telefonnummer sind heute schon "
                        "%(count)d Anfragen eingegangen. Wir melden uns bei Ihnen.",
                        limit.limit,
                    )
                    % {"count": limit.limit},
                )
            else:
                return redirect("consultations:appointment_done", slug=office.slug)
        else:
            # Not the resident's input at fault: a notice of its own, not a form error.
            status = 429
    return render(
        request,
        "consultations/appointment_request.html",
        {"office": office, "form": form, "rate_limited": status == 429},
        status=status,
    )


@require_safe
@public_page
def appointment_done(request, slug):
    office = _office_by_appointment(slug)
    return render(
        request,
        "consultations/appointment_done.html",
        {"office": office, "retention_days": settings.APPOINTMENT_REQUEST_RETENTION_DAYS},
    )
