"""Staff side of Neuigkeiten per E-Mail (Koordination): compose an issue with a preview, send
a test to oneself, send it to the subscribers; see subscribers, suppress addresses, Auskunft."""

import json
from functools import partial

from csp.constants import NONE, SELF
from csp.decorators import csp
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_sameorigin

from quartier.core.admin_deletion import WithoutLinkTablesOnDeleteMixin
from quartier.core.admin_pages import admin_page_context
from quartier.newsletter import selectors, services
from quartier.newsletter.enums import SuppressionReason
from quartier.newsletter.models import (
    NewsletterIssue,
    NewsletterIssueTranslation,
    NewsletterSubscriber,
    SuppressedAddress,
)
from quartier.newsletter.tasks import send_issue_batch

# The preview frame shows the mail's HTML, nothing else: no scripts, no styles, no requests,
# framed only by our own admin page.
PREVIEW_FRAME_POLICY = {
    "default-src": [NONE],
    "img-src": [SELF, "data:"],
    "base-uri": [NONE],
    "form-action": [NONE],
    "frame-ancestors": [SELF],
}


class IssueTranslationInline(admin.StackedInline):
    model = NewsletterIssueTranslation
    extra = 0
    fields = ["language", "subject", "body"]

    def has_change_permission(self, request, obj=None):
        return (obj is None or obj.is_draft) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return (obj is None or obj.is_draft) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.is_draft) and super().has_delete_permission(request, obj)


class IssueForm(forms.ModelForm):
    class Meta:
        model = NewsletterIssue
        fields = ["subject", "body", "offices", "fund_dates", "events", "booking_times"]
        widgets = {"offices": forms.CheckboxSelectMultiple}

    def clean(self):
        cleaned = super().clean()
        if not (
            cleaned.get("offices")
            or cleaned.get("fund_dates")
            or cleaned.get("events")
            or cleaned.get("booking_times")
        ):
            raise forms.ValidationError(
                _("Bitte wählen Sie mindestens ein Thema: sonst bekommt niemand die Ausgabe.")
            )
        return cleaned


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(admin.ModelAdmin):
    form = IssueForm
    list_display = ["subject", "status", "created_at", "sent_at", "recipient_count"]
    list_filter = ["status"]
    search_fields = ["subject", "body"]
    inlines = [IssueTranslationInline]
    change_form_template = "admin/newsletter/newsletterissue/change_form.html"
    fieldsets = [
        (None, {"fields": ["subject", "body"]}),
        (_("Themen"), {"fields": ["offices", "fund_dates", "events", "booking_times"]}),
        (_("Versand"), {"fields": ["status", "sending_started_at", "sent_at", "sent_by"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(deliveries_count=Count("deliveries"))

    @admin.display(description=_("Empfänger*innen"), ordering="deliveries_count")
    def recipient_count(self, obj):
        return obj.deliveries_count

    def get_readonly_fields(self, request, obj=None):
        sending = ["status", "sending_started_at", "sent_at", "sent_by"]
        if obj is not None and not obj.is_draft:
            return ["subject", "body", "offices", "fund_dates", "events", "booking_times", *sending]
        return sending

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.is_draft) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path(
                "<int:issue_id>/vorschau/",
                view(self.preview_view),
                name="newsletter_newsletterissue_preview",
            ),
            path(
                "<int:issue_id>/vorschau/<str:language>.html",
                view(xframe_options_sameorigin(csp(PREVIEW_FRAME_POLICY)(self.preview_html_view))),
                name="newsletter_newsletterissue_preview_html",
            ),
            path(
                "<int:issue_id>/test-senden/",
                view(self.send_test_view),
                name="newsletter_newsletterissue_send_test",
            ),
            path(
                "<int:issue_id>/senden/",
                view(self.send_view),
                name="newsletter_newsletterissue_send",
            ),
            *super().get_urls(),
        ]

    def _issue(self, request, issue_id):
        issue = get_object_or_404(
            self.get_queryset(request).prefetch_related("offices", "translations"), pk=issue_id
        )
        if not self.has_view_permission(request, issue):
            raise PermissionDenied
        return issue

    def preview_view(self, request, issue_id):
        """The mail as subscribers get it, in German and each translated language."""
        issue = self._issue(request, issue_id)
        languages = [settings.LANGUAGE_CODE, *(t.language for t in issue.translations.all())]
        previews = [
            {
                "language": dict(settings.LANGUAGES)[language],
                "code": language,
                "mail": services.issue_preview(issue=issue, language=language),
            }
            for language in languages
        ]
        context = admin_page_context(
            request,
            model_admin=self,
            title=_("Vorschau: %(subject)s") % {"subject": issue.subject},
            original=issue,
            previews=previews,
            recipients=selectors.issue_recipients(issue=issue).count(),
        )
        return TemplateResponse(request, "admin/newsletter/newsletterissue/preview.html", context)

    def preview_html_view(self, request, issue_id, language):
        """The HTML part exactly as sent, for the preview's frame: its own document, so its
        headings and language stay its own. Nothing in it may run or load from elsewhere."""
        issue = self._issue(request, issue_id)
        if language not in dict(settings.LANGUAGES):
            raise Http404
        mail = services.issue_preview(issue=issue, language=language)
        response = HttpResponse(mail.html, content_type="text/html; charset=utf-8")
        response["Cache-Control"] = "private, no-store"
        return response

    def send_test_view(self, request, issue_id):
        """ "Test an mich senden" (POST only)."""
        issue = self._issue(request, issue_id)
        change_url = reverse("admin:newsletter_newsletterissue_change", args=[issue.pk])
        if request.method != "POST" or not self.has_change_permission(request, issue):
            return redirect(change_url)
        if not request.user.email:
            messages.error(
                request,
                _("Ihr Konto hat keine E-Mail-Adresse. Bitte tragen Sie sie zuerst ein."),
            )
            return redirect(change_url)
        count = services.issue_send_test(issue=issue, to=request.user.email)
        messages.success(
            request,
            ngettext(
                "Die Test-E-Mail geht an %(email)s.",
                "%(count)d Test-E-Mails (eine je Sprache) gehen an %(email)s.",
                count,
            )
            % {"count": count, "email": request.user.email},
        )
        return redirect(change_url)

    def send_view(self, request, issue_id):
        """ "Senden": a page that says how many get it, and a button (POST) that sends once."""
        issue = self._issue(request, issue_id)
        if not request.user.has_perm("newsletter.send_newsletterissue"):
            raise PermissionDenied
        change_url = reverse("admin:newsletter_newsletterissue_change", args=[issue.pk])
        if request.method == "POST":
            try:
                services.issue_send(issue=issue, by=request.user)
            except services.IssueNotDraft:
                messages.error(request, _("Diese Ausgabe ist schon versandt oder im Versand."))
                return redirect(change_url)
            transaction.on_commit(partial(send_issue_batch.enqueue, issue_id=issue.pk))
            messages.success(
                request,
                _("Die Ausgabe „%(subject)s“ geht jetzt nach und nach in den Versand.")
                % {"subject": issue.subject},
            )
            return redirect(reverse("admin:newsletter_newsletterissue_changelist"))
        context = admin_page_context(
            request,
            model_admin=self,
            title=_("Ausgabe senden: %(subject)s") % {"subject": issue.subject},
            original=issue,
            recipients=selectors.issue_recipients(issue=issue).count(),
            change_url=change_url,
        )
        return TemplateResponse(request, "admin/newsletter/newsletterissue/send.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        issue = self.get_object(request, object_id)
        extra_context["can_send"] = (
            issue is not None
            and issue.is_draft
            and request.user.has_perm("newsletter.send_newsletterissue")
        )
        extra_context["can_send_test"] = (
            issue is not None and issue.is_draft and self.has_change_permission(request, issue)
        )
        return super().change_view(request, object_id, form_url, extra_context)


class SuppressForm(forms.Form):
    reason = forms.ChoiceField(label=_("Grund"), choices=SuppressionReason.choices)
    note = forms.CharField(label=_("Bemerkung"), max_length=300, required=False)


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("Bestätigt")
    parameter_name = "bestaetigt"

    def lookups(self, request, model_admin):
        return [("ja", _("bestätigt")), ("nein", _("noch nicht bestätigt"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.confirmed()
        if self.value() == "nein":
            return queryset.unconfirmed()
        return queryset


@admin.register(NewsletterSubscriber)
class NewsletterSubscriberAdmin(WithoutLinkTablesOnDeleteMixin, admin.ModelAdmin):
    list_display = ["email", "language", "confirmed", "digest", "suppressed", "created_at"]
    list_filter = [ConfirmedFilter, "language", "digest"]
    search_fields = ["email"]
    actions = ["suppress"]
    fields = [
        "email",
        "language",
        "offices",
        "fund_dates",
        "events",
        "booking_times",
        "digest",
        "consented_at",
        "created_at",
        "confirmed_at",
        "last_digest_at",
    ]
    readonly_fields = fields
    change_list_template = "admin/newsletter/newslettersubscriber/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                is_suppressed=Exists(SuppressedAddress.objects.filter(email=OuterRef("email")))
            )
        )

    def has_add_permission(self, request):
        return False  # only the person themself subscribes (double opt-in)

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Bestätigt"), boolean=True, ordering="confirmed_at")
    def confirmed(self, obj):
        return obj.confirmed_at is not None

    @admin.display(description=_("Gesperrt"), boolean=True)
    def suppressed(self, obj):
        return obj.is_suppressed

    @admin.action(description=_("Adresse sperren"), permissions=["view"])
    def suppress(self, request, queryset):
        if not request.user.has_perm("newsletter.add_suppressedaddress"):
            raise PermissionDenied
        form = SuppressForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            with transaction.atomic():
                for subscriber in queryset:
                    services.address_suppress(
                        email=subscriber.email,
                        reason=form.cleaned_data["reason"],
                        note=form.cleaned_data["note"],
                        by=request.user,
                    )
            count = queryset.count()
            messages.success(
                request,
                ngettext(
                    "%(count)d Adresse ist gesperrt.", "%(count)d Adressen sind gesperrt.", count
                )
                % {"count": count},
            )
            return None
        context = admin_page_context(
            request,
            model_admin=self,
            title=_("Adressen sperren"),
            form=form,
            subscribers=queryset,
            action_checkbox_name=admin.helpers.ACTION_CHECKBOX_NAME,
        )
        return TemplateResponse(
            request, "admin/newsletter/newslettersubscriber/suppress.html", context
        )

    def get_urls(self):
        return [
            path(
                "auskunft/",
                self.admin_site.admin_view(self.subject_access_view),
                name="newsletter_newslettersubscriber_subject_access",
            ),
            *super().get_urls(),
        ]

    def subject_access_view(self, request):
        """What Neuigkeiten per E-Mail stores about one address (Art. 15 DSGVO)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        query = request.GET.get("email", "").strip()
        report = selectors.subject_access_report(query) if query else None
        if report and request.GET.get("format") == "json":
            response = HttpResponse(
                json.dumps(report, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = 'attachment; filename="auskunft-newsletter.json"'
            response["Cache-Control"] = "private, no-store"
            return response
        context = admin_page_context(
            request,
            model_admin=self,
            title=_("Auskunft: Neuigkeiten per E-Mail"),
            query=query,
            report=report,
            json_text=json.dumps(report, ensure_ascii=False, indent=2) if report else "",
        )
        response = TemplateResponse(
            request, "admin/newsletter/newslettersubscriber/subject_access.html", context
        )
        response["Cache-Control"] = "private, no-store"
        return response


@admin.register(SuppressedAddress)
class SuppressedAddressAdmin(admin.ModelAdmin):
    list_display = ["email", "reason", "note", "created_at", "created_by"]
    list_filter = ["reason"]
    search_fields = ["email", "note"]
    fields = ["email", "reason", "note"]
    list_select_related = ["created_by"]

    def get_readonly_fields(self, request, obj=None):
        return ["email"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        saved = services.address_suppress(
            email=obj.email, reason=obj.reason, note=obj.note, by=request.user
        )
        obj.pk = saved.pk
