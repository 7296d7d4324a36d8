import json

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from consultations.lending import selectors, staff_views
from consultations.lending.forms import AuskunftForm
from consultations.lending.models import LendingItem, Loan, LoanSeries
from consultations.lending.personal_data import AUSKUNFT_TITLE, CONTEXT_FIELDS, PERSONAL_FIELDS
from consultations.lending.services.erasure import loans_erase_for_email
from offices.permissions import OfficeScopedAdminMixin
from quartier.core import clock
from quartier.core.admin_pages import admin_page_context
from quartier.core.formatting import hhmm, long_date


@admin.register(LendingItem)
class LendingItemAdmin(OfficeScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "office", "needs_approval", "active"]
    list_filter = ["kind", "active"]
    list_select_related = ["office"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["office", "kind", "name", "slug", "description", "active", "ordering"]}),
        (_("Anfragen"), {"fields": ["needs_approval", "weeks_ahead", "house_rules"]}),
        (
            _("Raum"),
            {
                "fields": [
                    "capacity",
                    ("weekday_from", "weekday_until"),
                    ("weekend_from", "weekend_until"),
                    "equipment",
                    "step_free",
                ]
            },
        ),
        (_("Lastenrad"), {"fields": ["max_days", "what_to_bring", "deposit"]}),
    ]


class ToDoFilter(admin.SimpleListFilter):
    title = _("Heute zu tun")
    parameter_name = "zu_tun"

    def lookups(self, request, model_admin):
        return [
            ("warten", _("Anfragen warten")),
            ("abholung", _("Abholung heute")),
            ("rueckgabe", _("Rückgabe heute")),
            ("ueberfaellig", _("Überfällig")),
        ]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return selectors.loans_to_do(self.value(), queryset=queryset, now=clock.now())


@admin.register(Loan)
class LoanAdmin(OfficeScopedAdminMixin, admin.ModelAdmin):
    list_display = ["when", "item", "status", "name", "group_name", "late_flag"]
    list_filter = [ToDoFilter, "status", "item", "office"]
    list_select_related = ["item", "office"]
    search_fields = ["name", "email", "group_name", "purpose"]
    date_hierarchy = "starts_at"
    ordering = ["starts_at"]
    # Times and statuses belong to the services (approve, decline, series, hand-out, return);
    # staff may only close a damage case here.
    readonly_fields = [
        "item",
        "office",
        "series",
        "status",
        "starts_at",
        "ends_at",
        "first_day",
        "last_day",
        "pickup_from",
        "pickup_until",
        "return_from",
        "due_at",
        "purpose",
        "group_name",
        "people",
        "name",
        "email",
        "phone",
        "language",
        "rules_accepted_at",
        "created_at",
        "decided_at",
        "decided_by",
        "decline_reason",
        "cancelled_at",
        "reminder_sent_at",
        "due_notice_sent_at",
        "late_since",
        "late_warning_sent_at",
        "handed_out_at",
        "handout_condition",
        "handout_note",
        "returned_at",
        "return_condition",
        "return_note",
        "damage_report",
        "handled_by",
    ]
    fieldsets = [
        (None, {"fields": ["item", "status", "series", "purpose", "group_name", "people"]}),
        (
            _("Zeiten"),
            {
                "fields": [
                    ("first_day", "last_day"),
                    ("pickup_from", "pickup_until"),
                    ("return_from", "due_at"),
                    ("starts_at", "ends_at"),
                ]
            },
        ),
        (_("Person"), {"fields": ["name", "email", "phone", "language", "rules_accepted_at"]}),
        (
            _("Entscheidung"),
            {
                "fields": [
                    "created_at",
                    "decided_at",
                    "decided_by",
                    "decline_reason",
                    "cancelled_at",
                ]
            },
        ),
        (
            _("Ausgabe und Rückgabe"),
            {
                "fields": [
                    ("handed_out_at", "handout_condition"),
                    "handout_note",
                    ("returned_at", "return_condition"),
                    "return_note",
                    "damage_report",
                    "damage_open",
                    "handled_by",
                    "late_since",
                ]
            },
        ),
        (
            _("E-Mails"),
            {
                "classes": ["collapse"],
                "fields": ["reminder_sent_at", "due_notice_sent_at", "late_warning_sent_at"],
            },
        ),
    ]
    # The loan's page is the resident's private link: staff never open it.
    view_on_site = False
    change_form_template = "admin/lending/loan/change_form.html"
    change_list_template = "admin/lending/loan/change_list.html"

    @admin.display(description=_("Wann"), ordering="starts_at")
    def when(self, loan):
        if loan.item.is_bike and loan.first_day:
            return long_date(loan.first_day)
        return f"{long_date(loan.starts_at)}, {hhmm(loan.starts_at)}–{hhmm(loan.ends_at)}"

    @admin.display(description=_("Verspätet"))
    def late_flag(self, loan):
        if loan.late_since:
            return format_html("<strong>{}</strong>", _("verspätet"))
        return "–"

    def has_add_permission(self, request):
        return False  # residents ask through the public form

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("auskunft/", view(self.auskunft_view), name="lending_loan_auskunft"),
            path(
                "<int:loan_id>/zusagen/",
                view(staff_views.approve(self)),
                name="lending_loan_approve",
            ),
            path(
                "<int:loan_id>/absagen/",
                view(staff_views.decline(self)),
                name="lending_loan_decline",
            ),
            path(
                "<int:loan_id>/serie/", view(staff_views.series(self)), name="lending_loan_series"
            ),
            path(
                "<int:loan_id>/ausgabe/",
                view(staff_views.record(self, returning=False)),
                name="lending_loan_hand_out",
            ),
            path(
                "<int:loan_id>/rueckgabe/",
                view(staff_views.record(self, returning=True)),
                name="lending_loan_take_back",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        loan = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if loan is not None:
            extra_context.update(
                loan=loan,
                can_act=self.has_change_permission(request, loan),
                ruled_out=list(selectors.pending_overlapping(loan=loan))
                if loan.is_requested
                else [],
                series_loans=list(loan.series.loans.order_by("starts_at"))
                if loan.series_id
                else [],
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def auskunft_view(self, request):
        """What the lending stores about one address (Art. 15 DSGVO), and its erasure."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = AuskunftForm(request.POST or request.GET or None)
        report, erased = None, None
        if form.is_valid():
            email = form.cleaned_data["email"]
            if request.method == "POST" and self.has_delete_permission(request):
                erased = loans_erase_for_email(email=email)
            # Only the loans of the offices this person may see.
            loans = self.get_queryset(request).filter(
                pk__in=selectors.loans_of_email(email=email).values("pk")
            )
            report = [
                {
                    **{field: str(getattr(loan, field)) for field in CONTEXT_FIELDS},
                    **{field: getattr(loan, field) for field in PERSONAL_FIELDS},
                }
                for loan in loans
            ]
            if request.GET.get("format") == "json":
                response = HttpResponse(
                    json.dumps(report, ensure_ascii=False, indent=2),
                    content_type="application/json; charset=utf-8",
                )
                response["Content-Disposition"] = 'attachment; filename="auskunft-verleih.json"'
                response["Cache-Control"] = "private, no-store"
                return response
        context = admin_page_context(
            request,
            model_admin=self,
            title=AUSKUNFT_TITLE,
            form=form,
            report=report,
            erased=erased,
            can_erase=self.has_delete_permission(request),
            json_text=json.dumps(report, ensure_ascii=False, indent=2) if report else "",
            changelist=reverse("admin:lending_loan_changelist"),
        )
        response = TemplateResponse(request, "admin/lending/auskunft.html", context)
        response["Cache-Control"] = "private, no-store"
        return response


@admin.register(LoanSeries)
class LoanSeriesAdmin(OfficeScopedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "item", "every_weeks", "first_day", "last_day"]
    list_select_related = ["item", "office"]
    readonly_fields = [
        "item",
        "office",
        "group_name",
        "every_weeks",
        "first_day",
        "last_day",
        "skipped",
        "created_at",
        "created_by",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False  # a series is approved from a request
