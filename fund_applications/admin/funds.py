"""Funds with their goals, budgets and jury sessions; a jury session's page."""

from django.contrib import admin
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from fund_applications import selectors, services
from fund_applications.enums import Decision
from fund_applications.models import Application, Fund, FundBudget, FundGoal, JurySession
from fund_applications.permissions import sees_contact
from fund_applications.staff_views import jury
from quartier.core.admin_formsets import InlineFormSet


class FundGoalInline(admin.TabularInline):
    model = FundGoal
    formset = InlineFormSet
    extra = 1


class FundBudgetInline(admin.TabularInline):
    model = FundBudget
    formset = InlineFormSet
    extra = 0


class JurySessionInline(admin.TabularInline):
    """The coming and recent sessions only: the list grows every year, and older sessions
    are read and corrected on the list of sessions (linked below the table, with a count)."""

    model = JurySession
    formset = InlineFormSet
    extra = 1
    fields = ["starts_at", "submission_deadline", "place"]
    verbose_name_plural = _("Jurysitzungen (kommende und der letzten drei Monate)")

    def get_queryset(self, request):
        return selectors.fund_page_jury_sessions(super().get_queryset(request))


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "year_budget", "max_per_application", "is_active"]
    list_filter = ["is_active", "show_remaining_budget"]
    list_select_related = ["office"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FundGoalInline, FundBudgetInline, JurySessionInline]
    change_form_template = "admin/fund_applications/fund/change_form.html"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Here rather than in change_view: Django has loaded the fund by now, once.
        if obj is not None:
            since = selectors.recent_jury_sessions_since()
            context.update(
                budgets=selectors.budget_summaries(fund=obj, years=selectors.fund_years(fund=obj)),
                older_sessions_count=selectors.older_jury_sessions_count(fund=obj),
                older_sessions_url=reverse("admin:fund_applications_jurysession_changelist")
                + "?"
                + urlencode({"fund__id__exact": obj.pk, "starts_at__date__lt": since.isoformat()}),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


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

    def get_changeform_initial_data(self, request):
        # The usual case is one fund: a new session belongs to it without a choice.
        initial = super().get_changeform_initial_data(request)
        funds = list(Fund.objects.values_list("pk", flat=True)[:2])
        if "fund" not in initial and len(funds) == 1:
            initial["fund"] = funds[0]
        return initial

    def get_fields(self, request, obj=None):
        # Django links a read-only fund to its page; the jury may not open it (403).
        if request.user.has_perm("fund_applications.view_fund"):
            return self.fields
        return ["fund_name" if name == "fund" else name for name in self.fields]

    def get_urls(self):
        return [
            path(
                "<int:session_id>/jurymappe/",
                self.admin_site.admin_view(jury.jury_pack(self)),
                name="fund_applications_jurysession_pack",
            ),
            path(
                "<int:session_id>/jurymappe.pdf",
                self.admin_site.admin_view(jury.jury_pack(self, as_pdf=True)),
                name="fund_applications_jurysession_pack_pdf",
            ),
            path(
                "<int:session_id>/sammeln/",
                self.admin_site.admin_view(jury.jury_session_collect(self)),
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
                # Links only to what this person may open: the application list's own rows
                # (for a jury member selectors.applications_for_jury).
                readable_ids=set(
                    self.admin_site.get_model_admin(Application)
                    .get_queryset(request)
                    .filter(jury_session=session)
                    .values_list("pk", flat=True)
                ),
                budget=selectors.budget_summary(fund=session.fund, year=year),
                can_decide=self.has_change_permission(request, session)
                and sees_contact(request.user),
            )
        return super().change_view(request, object_id, form_url, extra_context)
