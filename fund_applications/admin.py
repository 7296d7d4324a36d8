from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from fund_applications.models import (
    Application,
    ApplicationMessage,
    ApplicationStatusChange,
    Attachment,
    CostItem,
    Fund,
    FundGoal,
    JurySession,
)


class FundGoalInline(admin.TabularInline):
    model = FundGoal
    extra = 1


class JurySessionInline(admin.TabularInline):
    model = JurySession
    extra = 1
    fields = ["starts_at", "submission_deadline", "place"]


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "year_budget", "max_per_application", "is_active"]
    list_filter = ["is_active", "show_remaining_budget"]
    list_select_related = ["office"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FundGoalInline, JurySessionInline]


@admin.register(JurySession)
class JurySessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "fund", "submission_deadline", "place"]
    list_filter = ["fund"]
    list_select_related = ["fund"]
    search_fields = ["place", "fund__name"]
    date_hierarchy = "starts_at"


class CostItemInline(admin.TabularInline):
    model = CostItem
    extra = 0
    fields = ["position", "category", "description", "amount"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["download", "content_type", "size", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Datei"))
    def download(self, obj):
        url = reverse(
            "admin:fund_applications_application_attachment",
            kwargs={"application_id": obj.application_id, "attachment_id": obj.pk},
        )
        return format_html('<a href="{}">{}</a>', url, obj.original_name)


class MessageInline(admin.TabularInline):
    model = ApplicationMessage
    extra = 0
    fields = ["created_at", "sender", "sent_by", "body"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class StatusChangeInline(admin.TabularInline):
    model = ApplicationStatusChange
    extra = 0
    fields = ["created_at", "from_status", "to_status", "actor", "changed_by", "comment"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("Verlauf")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-mostly until the staff workflow arrives: statuses change only through services."""

    list_display = [
        "reference",
        "title",
        "applicant",
        "status",
        "requested_amount",
        "submitted_at",
        "confirmation_sent",
    ]
    list_filter = ["status", "fund", "reference_year", "applicant_type"]
    list_select_related = ["fund"]
    search_fields = ["reference", "title", "contact_name", "organisation_name", "email"]
    date_hierarchy = "submitted_at"
    readonly_fields = [
        "reference",
        "status",
        "fund",
        "total_cost",
        "requested_amount",
        "submitted_at",
        "confirmation_sent_at",
        "confirmation_attempts",
        "confirmation_error",
        "goal_names",
    ]
    fieldsets = [
        (None, {"fields": ["reference", "fund", "status", "jury_session", "submitted_at"]}),
        (
            _("Antragsteller"),
            {
                "fields": [
                    "applicant_type",
                    "organisation_name",
                    "contact_name",
                    ("street", "postal_code", "city"),
                    ("email", "phone"),
                ]
            },
        ),
        (
            _("Projekt"),
            {
                "fields": [
                    "title",
                    "summary",
                    "goal_names",
                    "target_group",
                    "place",
                    ("start_date", "end_date"),
                    "expected_participants",
                    "neighbourhood_benefit",
                    ("volunteer_hours", "volunteer_work"),
                ]
            },
        ),
        (
            _("Geld"),
            {
                "fields": [
                    ("total_cost", "other_funding", "requested_amount"),
                    "other_funding_source",
                    "granted_amount",
                ]
            },
        ),
        (
            _("Bestätigungsmail"),
            {"fields": ["confirmation_sent_at", "confirmation_attempts", "confirmation_error"]},
        ),
    ]
    inlines = [CostItemInline, AttachmentInline, MessageInline, StatusChangeInline]

    def has_add_permission(self, request):
        return False  # applications come in through the public form (or staff type it there)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("goals")

    @admin.display(description=_("Antragsteller"), ordering="contact_name")
    def applicant(self, obj):
        return obj.applicant_display

    @admin.display(description=_("Ziele"))
    def goal_names(self, obj):
        return format_html_join(", ", "{}", ((goal.name,) for goal in obj.goals.all()))

    @admin.display(description=_("Bestätigung gesendet"), boolean=True)
    def confirmation_sent(self, obj):
        if not obj.email:
            return None
        return obj.confirmation_sent_at is not None

    def get_urls(self):
        return [
            path(
                "<int:application_id>/anlage/<int:attachment_id>/",
                self.admin_site.admin_view(self.attachment_download),
                name="fund_applications_application_attachment",
            ),
            *super().get_urls(),
        ]

    def attachment_download(self, request, application_id, attachment_id):
        """Staff with the view permission only; always a download, never shown inline."""
        application = get_object_or_404(self.get_queryset(request), pk=application_id)
        if not self.has_view_permission(request, application):
            raise PermissionDenied
        attachment = get_object_or_404(application.attachments, pk=attachment_id)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response
