from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from consultations import selectors, services, staff_views
from consultations.enums import BookingStatus
from consultations.models import (
    AppointmentHours,
    AppointmentRequest,
    AppointmentType,
    Booking,
    BookingRules,
    Closure,
    ConsultationHours,
)
from consultations.public_holidays import upcoming_holidays
from offices.admin_forms import StaffListMixin
from offices.permissions import OfficeScopedAdminMixin, offices_editable_by
from quartier.core import clock
from quartier.core.templatetags.formatting import hhmm, long_date


class UpcomingHolidaysMixin:
    """Shows staff the NRW public holidays of the coming year above the list: the offices are
    closed on them automatically unless a special opening is entered."""

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "upcoming_holidays": upcoming_holidays(clock.today(), days=365),
        }
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(ConsultationHours)
class ConsultationHoursAdmin(
    StaffListMixin, UpcomingHolidaysMixin, OfficeScopedAdminMixin, SimpleHistoryAdmin
):
    list_display = ["office", "weekday", "start", "end", "note", "valid_from", "valid_until"]
    list_filter = ["office", "weekday"]
    list_select_related = ["office"]
    search_fields = ["office__name", "note"]
    fields = ["office", "weekday", "start", "end", "note", "valid_from", "valid_until"]


@admin.register(Closure)
class ClosureAdmin(
    StaffListMixin, UpcomingHolidaysMixin, OfficeScopedAdminMixin, SimpleHistoryAdmin
):
    list_display = ["reason", "kind", "office_or_all", "start_date", "end_date", "times"]
    list_filter = ["kind", "office"]
    list_select_related = ["office"]
    search_fields = ["reason", "office__name"]
    date_hierarchy = "start_date"
    fields = ["office", "kind", "reason", "start_date", "end_date", "start_time", "end_time"]

    def get_urls(self):
        return [
            path(
                "<int:closure_id>/betroffene-termine/",
                self.admin_site.admin_view(staff_views.closure_affected(self)),
                name="consultations_closure_affected",
            ),
            *super().get_urls(),
        ]

    def _after_save(self, request, closure, response):
        """A closure over booked appointments: list them and offer to tell the residents."""
        editable = set(offices_editable_by(request.user).values_list("pk", flat=True))
        affected = [
            b
            for b in selectors.bookings_affected_by_closure(closure=closure)
            if b.office_id in editable
        ]
        if affected and request.user.has_perm("consultations.change_booking"):
            self.message_user(
                request,
                ngettext(
                    "%(count)d gebuchter Termin fällt in diese Schließung.",
                    "%(count)d gebuchte Termine fallen in diese Schließung.",
                    len(affected),
                )
                % {"count": len(affected)},
                messages.WARNING,
            )
            return redirect("admin:consultations_closure_affected", closure_id=closure.pk)
        return response

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj, super().response_add(request, obj, post_url_continue))

    def response_change(self, request, obj):
        return self._after_save(request, obj, super().response_change(request, obj))

    @admin.display(description=_("Partnerbüro"), ordering="office__name")
    def office_or_all(self, closure):
        return closure.office or _("Ganzes Quartiersbüro")

    @admin.display(description=_("Uhrzeit"))
    def times(self, closure):
        if closure.is_all_day:
            return _("ganzer Tag")
        return f"{closure.start_time:%H:%M}–{closure.end_time:%H:%M}"


class AppointmentRequestStateFilter(admin.SimpleListFilter):
    """Open requests by default: the list is a to-do list; "Alle" shows the answered ones too."""

    title = _("Stand")
    parameter_name = "stand"

    def lookups(self, request, model_admin):
        return [("offen", _("Offen")), ("beantwortet", _("Beantwortet")), ("alle", _("Alle"))]

    def choices(self, changelist):
        current = self.value() or "offen"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": current == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or "offen"
        if value == "offen":
            return queryset.filter(answered=False)
        if value == "beantwortet":
            return queryset.filter(answered=True)
        return queryset


@admin.register(AppointmentRequest)
class AppointmentRequestAdmin(StaffListMixin, OfficeScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "name_and_marker",
        "created_at",
        "office",
        "topic_short",
        "contact",
        "answered",
        "agreed",
    ]
    list_display_links = ["name_and_marker"]
    list_filter = [AppointmentRequestStateFilter, "office"]
    list_select_related = ["office", "answered_by"]
    search_fields = ["name", "topic", "email", "phone"]
    # Open ones first, the one waiting longest on top.
    ordering = ["answered", "created_at", "pk"]
    # What the resident sent stays as sent; staff record what they agreed and that they answered.
    request_fields = [
        "office",
        "name",
        "phone",
        "email",
        "topic",
        "preferred_times",
        "consent_given_at",
        "created_at",
    ]
    handling_fields = ["answered_at", "answered_by_name", "seen_at", "seen_by_name"]
    readonly_fields = [*request_fields, *handling_fields]
    fieldsets = [
        (_("Anfrage"), {"fields": request_fields}),
        (
            _("Vereinbarter Termin"),
            {
                "fields": [
                    "appointment_at",
                    "appointment_with",
                    "resident_informed_on",
                    "answered",
                ]
            },
        ),
        (_("Bearbeitung"), {"fields": handling_fields}),
    ]
    actions = ["mark_answered"]

    # Names as text: a link to the user admin would answer 403 for the Büro-Team.
    @admin.display(description=_("Beantwortet von"))
    def answered_by_name(self, appointment_request):
        user = appointment_request.answered_by
        return (user.get_full_name() or user.get_username()) if user else "—"

    @admin.display(description=_("Zuerst geöffnet von"))
    def seen_by_name(self, appointment_request):
        user = appointment_request.seen_by
        return (user.get_full_name() or user.get_username()) if user else "—"

    @admin.display(description=_("Name"), ordering="name")
    def name_and_marker(self, appointment_request):
        if appointment_request.seen_at is None:
            return format_html(
                '{} <span class="badge-new">{}</span>', appointment_request.name, _("neu")
            )
        return appointment_request.name

    @admin.display(description=_("Anliegen"))
    def topic_short(self, appointment_request):
        return Truncator(" ".join(appointment_request.topic.split())).chars(70)

    @admin.display(description=_("Kontakt"))
    def contact(self, appointment_request):
        return " · ".join(c for c in [appointment_request.phone, appointment_request.email] if c)

    @admin.display(description=_("Vereinbarter Termin"), ordering="appointment_at")
    def agreed(self, appointment_request):
        if appointment_request.appointment_at is None:
            return "—"
        moment = appointment_request.appointment_at
        text = f"{long_date(moment)}, {hhmm(moment)}"
        if appointment_request.appointment_with:
            text += f" ({appointment_request.appointment_with})"
        return text

    def has_add_permission(self, request):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            appointment_request = self.get_object(request, object_id)
            if appointment_request is not None and self.has_view_permission(
                request, appointment_request
            ):
                services.appointment_request_mark_seen(
                    appointment_request=appointment_request, by=request.user
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        services.appointment_request_record(
            appointment_request=obj,
            answered=obj.answered,
            appointment_at=obj.appointment_at,
            appointment_with=obj.appointment_with,
            resident_informed_on=obj.resident_informed_on,
            by=request.user,
        )

    @admin.action(description=_("Als beantwortet markieren"))
    def mark_answered(self, request, queryset):
        count = 0
        for appointment_request in queryset.filter(answered=False):
            services.appointment_request_set_answered(
                appointment_request=appointment_request, answered=True, by=request.user
            )
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d Anfrage als beantwortet markiert.",
                "%(count)d Anfragen als beantwortet markiert.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


# --- Online booking ---------------------------------------------------------------


@admin.register(AppointmentType)
class AppointmentTypeAdmin(StaffListMixin, OfficeScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "office", "duration_minutes", "mode", "capacity", "active"]
    list_filter = ["office", "active", "mode"]
    list_select_related = ["office"]
    search_fields = ["name", "description", "office__name"]
    fields = [
        "office",
        "name",
        "duration_minutes",
        "description",
        "what_to_bring",
        "mode",
        "languages",
        "capacity",
        "active",
        "ordering",
    ]


@admin.register(BookingRules)
class BookingRulesAdmin(StaffListMixin, OfficeScopedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "office",
        "bookable_times",
        "buffer_minutes",
        "min_notice_hours",
        "window_days",
        "walk_in_share",
        "parallel_limit",
        "max_open_per_contact",
    ]
    list_select_related = ["office"]
    fields = [
        "office",
        "bookable_times",
        "buffer_minutes",
        "min_notice_hours",
        "window_days",
        "walk_in_share",
        "parallel_limit",
        "max_open_per_contact",
    ]


@admin.register(AppointmentHours)
class AppointmentHoursAdmin(
    StaffListMixin, UpcomingHolidaysMixin, OfficeScopedAdminMixin, SimpleHistoryAdmin
):
    list_display = ["office", "weekday", "start", "end", "note", "valid_from", "valid_until"]
    list_filter = ["office", "weekday"]
    list_select_related = ["office"]
    search_fields = ["office__name", "note"]
    fields = ["office", "weekday", "start", "end", "note", "valid_from", "valid_until"]


@admin.register(Booking)
class BookingAdmin(OfficeScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "when",
        "appointment_type",
        "name",
        "contact",
        "status",
        "channel",
        "reminder_sent_at",
    ]
    list_filter = ["status", "office", "channel", "appointment_type"]
    list_select_related = ["office", "appointment_type"]
    search_fields = ["name", "email", "phone", "topic"]
    date_hierarchy = "starts_at"
    ordering = ["-starts_at"]
    # Times, seats and the private link belong to the services: staff cancel, mark, or enter a
    # new appointment; nothing here is edited by hand.
    readonly_fields = [
        "office",
        "appointment_type",
        "starts_at",
        "ends_at",
        "status",
        "channel",
        "name",
        "phone",
        "email",
        "topic",
        "language",
        "consent_given_at",
        "created_at",
        "created_by",
        "reminder_sent_at",
        "cancelled_at",
        "cancel_reason",
        "cancelled_by",
        "status_changed_at",
        "status_changed_by",
    ]
    fields = readonly_fields
    actions = ["mark_attended", "mark_no_show"]
    change_list_template = "admin/consultations/booking/change_list.html"
    change_form_template = "admin/consultations/booking/change_form.html"

    @admin.display(description=_("Termin"), ordering="starts_at")
    def when(self, booking):
        return f"{long_date(booking.starts_at)}, {hhmm(booking.starts_at)}"

    @admin.display(description=_("Kontakt"))
    def contact(self, booking):
        return booking.contact

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("plan/", view(staff_views.plan(self)), name="consultations_booking_plan"),
            path(
                "eintragen/", view(staff_views.staff_book(self)), name="consultations_booking_book"
            ),
            path(
                "statistik/",
                view(staff_views.statistic(self)),
                name="consultations_booking_statistic",
            ),
            path(
                "<int:booking_id>/absagen/",
                view(staff_views.cancel(self)),
                name="consultations_booking_cancel",
            ),
            path(
                "<int:booking_id>/status/<slug:status>/",
                view(staff_views.set_status(self)),
                name="consultations_booking_status",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        # Entering an appointment needs a free time: the booking page, not a bare form.
        return redirect("admin:consultations_booking_book")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        booking = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if booking is not None:
            day = booking.starts_at.astimezone(clock.BERLIN).date()
            extra_context.update(
                booking=booking,
                can_act=self.has_change_permission(request, booking),
                can_cancel=booking.status == BookingStatus.BOOKED,
                can_mark=day <= clock.today() and booking.status != BookingStatus.CANCELLED,
                plan_url=staff_views.plan_url(booking.office_id, day),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def _mark(self, request, queryset, status):
        count = 0
        for booking in queryset.select_related("office"):
            try:
                services.booking_set_status(booking=booking, status=status, by=request.user)
            except services.BookingNotChangeable:
                continue
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d Termin als „%(status)s“ markiert.",
                "%(count)d Termine als „%(status)s“ markiert.",
                count,
            )
            % {"count": count, "status": status.label},
            messages.SUCCESS if count else messages.WARNING,
        )

    @admin.action(description=_("Als „erschienen“ markieren"))
    def mark_attended(self, request, queryset):
        self._mark(request, queryset, BookingStatus.ATTENDED)

    @admin.action(description=_("Als „nicht erschienen“ markieren"))
    def mark_no_show(self, request, queryset):
        self._mark(request, queryset, BookingStatus.NO_SHOW)
