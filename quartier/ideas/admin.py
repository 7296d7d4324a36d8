"""Staff side of Anregungen und Ideen: read new ideas, correct and publish them with an answer,
answer privately, change the status with a link to what came of it, invite the author to the
Stadtteilfonds; the topics; Auskunft and erasure for one address. Who supported an idea is
never shown: there is no admin for supports, only the count."""

import json
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fund_applications.register import shown as shown_in_register
from offices.admin_forms import StaffListMixin
from offices.enums import AnnouncementStatus
from quartier.core import clock
from quartier.core.admin_pages import admin_page_context
from quartier.ideas import selectors
from quartier.ideas.enums import NEEDS_LINK, NEEDS_REASON, allowed_next
from quartier.ideas.models import Idea, IdeaStatusChange, Topic
from quartier.ideas.services import erasure, invitations, review

LINKABLE_YEARS = 2


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "name_tr", "name_ar", "position", "is_active"]
    search_fields = ["name", "name_en", "name_tr", "name_ar"]
    prepopulated_fields = {"slug": ["name"]}


class StatusChangeInline(admin.TabularInline):
    model = IdeaStatusChange
    fields = ["changed_at", "status", "note", "changed_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("Was bisher geschah")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class IdeaAdminForm(forms.ModelForm):
    publish = forms.BooleanField(
        label=_("Jetzt veröffentlichen"),
        required=False,
        help_text=_("Erst dann steht die Idee auf der Website. Die Person bekommt eine E-Mail."),
    )
    new_private_answer = forms.CharField(
        label=_("Antwort per E-Mail an die Person"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Geht über den Postausgang an die Person und steht auf ihrer privaten Seite, nie "
            "auf der Website. Für Ideen, die nicht veröffentlicht werden."
        ),
    )
    new_status = forms.ChoiceField(label=_("Neuer Stand"), required=False)
    status_note = forms.CharField(
        label=_("Hinweis zum neuen Stand (öffentlich)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bei „nicht möglich“ bitte den Grund."),
    )

    class Meta:
        model = Idea
        fields = [
            "title",
            "text",
            "edited_by_office",
            "topic",
            "place",
            "language",
            "picture_alt",
            "answer",
            "answer_due_on",
            "announcement",
            "funded_project",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        idea = self.instance
        self.fields["new_status"].choices = [("", _("unverändert"))] + [
            (status.value, status.label) for status in allowed_next(idea.status)
        ]
        cutoff = clock.now() - timedelta(days=365 * LINKABLE_YEARS)
        if "announcement" in self.fields:
            self.fields["announcement"].queryset = (
                self.fields["announcement"]
                .queryset.filter(status=AnnouncementStatus.PUBLISHED, publish_from__gte=cutoff)
                .order_by("-publish_from")
            )
        if "funded_project" in self.fields:
            self.fields["funded_project"].queryset = (
                self.fields["funded_project"].queryset.filter(shown_in_register()).order_by("-pk")
            )

    def clean(self):
        cleaned = super().clean()
        new_status = cleaned.get("new_status")
        if new_status in NEEDS_LINK and not (
            cleaned.get("announcement") or cleaned.get("funded_project")
        ):
            self.add_error(
                "announcement",
                _(
                    "Bitte wählen Sie, was aus der Idee geworden ist: eine Meldung, eine "
                    "Veranstaltung oder ein gefördertes Projekt."
                ),
            )
        if new_status in NEEDS_REASON and not cleaned.get("status_note", "").strip():
            self.add_error(
                "status_note", _("Bitte schreiben Sie, warum die Idee nicht möglich ist.")
            )
        return cleaned


class WaitingFilter(admin.SimpleListFilter):
    title = _("Antwort")
    parameter_name = "antwort"

    def lookups(self, request, model_admin):
        return [("offen", _("noch nicht beantwortet")), ("ueberfaellig", _("überfällig"))]

    def queryset(self, request, queryset):
        if self.value() == "offen":
            return queryset.unanswered()
        if self.value() == "ueberfaellig":
            return queryset.overdue(today=clock.today())
        return queryset


class PublishedFilter(admin.SimpleListFilter):
    title = _("Auf der Website")
    parameter_name = "oeffentlich"

    def lookups(self, request, model_admin):
        return [("ja", _("veröffentlicht")), ("nein", _("nicht veröffentlicht"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(published_at__isnull=False)
        if self.value() == "nein":
            return queryset.filter(published_at__isnull=True)
        return queryset


@admin.register(Idea)
class IdeaAdmin(StaffListMixin, admin.ModelAdmin):
    form = IdeaAdminForm
    list_display = [
        "title",
        "topic",
        "status",
        "is_public",
        "support_count",
        "answer_due_on",
        "is_answered",
        "created_at",
    ]
    list_filter = [WaitingFilter, PublishedFilter, "status", "topic"]
    list_select_related = ["topic"]
    search_fields = ["title", "text", "place"]
    date_hierarchy = "created_at"
    inlines = [StatusChangeInline]
    actions = ["invite_to_fund"]
    readonly_fields = [
        "status",
        "created_at",
        "may_publish",
        "email",
        "published_at",
        "answered_at",
        "private_answer",
        "private_answered_at",
        "support_count",
        "fund_invited_at",
        "picture_preview",
        "private_link_note",
    ]
    fieldsets = [
        (
            _("Die Idee"),
            {
                "fields": [
                    "status",
                    "created_at",
                    "title",
                    "text",
                    "edited_by_office",
                    "topic",
                    "place",
                    "language",
                    "picture_preview",
                    "picture_alt",
                ]
            },
        ),
        (
            _("Veröffentlichung und Antwort"),
            {
                "fields": [
                    "may_publish",
                    "published_at",
                    "publish",
                    "answer",
                    "answer_due_on",
                    "answered_at",
                    "support_count",
                ]
            },
        ),
        (
            _("Antwort per E-Mail"),
            {"fields": ["email", "private_answer", "private_answered_at", "new_private_answer"]},
        ),
        (
            _("Stand ändern"),
            {"fields": ["new_status", "status_note", "announcement", "funded_project"]},
        ),
        (_("Stadtteilfonds"), {"fields": ["fund_invited_at", "private_link_note"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        # "Jetzt veröffentlichen" only while it can happen: not yet public, and allowed.
        can_publish = obj is not None and obj.published_at is None and obj.may_publish
        return [
            (
                name,
                {
                    **options,
                    "fields": [f for f in options["fields"] if can_publish or f != "publish"],
                },
            )
            for name, options in self.fieldsets
        ]

    @admin.display(description=_("Auf der Website"), boolean=True)
    def is_public(self, obj):
        return obj.published_at is not None

    @admin.display(description=_("Beantwortet"), boolean=True)
    def is_answered(self, obj):
        return obj.answered_at is not None

    @admin.display(description=_("Foto"))
    def picture_preview(self, obj):
        if not obj.picture:
            return _("kein Foto")
        return format_html(
            '<img src="{}" alt="{}" width="240" class="idea-admin-picture">',
            obj.picture.url,
            obj.picture_alt,
        )

    @admin.display(description=_("Privater Link"))
    def private_link_note(self, obj):
        return _(
            "Die Person hat einen privaten Link zu ihrer Idee. Mit „Zum Stadtteilfonds-Antrag "
            "einladen“ (Aktion in der Liste) bekommt sie dort einen Knopf, der einen Antrag "
            "mit Titel, Beschreibung und Ort der Idee beginnt."
        )

    def has_add_permission(self, request):
        return False  # ideas come from residents, through the public form

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            review.idea_staff_save(
                idea=obj,
                by=request.user,
                publish=data.get("publish", False),
                private_answer=data.get("new_private_answer", ""),
                new_status=data.get("new_status", ""),
                status_note=data.get("status_note", ""),
            )
        except ValidationError as error:
            # A colleague changed the idea meanwhile: nothing was stored.
            self.message_user(request, " ".join(error.messages), messages.ERROR)

    def save_formset(self, request, form, formset, change):
        formset.save()

    @admin.action(description=_("Zum Stadtteilfonds-Antrag einladen"), permissions=["change"])
    def invite_to_fund(self, request, queryset):
        invited = 0
        for idea in queryset:
            try:
                invitations.idea_invite_to_fund(idea=idea)
            except ValidationError as error:
                self.message_user(request, f"{idea}: {' '.join(error.messages)}", messages.WARNING)
            else:
                invited += 1
        if invited:
            self.message_user(
                request,
                ngettext(
                    "%(count)d Person zum Antrag eingeladen.",
                    "%(count)d Personen zum Antrag eingeladen.",
                    invited,
                )
                % {"count": invited},
                messages.SUCCESS,
            )

    # ------------------------------------------------------------ Auskunft and erasure

    def get_urls(self):
        return [
            path(
                "auskunft/",
                self.admin_site.admin_view(self.subject_access_view),
                name="ideas_idea_subject_access",
            ),
            *super().get_urls(),
        ]

    def subject_access_view(self, request):
        """What Anregungen und Ideen stores about one address (Art. 15 DSGVO), and its erasure
        (Art. 17) by POST."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_delete_permission(request):
                raise PermissionDenied
            email = request.POST.get("email", "").strip()
            if email:
                result = erasure.personal_data_erase(email=email)
                self.message_user(
                    request,
                    _(
                        "Gelöscht: %(deleted)d nicht veröffentlichte Ideen, %(blanked)d "
                        "Ideen ohne Adresse, %(supports)d Unterstützungen (die Zahlen bleiben)."
                    )
                    % {
                        "deleted": result["ideas_deleted"],
                        "blanked": result["ideas_anonymised"],
                        "supports": result["supports"],
                    },
                    messages.SUCCESS,
                )
            return redirect(reverse("admin:ideas_idea_subject_access"))
        query = request.GET.get("email", "").strip()
        report = selectors.subject_access_report(query) if query else None
        text = json.dumps(report, ensure_ascii=False, indent=2) if report else ""
        if report and request.GET.get("format") == "json":
            response = HttpResponse(text, content_type="application/json; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="auskunft-ideen.json"'
            response["Cache-Control"] = "private, no-store"
            return response
        context = admin_page_context(
            request,
            model_admin=self,
            title=_("Auskunft und Löschung: Anregungen und Ideen"),
            query=query,
            report=report,
            json_text=text,
            can_erase=self.has_delete_permission(request),
        )
        response = TemplateResponse(request, "admin/ideas/idea/subject_access.html", context)
        response["Cache-Control"] = "private, no-store"
        return response
