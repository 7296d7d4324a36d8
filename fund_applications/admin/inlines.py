"""What an application's page lists below its fields: cost plan, files, messages, timeline,
decision, payouts and the Verwendungsnachweis."""

from django.contrib import admin
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from fund_applications.models import (
    ApplicationMessage,
    ApplicationStatusChange,
    Attachment,
    CostItem,
    JuryDecision,
    Payout,
    Receipt,
    ReportPhoto,
)
from quartier.core.admin_formsets import InlineFormSet
from quartier.core.formatting import euro
from quartier.core.mail import outbox_status_label


class ReadOnlyInline(admin.TabularInline):
    template = "admin/edit_inline/read_only_table.html"
    formset = InlineFormSet
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CostItemInline(ReadOnlyInline):
    model = CostItem
    fields = ["position", "category", "description", "amount_display", "actual_display"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("receipts")

    @admin.display(description=_("Geplant"))
    def amount_display(self, obj):
        return euro(obj.amount)

    @admin.display(description=_("Laut Belegen"))
    def actual_display(self, obj):
        total = obj.receipts_total
        return euro(total) if total is not None else "–"


def _download_link(kind: str, obj) -> str:
    url = reverse(
        "admin:fund_applications_application_file",
        kwargs={"application_id": obj.application_id, "kind": kind, "file_id": obj.pk},
    )
    return format_html('<a href="{}">{}</a>', url, obj.original_name)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    formset = InlineFormSet
    extra = 0
    fields = ["download", "content_type", "size", "uploaded_at", "shared_with_jury"]
    readonly_fields = ["download", "content_type", "size", "uploaded_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Datei"))
    def download(self, obj):
        return _download_link("anlage", obj)


class JuryAttachmentInline(ReadOnlyInline):
    """For the jury: only files the fund team released as free of personal data."""

    model = Attachment
    fields = ["download", "content_type", "size"]
    readonly_fields = fields
    verbose_name_plural = _("Für die Jury freigegebene Anlagen")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(shared_with_jury=True)

    def has_view_permission(self, request, obj=None):
        # Jury members hold no attachment permission: what they see is decided here.
        return request.user.has_perm("fund_applications.view_application")

    @admin.display(description=_("Datei"))
    def download(self, obj):
        return _download_link("anlage", obj)


class MessageInline(ReadOnlyInline):
    model = ApplicationMessage
    fields = ["created_at", "sender", "sent_by", "body", "files"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("sent_by").prefetch_related("attachments")
        )

    @admin.display(description=_("Dateien"))
    def files(self, obj):
        items = list(obj.attachments.all())
        if not items:
            return "–"
        # A button of the change form's own form, sent elsewhere (formaction): forms cannot
        # nest, and the page works without JavaScript.
        return format_html_join(
            "",
            '<p class="fund-answer-file"><a href="{}">{}</a> – {} '
            '<button type="submit" class="button" formaction="{}" formnovalidate name="jury" '
            'value="{}">{}<span class="visually-hidden">: {}</span></button></p>',
            (
                (
                    reverse(
                        "admin:fund_applications_application_file",
                        kwargs={
                            "application_id": obj.application_id,
                            "kind": "antwort",
                            "file_id": item.pk,
                        },
                    ),
                    item.original_name,
                    _("für die Jury freigegeben") if item.shared_with_jury else _("nur im Büro"),
                    reverse(
                        "admin:fund_applications_application_answer_file_share",
                        kwargs={"application_id": obj.application_id, "file_id": item.pk},
                    ),
                    "nein" if item.shared_with_jury else "ja",
                    _("Freigabe zurücknehmen")
                    if item.shared_with_jury
                    else _("Für die Jury freigeben"),
                    item.original_name,
                )
                for item in items
            ),
        )


class StatusChangeInline(ReadOnlyInline):
    model = ApplicationStatusChange
    fields = ["created_at", "step", "actor", "changed_by", "comment_lines", "mail"]
    readonly_fields = fields
    verbose_name_plural = _("Verlauf")

    @admin.display(description=_("Schritt"))
    def step(self, obj):
        return obj.step_label

    @admin.display(description=_("Kommentar"))
    def comment_lines(self, obj):
        return linebreaksbr(obj.comment) if obj.comment else "–"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by", "email")

    @admin.display(description=_("E-Mail an Antragsteller"))
    def mail(self, obj):
        if not obj.email_subject:
            return "–"
        if obj.email is None:  # removed from the outbox after its retention period
            return obj.email_subject
        return f"{obj.email_subject} ({outbox_status_label(obj.email.status)})"


class DecisionInline(ReadOnlyInline):
    # Ten facts side by side pushed the whole page sideways at 1280 px: one per line instead.
    template = "admin/edit_inline/stacked.html"
    model = JuryDecision
    fields = [
        "jury_session",
        "decision",
        "granted_display",
        "conditions",
        "reason",
        "votes_for",
        "votes_against",
        "votes_abstain",
        "conflicted_members",
        "recorded_by",
    ]
    readonly_fields = fields
    verbose_name_plural = _("Entscheidung der Jury")

    def get_queryset(self, request):
        # Each named on the page: the application (the row's name), session and recorder.
        return (
            super()
            .get_queryset(request)
            .select_related("application", "jury_session", "recorded_by")
        )

    @admin.display(description=_("Bewilligt"))
    def granted_display(self, obj):
        return euro(obj.granted_amount) or "–"


class PayoutInline(ReadOnlyInline):
    model = Payout
    fields = ["paid_on", "amount_display", "note", "recorded_by"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recorded_by")

    @admin.display(description=_("Betrag"))
    def amount_display(self, obj):
        return euro(obj.amount)


class ReceiptInline(ReadOnlyInline):
    model = Receipt
    fields = ["download", "cost_item", "amount_display", "uploaded_at"]
    readonly_fields = fields
    verbose_name_plural = _("Verwendungsnachweis: Belege")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cost_item")

    @admin.display(description=_("Datei"))
    def download(self, obj):
        return _download_link("beleg", obj)

    @admin.display(description=_("Betrag"))
    def amount_display(self, obj):
        return euro(obj.amount)


class ReportPhotoInline(ReadOnlyInline):
    model = ReportPhoto
    fields = ["download", "size", "uploaded_at"]
    readonly_fields = fields
    verbose_name_plural = _("Verwendungsnachweis: Fotos")

    @admin.display(description=_("Datei"))
    def download(self, obj):
        return _download_link("foto", obj)
