from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from consultations import services
from consultations.models import AppointmentRequest, Closure, ConsultationHours
from consultations.public_holidays import upcoming_holidays
from offices.admin_forms import StaffListMixin
from offices.permissions import OfficeScopedAdminMixin
from quartier.core import clock, formatting
from quartier.core.formatting import hhmm, long_date


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

    @admin.display(description=_("Partnerbüro"), ordering="office__name")
    def office_or_all(self, closure):
        return closure.office or _("Ganzes Quartiersbüro")

    @admin.display(description=_("Uhrzeit"))
    def times(self, closure):
        if closure.is_all_day:
            return _("ganzer Tag")
        return f"{formatting.hhmm(closure.start_time)}–{formatting.hhmm(closure.end_time)}"


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
