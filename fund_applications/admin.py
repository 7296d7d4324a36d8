"""Admin for the Stadtteilfonds. The fund team works here; jury members read the applications
of their session here without any contact data (see `sees_contact`)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.template.defaultfilters import linebreaksbr
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from fund_applications import selectors, services, staff_views
from fund_applications.enums import (
    MOVABLE_STATUSES,
    PAYABLE_STATUSES,
    Actor,
    ApplicationStatus,
    Decision,
    allowed_targets,
)
from fund_applications.models import (
    Application,
    ApplicationMessage,
    ApplicationStatusChange,
    Attachment,
    CostItem,
    Fund,
    FundBudget,
    FundGoal,
    JuryDecision,
    JurySession,
    Payout,
    Receipt,
    ReportPhoto,
)
from fund_applications.permissions import sees_all_applications, sees_contact
from fund_applications.personal_data import CONTACT_FIELDS, without_contact
from quartier.core import clock
from quartier.core.admin_deletion import WithoutLinkTablesOnDeleteMixin
from quartier.core.mail import outbox_status_label
from quartier.core.templatetags.formatting import euro


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# ---------------------------------------------------------------- fund and sessions


class FundGoalInline(admin.TabularInline):
    model = FundGoal
    extra = 1


class FundBudgetInline(admin.TabularInline):
    model = FundBudget
    extra = 0


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
    inlines = [FundGoalInline, FundBudgetInline, JurySessionInline]
    change_form_template = "admin/fund_applications/fund/change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        fund = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if fund is not None:
            extra_context["budgets"] = [
                selectors.budget_summary(fund=fund, year=y) for y in selectors.fund_years(fund=fund)
            ]
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(JurySession)
class JurySessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "fund", "submission_deadline", "place", "application_count"]
    list_filter = ["fund"]
    list_select_related = ["fund"]
    search_fields = ["place", "fund__name"]
    date_hierarchy = "starts_at"
    fields = ["fund", "starts_at", "submission_deadline", "place", "members_present"]
    readonly_fields = ["fund_name"]
    change_form_template = "admin/fund_applications/jurysession/change_form.html"

    @admin.display(description=_("Anträge"))
    def application_count(self, obj):
        return obj.applications.count()

    @admin.display(description=_("Fonds"))
    def fund_name(self, obj):
        return obj.fund.name

    def get_fields(self, request, obj=None):
        # Django links a read-only fund to its page; the jury may not open it (403).
        if request.user.has_perm("fund_applications.view_fund"):
            return self.fields
        return ["fund_name" if name == "fund" else name for name in self.fields]

    def get_urls(self):
        return [
            path(
                "<int:session_id>/jurymappe/",
                self.admin_site.admin_view(staff_views.jury_pack(self)),
                name="fund_applications_jurysession_pack",
            ),
            path(
                "<int:session_id>/jurymappe.pdf",
                self.admin_site.admin_view(staff_views.jury_pack(self, as_pdf=True)),
                name="fund_applications_jurysession_pack_pdf",
            ),
            path(
                "<int:session_id>/sammeln/",
                self.admin_site.admin_view(staff_views.jury_session_collect(self)),
                name="fund_applications_jurysession_collect",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        session = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if session is not None:
            year = services.decision_year(session)
            extra_context.update(
                decisions=Decision,
                session_applications=selectors.jury_session_applications(session=session),
                # Links only to what this person may open (a jury member: not the decided).
                readable_ids=set(
                    self.admin_site._registry[Application]
                    .get_queryset(request)
                    .filter(jury_session=session)
                    .values_list("pk", flat=True)
                ),
                budget=selectors.budget_summary(fund=session.fund, year=year),
                can_decide=self.has_change_permission(request, session)
                and sees_contact(request.user),
            )
        return super().change_view(request, object_id, form_url, extra_context)


# ---------------------------------------------------------------- applications


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
        return super().get_queryset(request).prefetch_related("attachments")

    @admin.display(description=_("Dateien"))
    def files(self, obj):
        items = list(obj.attachments.all())
        if not items:
            return "–"
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
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

    @admin.display(description=_("Bewilligt"))
    def granted_display(self, obj):
        return euro(obj.granted_amount) or "–"


class PayoutInline(ReadOnlyInline):
    model = Payout
    fields = ["paid_on", "amount_display", "note", "recorded_by"]
    readonly_fields = fields

    @admin.display(description=_("Betrag"))
    def amount_display(self, obj):
        return euro(obj.amount)


class ReceiptInline(ReadOnlyInline):
    model = Receipt
    fields = ["download", "cost_item", "amount_display", "uploaded_at"]
    readonly_fields = fields
    verbose_name_plural = _("Verwendungsnachweis: Belege")

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


PROJECT_FIELDS = [
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
MONEY_FIELDS = [
    ("total_display", "other_funding", "requested_display"),
    "other_funding_source",
    ("granted_display", "budget_year"),
]


class WaitingForTeamFilter(admin.SimpleListFilter):
    """ "Zu tun": the applications the team's start page counts, by the next step (one
    definition for both, so a count and the list behind its link always agree)."""

    title = _("Zu tun")
    parameter_name = "zu_tun"

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _select) in selectors.WAITING_FOR_TEAM.items()]

    def queryset(self, request, queryset):
        if self.value() not in selectors.WAITING_FOR_TEAM:
            return queryset
        return selectors.applications_waiting(self.value(), queryset)


@admin.register(Application)
class ApplicationAdmin(WithoutLinkTablesOnDeleteMixin, admin.ModelAdmin):
    """Statuses change only through the workflow pages (transition buttons on the change view)."""

    list_display = [
        "reference",
        "new_marker",
        "title",
        "applicant",
        "status",
        "requested_display",
        "granted_display",
        "submitted_at",
        "confirmation",
    ]
    jury_list_display = ["reference", "title", "status", "requested_display", "jury_session"]
    list_filter = [
        WaitingForTeamFilter,
        "status",
        "fund",
        "jury_session",
        "reference_year",
        "applicant_type",
    ]
    list_select_related = ["fund", "jury_session"]
    search_fields = ["reference", "title", *CONTACT_FIELDS]
    jury_search_fields = ["reference", "title"]
    date_hierarchy = "submitted_at"
    change_form_template = "admin/fund_applications/application/change_form.html"
    change_list_template = "admin/fund_applications/application/change_list.html"
    readonly_fields = [
        "reference",
        "status",
        "fund",
        "other_funding",
        "total_display",
        "requested_display",
        "granted_display",
        "budget_year",
        "submitted_at",
        "report_submitted_at",
        "report_reminder_sent_at",
        "anonymised_at",
        "goal_names",
        "jury_session",
        "register_consent",
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
        (_("Projekt"), {"fields": PROJECT_FIELDS}),
        (_("Geld"), {"fields": MONEY_FIELDS}),
        (
            _("Verwendungsnachweis"),
            {
                "fields": [
                    ("report_due_on", "report_submitted_at", "report_reminder_sent_at"),
                    "report_text",
                ]
            },
        ),
        (_("Datenschutz"), {"fields": ["register_consent", "anonymised_at"]}),
    ]
    # What a jury member sees: the project and the money, never who or where they live.
    jury_fieldsets = without_contact(
        [
            (None, {"fields": ["reference", "status", "jury_session", "applicant_type"]}),
            (_("Projekt"), {"fields": PROJECT_FIELDS}),
            (_("Geld"), {"fields": MONEY_FIELDS[:2]}),
        ]
    )
    inlines = [
        CostItemInline,
        AttachmentInline,
        MessageInline,
        DecisionInline,
        PayoutInline,
        ReceiptInline,
        ReportPhotoInline,
        StatusChangeInline,
    ]

    # ---- who sees what

    def get_queryset(self, request):
        confirmation = ApplicationStatusChange.objects.filter(
            application=OuterRef("pk"), to_status=ApplicationStatus.SUBMITTED
        ).values("email__status")[:1]
        queryset = (
            super()
            .get_queryset(request)
            .prefetch_related("goals")
            .annotate(confirmation_status=Subquery(confirmation))
        )
        if sees_all_applications(request.user):
            return queryset
        return queryset.filter(pk__in=selectors.applications_for_jury().values("pk"))

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets if sees_contact(request.user) else self.jury_fieldsets

    def get_list_display(self, request):
        return self.list_display if sees_contact(request.user) else self.jury_list_display

    def get_list_display_links(self, request, list_display):
        return ["reference"]

    def get_search_fields(self, request):
        return self.search_fields if sees_contact(request.user) else self.jury_search_fields

    def get_list_filter(self, request):
        return self.list_filter if sees_contact(request.user) else ["jury_session"]

    def get_inlines(self, request, obj):
        if sees_contact(request.user):
            return self.inlines
        return [CostItemInline, JuryAttachmentInline]

    def get_readonly_fields(self, request, obj=None):
        # After submission the applicant's data are read-only: "Angaben korrigieren" (with a
        # reason, into the timeline) changes them; the jury session moves as a workflow step.
        return [*self.readonly_fields, *services.CORRECTABLE_FIELDS, "report_text"]

    def has_add_permission(self, request):
        return False  # applications come in through the public form (or staff type it there)

    def has_delete_permission(self, request, obj=None):
        # Erasing is anonymising (quartier.retention); a deleted row would break the statistic.
        return request.user.is_superuser

    def delete_model(self, request, obj):
        services.application_delete(application=obj)  # the files go too

    def delete_queryset(self, request, queryset):
        for application in queryset:
            services.application_delete(application=application)

    def history_view(self, request, object_id, extra_context=None):
        if not sees_contact(request.user):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    # ---- columns

    @admin.display(description=_("Neu"), ordering="-staff_attention_since")
    def new_marker(self, obj):
        if not obj.is_new_for_staff:
            return ""
        what = (
            _("Verwendungsnachweis")
            if obj.status == ApplicationStatus.REPORT_SUBMITTED
            else _("Antwort")
        )
        return format_html('<span class="fund-new">{}</span> {}', _("neu"), what)

    @admin.display(description=_("Antragsteller"), ordering="contact_name")
    def applicant(self, obj):
        return obj.applicant_display

    @admin.display(description=_("Geförderte Projekte auf der Website"))
    def register_consent(self, obj):
        # Given and taken back by the applicant only (status link); staff see the state.
        project = _("Projekt: ja") if obj.publication_consented else _("Projekt: nein")
        photos = _("Fotos: ja") if obj.photo_consented else _("Fotos: nein")
        return f"{project}, {photos}"

    @admin.display(description=_("Ziele"))
    def goal_names(self, obj):
        return format_html_join(", ", "{}", ((goal.name,) for goal in obj.goals.all()))

    @admin.display(description=_("Gesamtkosten"), ordering="total_cost")
    def total_display(self, obj):
        return euro(obj.total_cost)

    @admin.display(description=_("Beantragt"), ordering="requested_amount")
    def requested_display(self, obj):
        return euro(obj.requested_amount)

    @admin.display(description=_("Bewilligt"), ordering="granted_amount")
    def granted_display(self, obj):
        return euro(obj.granted_amount) or "–"

    @admin.display(description=_("Bestätigungsmail"))
    def confirmation(self, obj):
        if not obj.email:
            return _("keine E-Mail-Adresse")
        return outbox_status_label(obj.confirmation_status)

    # ---- the workflow pages

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        extra_context = extra_context or {}
        extra_context["can_see_contact"] = sees_contact(request.user)
        if application is not None and sees_contact(request.user):
            extra_context["is_new_for_staff"] = application.is_new_for_staff
            if application.is_new_for_staff and request.method == "GET":
                # Opened by the fund team: no longer "neu" in the lists.
                Application.objects.filter(pk=application.pk).update(seen_by_staff_at=clock.now())
        if application is not None and self.has_change_permission(request, application):
            extra_context["can_correct"] = (
                sees_contact(request.user) and not application.anonymised_at
            )
            extra_context["can_move_session"] = (
                sees_contact(request.user) and application.status in MOVABLE_STATUSES
            )
            extra_context["transitions"] = [
                staff_views.transition_link(application, to_status)
                for to_status in allowed_targets(application.status, Actor.STAFF)
            ]
            extra_context["can_record_payout"] = application.status in PAYABLE_STATUSES
            if application.budget_year:
                extra_context["budget"] = selectors.budget_summary(
                    fund=application.fund, year=application.budget_year
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:application_id>/schritt/<slug:to_status>/",
                view(staff_views.transition(self)),
                name="fund_applications_application_transition",
            ),
            path(
                "<int:application_id>/sitzung-verschieben/",
                view(staff_views.move_session(self)),
                name="fund_applications_application_move_session",
            ),
            path(
                "<int:application_id>/angaben-korrigieren/",
                view(staff_views.correct(self)),
                name="fund_applications_application_correct",
            ),
            path(
                "<int:application_id>/auszahlung/",
                view(staff_views.payout(self)),
                name="fund_applications_application_payout",
            ),
            path(
                "<int:application_id>/<slug:kind>/<int:file_id>/",
                view(staff_views.file_download(self)),
                name="fund_applications_application_file",
            ),
            path(
                "export/<slug:file_format>/",
                view(staff_views.export(self)),
                name="fund_applications_application_export",
            ),
            path(
                "statistik/",
                view(staff_views.statistic(self)),
                name="fund_applications_application_statistic",
            ),
            path(
                "auskunft/",
                view(staff_views.subject_access(self)),
                name="fund_applications_application_subject_access",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["can_export"] = request.user.has_perm("fund_applications.export_applications")
        extra_context["can_see_contact"] = sees_contact(request.user)
        return super().changelist_view(request, extra_context)
