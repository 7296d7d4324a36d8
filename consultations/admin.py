from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from consultations import services
from consultations.models import AppointmentRequest, Closure, ConsultationHours
from consultations.public_holidays import upcoming_holidays
from offices.permissions import OfficeScopedAdminMixin
from quartier.core import clock


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
class ConsultationHoursAdmin(UpcomingHolidaysMixin, OfficeScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["office", "weekday", "start", "end", "note", "valid_from", "valid_until"]
    list_filter = ["office", "weekday"]
    list_select_related = ["office"]
    search_fields = ["office__name", "note"]
    fields = ["office", "weekday", "start", "end", "note", "valid_from", "valid_until"]


@admin.register(Closure)
class ClosureAdmin(UpcomingHolidaysMixin, OfficeScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["reason", "kind", "office_or_all", "start_date", "end_date", "times"]
    list_filter = ["kind", "office"]
    list_select_related = ["office"]
    search_fields = ["reason", "office__name"]
    date_hierarchy = "start_date"
    fields = ["office", "kind", "reason", "start_date", "end_date", "start_time", "end_time"]

    @admin.display(description=_("Partnerbüro"), ordering="office__name")
    def office_or_all(self, closure):
        return closure.office or _("Ganzes Quartiersbüro")

    @admin.display(description=_("Uhrzeit"))
    def times(self, closure):
        if closure.is_all_day:
            return _("ganzer Tag")
        return f"{closure.start_time:%H:%M}–{closure.end_time:%H:%M}"


@admin.register(AppointmentRequest)
class AppointmentRequestAdmin(OfficeScopedAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "office", "name", "contact", "answered", "answered_at"]
    list_filter = ["answered", "office"]
    list_select_related = ["office", "answered_by"]
    search_fields = ["name", "topic", "email", "phone"]
    date_hierarchy = "created_at"
    # What the resident sent stays as sent; staff only record that they answered.
    readonly_fields = [
        "office",
        "name",
        "phone",
        "email",
        "topic",
        "preferred_times",
        "consent_given_at",
        "created_at",
        "answered_at",
        "answered_by",
    ]
    fields = [*readonly_fields[:8], "answered", "answered_at", "answered_by"]
    actions = ["mark_answered"]

    @admin.display(description=_("Kontakt"))
    def contact(self, appointment_request):
        return " · ".join(c for c in [appointment_request.phone, appointment_request.email] if c)

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        services.appointment_request_set_answered(
            appointment_request=obj, answered=obj.answered, by=request.user
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
