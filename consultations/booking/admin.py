from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from consultations.admin import ClosureAdmin, UpcomingHolidaysMixin
from consultations.booking import services, staff_views
from consultations.booking.admin_changes import AppointmentHoursChangeMixin, RulesChangeMixin
from consultations.booking.enums import BookingStatus
from consultations.booking.models import (
    AppointmentHours,
    AppointmentType,
    AppointmentTypeTranslation,
    Booking,
    BookingRules,
)
from consultations.models import Closure
from offices.admin_forms import StaffListMixin
from offices.permissions import OfficeScopedAdminMixin, can_edit_all_offices, offices_editable_by
from quartier.core import clock
from quartier.core.formatting import hhmm, long_date


class AppointmentTypeTranslationInline(admin.StackedInline):
    model = AppointmentTypeTranslation
    extra = 0
    fields = ["language", "name", "description", "what_to_bring"]
    verbose_name_plural = _("Übersetzungen (leer gelassene Felder erscheinen auf Deutsch)")


@admin.register(AppointmentType)
class AppointmentTypeAdmin(StaffListMixin, OfficeScopedAdminMixin, SimpleHistoryAdmin):
    inlines = [AppointmentTypeTranslationInline]
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
class BookingRulesAdmin(
    RulesChangeMixin, StaffListMixin, OfficeScopedAdminMixin, SimpleHistoryAdmin
):
    # The rules that decide what residents can book; the rest is one click away on the form
    # (all eight columns scrolled sideways at 1280 px).
    list_display = [
        "office",
        "bookable_times",
        "min_notice_hours",
        "window_days",
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
    AppointmentHoursChangeMixin,
    StaffListMixin,
    UpcomingHolidaysMixin,
    OfficeScopedAdminMixin,
    SimpleHistoryAdmin,
):
    list_display = ["office", "weekday", "start", "end", "note", "valid_from", "valid_until"]
    list_filter = ["office", "weekday"]
    list_select_related = ["office"]
    search_fields = ["office__name", "note"]
    fields = ["office", "weekday", "start", "end", "note", "valid_from", "valid_until"]


class MyAppointmentTypesFilter(admin.RelatedFieldListFilter):
    """The Terminarten filter offers only the types of the offices this person works for."""

    def field_choices(self, field, request, model_admin):
        types = AppointmentType.objects.select_related("office").order_by(
            "office__ordering", "ordering", "name"
        )
        if not can_edit_all_offices(request.user):
            types = types.filter(office__in=offices_editable_by(request.user))
        return [(t.pk, str(t)) for t in types]


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
    list_filter = [
        "status",
        "office",
        "channel",
        ("appointment_type", MyAppointmentTypesFilter),
    ]
    # The kind of appointment shows with its office: both come with the row, not one query each.
    list_select_related = ["office", "appointment_type__office"]
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
    change_list_template = "admin/booking/booking/change_list.html"
    change_form_template = "admin/booking/booking/change_form.html"

    @admin.display(description=_("Termin"), ordering="starts_at")
    def when(self, booking):
        return f"{long_date(booking.starts_at)}, {hhmm(booking.starts_at)}"

    @admin.display(description=_("Kontakt"))
    def contact(self, booking):
        return booking.contact

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("plan/", view(staff_views.plan(self)), name="booking_booking_plan"),
            path("eintragen/", view(staff_views.staff_book(self)), name="booking_booking_book"),
            path(
                "statistik/",
                view(staff_views.statistic(self)),
                name="booking_booking_statistic",
            ),
            path(
                "<int:booking_id>/absagen/",
                view(staff_views.cancel(self)),
                name="booking_booking_cancel",
            ),
            path(
                "<int:booking_id>/verschieben/",
                view(staff_views.move(self)),
                name="booking_booking_move",
            ),
            path(
                "<int:booking_id>/status/<slug:status>/",
                view(staff_views.set_status(self)),
                name="booking_booking_status",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        # Entering an appointment needs a free time: the booking page, not a bare form.
        return redirect("admin:booking_booking_book")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        booking = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if booking is not None:
            day = clock.local_date(booking.starts_at)
            extra_context.update(
                booking=booking,
                can_act=self.has_change_permission(request, booking),
                can_cancel=booking.can_be_cancelled,
                can_move=booking.is_open and booking.starts_at > clock.now(),
                can_mark=day <= clock.today() and bool(booking.staff_marks),
                plan_url=staff_views.plan_url(booking.office_id, day),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def _mark(self, request, queryset, status):
        count, future, other = 0, 0, 0
        today = clock.today()
        for booking in queryset.select_related("office"):
            try:
                services.booking_set_status(booking=booking, status=status, by=request.user)
            except services.BookingNotChangeable:
                if clock.local_date(booking.starts_at) > today:
                    future += 1
                else:
                    other += 1
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
        # Say why the rest stayed as they were: "0 markiert" alone reads like a fault.
        if future:
            self.message_user(
                request,
                ngettext(
                    "%(count)d Termin liegt in der Zukunft: Markieren geht erst am Tag des "
                    "Termins.",
                    "%(count)d Termine liegen in der Zukunft: Markieren geht erst am Tag des "
                    "Termins.",
                    future,
                )
                % {"count": future},
                messages.WARNING,
            )
        if other:
            self.message_user(
                request,
                ngettext(
                    "%(count)d Termin ist abgesagt oder schon so markiert.",
                    "%(count)d Termine sind abgesagt oder schon so markiert.",
                    other,
                )
                % {"count": other},
                messages.WARNING,
            )

    @admin.action(description=_("Als „erschienen“ markieren"))
    def mark_attended(self, request, queryset):
        self._mark(request, queryset, BookingStatus.ATTENDED)

    @admin.action(description=_("Als „nicht erschienen“ markieren"))
    def mark_no_show(self, request, queryset):
        self._mark(request, queryset, BookingStatus.NO_SHOW)


# A closure over booked appointments: the closure admin of the consultations app, which knows
# nothing of bookings, is replaced by one that lists them and offers to tell the residents.


class ClosureWithBookingsAdmin(ClosureAdmin):
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
        affected = staff_views.bookings_in_closure(request, closure)
        if affected and request.user.has_perm("booking.change_booking"):
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


admin.site.unregister(Closure)
admin.site.register(Closure, ClosureWithBookingsAdmin)
