"""Applications: who sees which fields and rows, the columns, and the workflow pages' addresses."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from fund_applications import selectors, services
from fund_applications.admin.inlines import (
    AttachmentInline,
    CostItemInline,
    DecisionInline,
    JuryAttachmentInline,
    MessageInline,
    PayoutInline,
    ReceiptInline,
    ReportPhotoInline,
    StatusChangeInline,
)
from fund_applications.enums import (
    MOVABLE_STATUSES,
    PAYABLE_STATUSES,
    Actor,
    ApplicationStatus,
    allowed_targets,
)
from fund_applications.models import Application, ApplicationStatusChange, MessageAttachment
from fund_applications.permissions import sees_all_applications, sees_contact
from fund_applications.personal_data import CONTACT_FIELDS, without_contact
from fund_applications.staff_views import downloads, transitions, workflow_steps
from quartier.core import clock
from quartier.core.admin_deletion import WithoutLinkTablesOnDeleteMixin
from quartier.core.formatting import euro
from quartier.core.mail import outbox_status_label

PROJECT_FIELDS = [
    "title",
    "public_title",
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

    # "neu" stands with the status it belongs to, not in a column of its own: the list has to
    # fit beside the navigation at 1280 px with the granted amount in view.
    list_display = [
        "reference",
        "title",
        "applicant",
        "status_and_marker",
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
        "released_answer_files",
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
            (_("Dateien aus Antworten"), {"fields": ["released_answer_files"]}),
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
        # The page and the list both show the fund and the jury session.
        queryset = (
            super()
            .get_queryset(request)
            .select_related("fund", "jury_session")
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

    @admin.display(description=_("Status"), ordering="status")
    def status_and_marker(self, obj):
        marker = self.new_marker(obj)
        # The status's own label: get_status_display() translates every status's label to
        # look one up (about twenty per row). As text: the list compares a lazy label with
        # five "empty" values, translating it each time.
        status = str(ApplicationStatus(obj.status).label)
        return format_html("{}<br>{}", status, marker) if marker else status

    @admin.display(description=_("Antragsteller"), ordering="contact_name")
    def applicant(self, obj):
        return obj.applicant_display

    @admin.display(description=_("Geförderte Projekte auf der Website"))
    def register_consent(self, obj):
        # Given and taken back by the applicant only (status link); staff see the state.
        project = _("Projekt: ja") if obj.publication_consented else _("Projekt: nein")
        photos = _("Fotos: ja") if obj.photo_consented else _("Fotos: nein")
        return f"{project}, {photos}"

    @admin.display(description=_("Für die Jury freigegeben"))
    def released_answer_files(self, obj):
        items = MessageAttachment.objects.filter(message__application=obj, shared_with_jury=True)
        return (
            format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                (
                    (
                        reverse(
                            "admin:fund_applications_application_file",
                            kwargs={
                                "application_id": obj.pk,
                                "kind": "antwort",
                                "file_id": item.pk,
                            },
                        ),
                        item.original_name,
                    )
                    for item in items
                ),
            )
            or "–"
        )

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

    @admin.display(description=_("E-Mail-Bestätigung"))
    def confirmation(self, obj):
        if not obj.email:
            return _("keine E-Mail-Adresse")
        return outbox_status_label(obj.confirmation_status)

    # ---- the workflow pages

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Here rather than in change_view: Django has loaded the application by now, once.
        if obj is not None:
            context.update(self.workflow_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_context(self, request, application) -> dict:
        """The next steps above the fields, for those who may take them."""
        context = {"can_see_contact": sees_contact(request.user)}
        if sees_contact(request.user):
            context["is_new_for_staff"] = application.is_new_for_staff
            if application.is_new_for_staff and request.method == "GET":
                # Opened by the fund team: no longer "neu" in the lists.
                seen = clock.now()
                Application.objects.filter(pk=application.pk).update(seen_by_staff_at=seen)
                application.seen_by_staff_at = seen
        if self.has_change_permission(request, application):
            context["can_correct"] = sees_contact(request.user) and not application.anonymised_at
            context["can_move_session"] = (
                sees_contact(request.user) and application.status in MOVABLE_STATUSES
            )
            context["transitions"] = [
                transitions.transition_link(application, to_status)
                for to_status in allowed_targets(application.status, Actor.STAFF)
            ]
            context["can_record_payout"] = application.status in PAYABLE_STATUSES
            if application.budget_year:
                context["budget"] = selectors.budget_summary(
                    fund=application.fund, year=application.budget_year
                )
        return context

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:application_id>/schritt/<slug:to_status>/",
                view(transitions.transition(self)),
                name="fund_applications_application_transition",
            ),
            path(
                "<int:application_id>/sitzung-verschieben/",
                view(workflow_steps.move_session(self)),
                name="fund_applications_application_move_session",
            ),
            path(
                "<int:application_id>/angaben-korrigieren/",
                view(workflow_steps.correct(self)),
                name="fund_applications_application_correct",
            ),
            path(
                "<int:application_id>/auszahlung/",
                view(workflow_steps.payout(self)),
                name="fund_applications_application_payout",
            ),
            path(
                "<int:application_id>/antwort/<int:file_id>/jury/",
                view(downloads.answer_file_share(self)),
                name="fund_applications_application_answer_file_share",
            ),
            path(
                "<int:application_id>/<slug:kind>/<int:file_id>/",
                view(downloads.file_download(self)),
                name="fund_applications_application_file",
            ),
            path(
                "export/<slug:file_format>/",
                view(downloads.export(self)),
                name="fund_applications_application_export",
            ),
            path(
                "statistik/",
                view(downloads.statistic(self)),
                name="fund_applications_application_statistic",
            ),
            path(
                "auskunft/",
                view(downloads.subject_access(self)),
                name="fund_applications_application_subject_access",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["can_export"] = request.user.has_perm("fund_applications.export_applications")
        extra_context["can_see_contact"] = sees_contact(request.user)
        return super().changelist_view(request, extra_context)
