"""The resident's side of online booking: office → type → day and time (held for a few
minutes) → details → the private page of the booking. No account, no JavaScript; every page
with personal data is private and unindexed."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from consultations.booking import selectors, services
from consultations.booking.calendar_file import booking_ics, booking_place
from consultations.booking.forms import BookingDetailsForm, BookingTimeForm
from consultations.booking.slots import parse_time_value
from offices import selectors as office_selectors
from quartier.core import clock, rate_limit
from quartier.core.private_links import private_page

BOOKING_STEPS = [
    (1, gettext_lazy("Büro")),
    (2, gettext_lazy("Terminart")),
    (3, gettext_lazy("Tag und Uhrzeit")),
    (4, gettext_lazy("Ihre Angaben")),
    (5, gettext_lazy("Bestätigung")),
]


def _office_by_appointment(slug):
    office = office_selectors.office_get(slug=slug)
    if not office.by_appointment:
        raise Http404
    return office


# The one time this browser holds: choosing another releases it (services.booking_hold_create),
# so one visitor cannot keep a whole calendar "ausgebucht". Only while a time is held.
HOLD_COOKIE = "termin_reservierung"


def _remember_hold(response: HttpResponse, hold) -> HttpResponse:
    response.set_cookie(
        HOLD_COOKIE,
        hold.token,
        max_age=services.HOLD_MINUTES * 60,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _forget_hold(response: HttpResponse) -> HttpResponse:
    response.delete_cookie(HOLD_COOKIE, samesite="Lax")
    return response


def _step(number: int) -> dict:
    return {"booking_steps": BOOKING_STEPS, "step": number}


def _lost_time(form: BookingTimeForm) -> bool:
    """A real time was chosen that is no longer free (someone else took it); anything else
    sent as a time is an ordinary form error."""
    if parse_time_value(form.chosen_value) is None:
        return False
    return any(error.code == "invalid_choice" for error in form.errors.as_data().get("start", []))


def _limit_message(limit: int, office) -> str:
    """Too many open bookings: cancel one first, or call, but only if the office has a phone."""
    message = ngettext(
        "Mit dieser E-Mail-Adresse oder Telefonnummer ist schon %(count)d Termin bei diesem "
        "Büro gebucht. Bitte sagen Sie ihn zuerst ab.",
        "Mit dieser E-Mail-Adresse oder Telefonnummer sind schon %(count)d Termine bei diesem "
        "Büro gebucht. Bitte sagen Sie zuerst einen ab.",
        limit,
    ) % {"count": limit}
    if office.phone:
        message += " " + gettext("Oder rufen Sie uns an: %(phone)s") % {"phone": office.phone}
    return message


def _moved_already(form: BookingTimeForm, previous: str) -> bool:
    """The form was sent from a page that showed another time as the booking's own, and the
    booking now stands at the chosen time: the first click of two moved it."""
    return bool(previous) and previous != form.current_value == form.chosen_value


@never_cache
@require_safe
def start(request):
    """Step 1: which office."""
    offices = list(office_selectors.office_list())
    offers = selectors.booking_offices(offices=offices, now=clock.now())
    return render(request, "booking/start.html", {"offers": offers, **_step(1)})


@never_cache
@require_safe
def office(request, slug):
    """Step 2: which kind of appointment."""
    office = _office_by_appointment(slug)
    offer = selectors.booking_office(office=office, now=clock.now())
    return render(
        request,
        "booking/office.html",
        {"office": office, "offer": offer, **_step(2)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def times(request, slug, type_id):
    """Step 3: day and time, as radio buttons grouped by day. Choosing holds the time."""
    appointment_type = selectors.bookable_type_get(office_slug=slug, type_id=type_id)
    now = clock.now()
    offer = selectors.type_offer(appointment_type=appointment_type, now=now)
    form = BookingTimeForm(request.POST if request.method == "POST" else None, days=offer.days)
    status, taken = 200, False
    if request.method == "POST":
        if form.is_valid():
            if rate_limit.allow(
                request,
                scope="booking-hold",
                limit=settings.BOOKING_HOLD_RATE_LIMIT,
                per_seconds=60 * 60,
            ):
                try:
                    hold = services.booking_hold_create(
                        appointment_type=appointment_type,
                        start=form.cleaned_data["start"],
                        replaces=request.COOKIES.get(HOLD_COOKIE, ""),
                        now=now,
                    )
                except services.SlotTaken:
                    taken = True
                else:
                    return _remember_hold(redirect("booking:details", token=hold.token), hold)
            else:
                status = 429
        elif _lost_time(form):
            taken = True
        if taken:
            status = 409
            offer = selectors.type_offer(appointment_type=appointment_type, now=clock.now())
            form = BookingTimeForm(days=offer.days)
    return render(
        request,
        "booking/times.html",
        {
            "appointment_type": appointment_type,
            "office": appointment_type.office,
            "offer": offer,
            "form": form,
            "taken": taken,
            "rate_limited": status == 429,
            "hold_minutes": services.HOLD_MINUTES,
            **_step(3),
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def details(request, token):
    """Step 4: name, contact, topic, consent. If the held time was lost meanwhile, the page
    offers the next free times in the same form and keeps what was typed."""
    hold = selectors.booking_hold_get(token=token)
    if hold.booking_id is not None:  # booked already (back button, second click)
        return redirect(hold.booking.get_absolute_url() + "?gebucht=1")
    appointment_type = hold.appointment_type
    now = clock.now()
    form = BookingDetailsForm(
        request.POST if request.method == "POST" else None,
        appointment_type=appointment_type,
        retention_days=services.booking_retention_days(),
    )
    time_form = None
    status, taken, passed = 200, False, False
    if request.method == "POST":
        if "start" in request.POST:
            offer = selectors.type_offer(appointment_type=appointment_type, now=now)
            time_form = BookingTimeForm(request.POST, days=offer.days)
        times_ok = time_form is None or time_form.is_valid()
        if form.is_valid() and times_ok:
            if rate_limit.allow(
                request,
                scope="booking",
                limit=settings.BOOKING_RATE_LIMIT,
                per_seconds=60 * 60,
            ):
                data = form.cleaned_data
                start = time_form.cleaned_data["start"] if time_form else hold.starts_at
                try:
                    booking = services.booking_create(
                        appointment_type=appointment_type,
                        start=start,
                        name=data["name"],
                        phone=data["phone"],
                        email=data["email"],
                        topic=data["topic"],
                        language=request.LANGUAGE_CODE,
                        hold=hold,
                        now=now,
                    )
                except services.TimePassed:
                    taken = passed = True
                except services.SlotTaken:
                    taken = True
                except services.BookingLimitReached as limit:
                    form.add_error(None, _limit_message(limit.limit, appointment_type.office))
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    url = booking.get_absolute_url() + "?gebucht=1"
                    return _forget_hold(redirect(url))
            else:
                status = 429
        elif time_form is not None and _lost_time(time_form):
            taken = True
        if taken:
            status = 409
            offer = selectors.type_offer(appointment_type=appointment_type, now=clock.now())
            time_form = BookingTimeForm(days=offer.days[:3])
    return render(
        request,
        "booking/details.html",
        {
            "hold": hold,
            "appointment_type": appointment_type,
            "office": appointment_type.office,
            "form": form,
            "time_form": time_form,
            "taken": taken,
            "passed": passed,
            "hold_expired": hold.expires_at <= now,
            "rate_limited": status == 429,
            **_step(4),
        },
        status=status,
    )


@require_POST
def release(request, token):
    """ "Andere Zeit wählen": the held time is free again, back to the list."""
    hold = selectors.booking_hold_get(token=token)
    if hold.booking_id is not None:
        return redirect(hold.booking.get_absolute_url())
    appointment_type = hold.appointment_type
    services.booking_hold_release(hold=hold)
    return _forget_hold(
        redirect("booking:times", slug=appointment_type.office.slug, type_id=appointment_type.pk)
    )


def _booking_context(request, booking, now) -> dict:
    return {
        "booking": booking,
        "appointment_type": booking.appointment_type,
        "office": booking.office,
        "place": booking_place(booking),
        "changeable": booking.is_open and booking.starts_at > now,
        "is_past": booking.starts_at <= now,
        "retention_days": services.booking_retention_days(),
        "private_url": request.build_absolute_uri(booking.get_absolute_url()),
    }


@private_page
@require_safe
def manage(request, token):
    """The private page of a booking: the confirmation to print, the calendar file, and the
    ways to cancel or move it (pages with a POST button)."""
    booking = selectors.booking_by_token(token=token)
    context = _booking_context(request, booking, clock.now())
    context.update(
        just_booked="gebucht" in request.GET,
        just_moved="verschoben" in request.GET,
        just_cancelled="abgesagt" in request.GET,
    )
    return render(request, "booking/manage.html", context)


@private_page
@require_safe
def calendar(request, token):
    booking = selectors.booking_by_token(token=token)
    body = booking_ics(
        booking,
        url=request.build_absolute_uri(booking.get_absolute_url()),
        host=request.get_host().split(":")[0],
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="termin.ics"'
    return response


@private_page
@require_http_methods(["GET", "POST"])
def cancel(request, token):
    """GET asks, POST cancels."""
    booking = selectors.booking_by_token(token=token)
    now = clock.now()
    status = 200
    if request.method == "POST":
        try:
            services.booking_cancel(booking=booking, now=now)
        except services.BookingNotChangeable:
            if booking.is_cancelled and booking.cancelled_by_id is None:
                return redirect(booking.get_absolute_url() + "?abgesagt=1")  # a second click
            status = 409
        else:
            return redirect(booking.get_absolute_url() + "?abgesagt=1")
    context = _booking_context(request, booking, now)
    return render(request, "booking/cancel.html", context, status=status)


@private_page
@require_http_methods(["GET", "POST"])
def move(request, token):
    """Another free time of the same kind; GET shows them, POST moves."""
    booking = selectors.booking_by_token(token=token)
    now = clock.now()
    context = _booking_context(request, booking, now)
    status, taken = 200, False
    form = None
    if context["changeable"]:
        offer = selectors.type_offer(
            appointment_type=booking.appointment_type, now=now, exclude_booking=booking
        )
        form = BookingTimeForm(
            request.POST if request.method == "POST" else None,
            days=offer.days,
            current=booking.starts_at,
        )
        if request.method == "POST":
            if _moved_already(form, request.POST.get("bisher", "")):
                return redirect(booking.get_absolute_url() + "?verschoben=1")  # a second click
            if form.is_valid():
                try:
                    services.booking_move(
                        booking=booking, start=form.cleaned_data["start"], now=now
                    )
                except services.SlotTaken:
                    taken = True
                except services.BookingNotChangeable:
                    status = 409
                else:
                    return redirect(booking.get_absolute_url() + "?verschoben=1")
            elif _lost_time(form):
                taken = True
            if taken:
                status = 409
                offer = selectors.type_offer(
                    appointment_type=booking.appointment_type,
                    now=clock.now(),
                    exclude_booking=booking,
                )
                form = BookingTimeForm(days=offer.days, current=booking.starts_at)
    elif request.method == "POST":
        status = 409
    context.update(form=form, taken=taken)
    return render(request, "booking/move.html", context, status=status)
