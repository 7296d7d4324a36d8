"""Admin pages for online bookings that a ModelAdmin cannot give: the day and week plan of an
office (printable), entering an appointment for a caller or walk-in, cancelling with a reason,
marking "erschienen / nicht erschienen", the no-show rate per month, and the appointments a new
closure falls on, moving an appointment for someone who called.

Each function takes the ModelAdmin and returns the view, so querysets and permissions are the
admin's own: a member of one office never sees another office's bookings."""

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations.booking import selectors, services
from consultations.booking.enums import STAFF_MARKS, BookingStatus
from consultations.booking.forms import BookingTimeForm, StaffBookingForm, StaffCancelForm
from consultations.booking.models import AppointmentType, Booking
from consultations.booking.slots import FreeDay
from consultations.models import Closure
from offices.permissions import offices_editable_by
from quartier.core import clock
from quartier.core.admin_pages import admin_page_context

# How many days of free times the staff booking page lists at once.
STAFF_DAYS_PER_PAGE = 14


def _parse_day(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


def plan_url(office_id: int, day: date, view: str = "tag") -> str:
    url = reverse("admin:booking_booking_plan")
    return f"{url}?buero={office_id}&tag={day.isoformat()}&ansicht={view}"


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def plan(model_admin):
    """ "Tagesplan / Wochenplan": an office's bookings day by day, with its bookable hours."""

    def view(request):
        if not model_admin.has_view_permission(request):
            raise PermissionDenied
        offices = list(offices_editable_by(request.user))
        if not offices:
            raise PermissionDenied
        office = next((o for o in offices if str(o.pk) == request.GET.get("buero")), offices[0])
        today = clock.today()
        day = _parse_day(request.GET.get("tag"), today)
        week = request.GET.get("ansicht") == "woche"
        start = day - timedelta(days=day.weekday()) if week else day
        end = start + timedelta(days=6 if week else 0)
        days = selectors.booking_plan(office=office, start=start, end=end)
        step = timedelta(days=7 if week else 1)
        view_name = "woche" if week else "tag"
        return TemplateResponse(
            request,
            "admin/booking/plan.html",
            admin_page_context(
                request,
                model_admin=model_admin,
                title=_("Wochenplan") if week else _("Tagesplan"),
                offices=offices,
                office=office,
                day=day,
                start=start,
                end=end,
                week=week,
                days=days,
                today=today,
                now=clock.now(),
                previous_url=plan_url(office.pk, start - step, view_name),
                next_url=plan_url(office.pk, start + step, view_name),
                today_url=plan_url(office.pk, today, view_name),
                day_view_url=plan_url(office.pk, day, "tag"),
                week_view_url=plan_url(office.pk, day, "woche"),
                can_change=model_admin.has_change_permission(request),
                can_add=model_admin.has_add_permission(request),
                return_url=request.get_full_path(),
            ),
        )

    return view


def staff_book(model_admin):
    """ "Termin eintragen": for someone on the phone or at the counter. First the kind of
    appointment, then a free time (no minimum notice, no share kept for walk-ins) and who."""

    def view(request):
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
        types = list(
            AppointmentType.objects.filter(office__in=offices_editable_by(request.user))
            .select_related("office", "office__booking_rules")
            .order_by("office__ordering", "ordering", "name")
        )
        chosen = next((t for t in types if str(t.pk) == request.GET.get("art")), None)
        context = admin_page_context(
            request, model_admin=model_admin, title=_("Termin eintragen"), types=types
        )
        if chosen is None:
            return TemplateResponse(request, "admin/booking/book.html", context)
        now = clock.now()
        first_day = max(_parse_day(request.GET.get("ab"), now.date()), now.date())
        offer = selectors.type_offer(appointment_type=chosen, now=now, online=False)
        shown: list[FreeDay] = [
            d for d in offer.days if first_day <= d.day < first_day + timedelta(STAFF_DAYS_PER_PAGE)
        ]
        data = request.POST if request.method == "POST" else None
        time_form = BookingTimeForm(data, days=shown)
        form = StaffBookingForm(data, appointment_type=chosen)
        taken = False
        if request.method == "POST" and time_form.is_valid() and form.is_valid():
            cleaned = form.cleaned_data
            try:
                booking = services.booking_create(
                    appointment_type=chosen,
                    start=time_form.cleaned_data["start"],
                    name=cleaned["name"],
                    phone=cleaned["phone"],
                    email=cleaned["email"],
                    topic=cleaned["topic"],
                    language=cleaned["language"],
                    channel=cleaned["channel"],
                    created_by=request.user,
                    now=now,
                )
            except services.SlotTaken:
                taken = True
                offer = selectors.type_offer(appointment_type=chosen, now=clock.now(), online=False)
                shown = [d for d in offer.days if d.day >= first_day][:STAFF_DAYS_PER_PAGE]
                time_form = BookingTimeForm(days=shown)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Der Termin ist eingetragen: %(booking)s, %(name)s.")
                    % {"booking": booking, "name": booking.name},
                )
                day = clock.local_date(booking.starts_at)
                return redirect(plan_url(booking.office_id, day))
        later = [d for d in offer.days if d.day >= first_day + timedelta(STAFF_DAYS_PER_PAGE)]
        context.update(
            chosen=chosen,
            time_form=time_form,
            form=form,
            taken=taken,
            first_day=first_day,
            later_day=later[0].day if later else None,
            errors=bool(time_form.errors or form.errors),
        )
        return TemplateResponse(
            request,
            "admin/booking/book.html",
            context,
            status=409 if taken else 200,
        )

    return view


def _booking_for(model_admin, request, booking_id: int) -> Booking:
    booking = model_admin.get_object(request, str(booking_id))
    if booking is None:
        raise Http404
    if not model_admin.has_change_permission(request, booking):
        raise PermissionDenied
    return booking


def cancel(model_admin):
    """ "Absagen": with a reason the resident reads in the email."""

    def view(request, booking_id: int):
        booking = _booking_for(model_admin, request, booking_id)
        change_url = reverse("admin:booking_booking_change", args=[booking.pk])
        form = StaffCancelForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.booking_cancel(
                    booking=booking,
                    reason=form.cleaned_data["reason"],
                    notify=form.cleaned_data["notify"],
                    by=request.user,
                )
            except services.BookingNotChangeable:
                messages.error(request, _("Dieser Termin lässt sich nicht mehr absagen."))
            else:
                if form.cleaned_data["notify"] and booking.email:
                    note = _("Die Person bekommt eine E-Mail mit dem Grund.")
                elif booking.phone:
                    note = _("Bitte rufen Sie die Person an: %(phone)s.") % {"phone": booking.phone}
                else:
                    note = _("Die Person hat weder E-Mail noch Telefon angegeben.")
                messages.success(request, _("Der Termin ist abgesagt.") + " " + note)
            return redirect(_safe_next(request, change_url))
        return TemplateResponse(
            request,
            "admin/booking/cancel.html",
            admin_page_context(
                request,
                model_admin=model_admin,
                title=_("Termin absagen"),
                booking=booking,
                form=form,
                next=_safe_next(request, change_url),
            ),
        )

    return view


def move(model_admin):
    """ "Verschieben": another free time of the same type for someone who called; the resident
    gets the moved mail with the new .ics, as if they had moved it themselves."""

    def view(request, booking_id: int):
        booking = _booking_for(model_admin, request, booking_id)
        change_url = reverse("admin:booking_booking_change", args=[booking.pk])
        now = clock.now()
        if not booking.is_open or booking.starts_at <= now:
            messages.error(request, _("Dieser Termin lässt sich nicht mehr verschieben."))
            return redirect(change_url)
        first_day = max(_parse_day(request.GET.get("ab"), now.date()), now.date())

        def free_days() -> list[FreeDay]:
            offer = selectors.type_offer(
                appointment_type=booking.appointment_type,
                now=clock.now(),
                online=False,
                exclude_booking=booking,
            )
            # Its own time is no choice: "moving" there would change nothing.
            days = [
                FreeDay(d.day, tuple(t for t in d.times if t.start != booking.starts_at))
                for d in offer.days
                if d.day >= first_day
            ]
            return [d for d in days if d.times]

        days = free_days()
        shown = [d for d in days if d.day < first_day + timedelta(STAFF_DAYS_PER_PAGE)]
        time_form = BookingTimeForm(request.POST if request.method == "POST" else None, days=shown)
        taken = False
        if request.method == "POST" and time_form.is_valid():
            try:
                moved = services.booking_move(
                    booking=booking, start=time_form.cleaned_data["start"], by_staff=True, now=now
                )
            except services.SlotTaken:
                taken = True
                days = free_days()
                shown = [d for d in days if d.day < first_day + timedelta(STAFF_DAYS_PER_PAGE)]
                time_form = BookingTimeForm(days=shown)
            except services.BookingNotChangeable:
                messages.error(request, _("Dieser Termin lässt sich nicht mehr verschieben."))
                return redirect(change_url)
            else:
                note = (
                    _("Die Person bekommt eine E-Mail mit der neuen Zeit.")
                    if moved.email
                    else _("Bitte sagen Sie der Person die neue Zeit: %(contact)s.")
                    % {"contact": moved.contact or "–"}
                )
                messages.success(
                    request, _("Der Termin ist verschoben: %(booking)s.") % {"booking": moved}
                )
                messages.info(request, note)
                return redirect(plan_url(moved.office_id, clock.local_date(moved.starts_at)))
        later = [d for d in days if d.day >= first_day + timedelta(STAFF_DAYS_PER_PAGE)]
        return TemplateResponse(
            request,
            "admin/booking/move.html",
            admin_page_context(
                request,
                model_admin=model_admin,
                title=_("Termin verschieben"),
                booking=booking,
                time_form=time_form,
                taken=taken,
                first_day=first_day,
                later_day=later[0].day if later else None,
                change_url=change_url,
                errors=bool(time_form.errors),
            ),
            status=409 if taken else 200,
        )

    return view


def set_status(model_admin):
    """The buttons "Erschienen" / "Nicht erschienen" (POST only)."""

    def view(request, booking_id: int, status: str):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if status not in STAFF_MARKS:
            raise Http404
        mark = BookingStatus(status)
        booking = _booking_for(model_admin, request, booking_id)
        try:
            services.booking_set_status(booking=booking, status=mark, by=request.user)
        except services.BookingNotChangeable:
            messages.error(
                request,
                _("Das geht erst am Tag des Termins, und nicht bei abgesagten Terminen."),
            )
        else:
            messages.success(
                request,
                _("%(booking)s: %(status)s.") % {"booking": booking, "status": mark.label},
            )
        return redirect(
            _safe_next(request, reverse("admin:booking_booking_change", args=[booking.pk]))
        )

    return view


def statistic(model_admin):
    """ "Nicht erschienen pro Monat": how many came, how many did not, per office."""

    def view(request):
        if not model_admin.has_view_permission(request):
            raise PermissionDenied
        offices = list(offices_editable_by(request.user))
        return TemplateResponse(
            request,
            "admin/booking/statistic.html",
            admin_page_context(
                request,
                model_admin=model_admin,
                title=_("Nicht erschienen: Quote pro Monat"),
                months=selectors.no_show_statistic(offices=offices),
                retention_days=services.booking_retention_days(),
            ),
        )

    return view


def bookings_in_closure(request, closure: Closure) -> list[Booking]:
    """The coming appointments the closure falls on, of the offices this user may edit."""
    editable = set(offices_editable_by(request.user).values_list("pk", flat=True))
    return [
        b
        for b in selectors.bookings_affected_by_closure(closure=closure)
        if b.office_id in editable
    ]


def closure_affected(model_admin):
    """After a closure is saved: the booked appointments it falls on, to cancel and notify."""

    def view(request, closure_id: int):
        closure = get_object_or_404(Closure, pk=closure_id)
        if not model_admin.has_change_permission(request, closure):
            raise PermissionDenied
        affected = bookings_in_closure(request, closure)
        if not request.user.has_perm("booking.change_booking"):
            raise PermissionDenied
        if request.method == "POST":
            chosen = {int(pk) for pk in request.POST.getlist("termin") if pk.isdigit()}
            bookings = [b for b in affected if b.pk in chosen]
            count = services.bookings_cancel_for_closure(
                closure=closure, bookings=bookings, by=request.user
            )
            messages.success(
                request,
                ngettext(
                    "%(count)d Termin abgesagt; wer eine E-Mail angegeben hat, ist informiert.",
                    "%(count)d Termine abgesagt; wer eine E-Mail angegeben hat, ist informiert.",
                    count,
                )
                % {"count": count},
            )
            return redirect("admin:consultations_closure_changelist")
        return TemplateResponse(
            request,
            "admin/booking/closure_affected.html",
            admin_page_context(
                request,
                model_admin=model_admin,
                title=_("Gebuchte Termine in dieser Schließung"),
                closure=closure,
                affected=affected,
            ),
        )

    return view
