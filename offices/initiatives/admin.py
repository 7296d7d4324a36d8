"""Staff side of Initiativen und Gruppen (Koordination Quartiersmanagement): review and publish
proposed entries, take over or decline the changes contacts proposed, see "Mitmachen"
messages, Auskunft and erasure for one email address."""

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from offices.initiatives import selectors, services
from offices.initiatives.enums import GroupStatus
from offices.initiatives.forms import GroupAdminForm
from offices.initiatives.models import Group, GroupChange, JoinRequest
from quartier.core import clock
from quartier.core.admin_pages import admin_page_context


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    form = GroupAdminForm
    list_display = ["name", "status", "change_waiting", "created_at", "published_at"]
    list_filter = ["status"]
    search_fields = ["name", "contact_name", "contact_email"]
    readonly_fields = [
        "status",
        "waiting_change_link",
        "created_at",
        "published_at",
        "updated_at",
        "consent_given_at",
    ]
    actions = ["publish", "hide"]
    change_list_template = "admin/initiatives/group/change_list.html"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "activity",
                    "meeting_time",
                    "meeting_place",
                    "audience",
                    "languages",
                    "text_language",
                ]
            },
        ),
        (_("Bild"), {"fields": ["picture", "picture_alt"]}),
        (
            _("Ansprechperson (nicht öffentlich)"),
            {"fields": ["contact_name", "contact_email", "consent_given_at"]},
        ),
        (
            _("Veröffentlichung"),
            {
                "fields": [
                    "status",
                    "waiting_change_link",
                    "created_at",
                    "published_at",
                    "updated_at",
                ],
                "description": _(
                    "Veröffentlichen und Ausblenden über die Aktionen in der Liste der Gruppen."
                ),
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("pending_change")

    @admin.display(description=_("Änderung wartet"), boolean=True)
    def change_waiting(self, obj):
        return hasattr(obj, "pending_change")

    @admin.display(description=_("Vorgeschlagene Änderung"))
    def waiting_change_link(self, obj):
        change = getattr(obj, "pending_change", None) if obj.pk else None
        if change is None:
            return _("keine")
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:initiatives_groupchange_change", args=[change.pk]),
            _("Änderung ansehen und übernehmen oder verwerfen"),
        )

    def save_model(self, request, obj, form, change):
        if obj.consent_given_at is None:
            obj.consent_given_at = clock.now()  # entered by staff with the group's agreement
        services.group_save(group=obj, picture_upload=form.new_picture())

    def delete_model(self, request, obj):
        services.group_delete(group=obj)

    def delete_queryset(self, request, queryset):
        for group in queryset:
            services.group_delete(group=group)

    def _set_status(self, request, queryset, status: GroupStatus) -> int:
        changed = 0
        for group in queryset:
            try:
                services.group_set_status(group=group, status=status)
            except ValidationError:
                continue
            changed += 1
        return changed

    @admin.action(description=_("Ausgewählte Gruppen veröffentlichen"), permissions=["change"])
    def publish(self, request, queryset):
        count = self._set_status(request, queryset, GroupStatus.PUBLISHED)
        self.message_user(
            request,
            ngettext(
                "%(count)d Gruppe ist jetzt auf der Website.",
                "%(count)d Gruppen sind jetzt auf der Website.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Ausgewählte Gruppen ausblenden"), permissions=["change"])
    def hide(self, request, queryset):
        count = self._set_status(request, queryset, GroupStatus.HIDDEN)
        self.message_user(
            request,
            ngettext(
                "%(count)d Gruppe ist ausgeblendet.",
                "%(count)d Gruppen sind ausgeblendet.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def get_urls(self):
        return [
            path(
                "auskunft/",
                self.admin_site.admin_view(self.subject_access_view),
                name="initiatives_group_subject_access",
            ),
            *super().get_urls(),
        ]

    def subject_access_view(self, request):
        """What the directory stores about one address (Art. 15 DSGVO), and its erasure."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        query = (request.POST.get("email") or request.GET.get("email") or "").strip()
        if request.method == "POST" and query:
            if not self.has_delete_permission(request):
                raise PermissionDenied
            erased = services.person_erase(email=query)
            self.message_user(
                request,
                _(
                    "Gelöscht: %(groups)d Einträge, %(join_requests)d Mitmachen-Nachrichten, "
                    "%(changes)d vorgeschlagene Änderungen."
                )
                % erased,
                messages.SUCCESS,
            )
            return redirect(reverse("admin:initiatives_group_subject_access"))
        report = selectors.subject_access(query) if query else None
        if report and not report.is_empty and request.GET.get("format") == "json":
            response = HttpResponse(
                json.dumps(report.as_json(), ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = 'attachment; filename="auskunft-gruppen.json"'
            response["Cache-Control"] = "private, no-store"
            return response
        context = admin_page_context(
            request,
            model_admin=self,
            title=_("Auskunft: Initiativen und Gruppen"),
            query=query,
            report=report,
            can_erase=self.has_delete_permission(request),
        )
        response = TemplateResponse(request, "admin/initiatives/group/subject_access.html", context)
        response["Cache-Control"] = "private, no-store"
        return response


@admin.register(GroupChange)
class GroupChangeAdmin(admin.ModelAdmin):
    """A change the contact proposed: staff compare it with the entry and take it over."""

    list_display = ["group", "created_at"]
    list_select_related = ["group"]
    search_fields = ["group__name"]
    actions = ["apply", "discard"]
    fields = ["group", "comparison", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # only the contact proposes, through the private link

    @admin.display(description=_("Was sich ändern soll"))
    def comparison(self, obj):
        return render_to_string(
            "admin/initiatives/groupchange/_comparison.html", {"rows": obj.changed_fields()}
        )

    @admin.action(description=_("Änderungen übernehmen"), permissions=["change"])
    def apply(self, request, queryset):
        count = 0
        for change in queryset.select_related("group"):
            try:
                services.group_change_apply(change=change)
            except ValidationError as error:
                self.message_user(request, "; ".join(error.messages), messages.ERROR)
                continue
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d Änderung ist übernommen.",
                "%(count)d Änderungen sind übernommen.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Änderungen verwerfen"), permissions=["delete"])
    def discard(self, request, queryset):
        count = 0
        for change in queryset:
            services.group_change_discard(change=change)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d Änderung ist verworfen.",
                "%(count)d Änderungen sind verworfen.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    """The messages passed on to groups; ones held back by the daily limit are passed on here."""

    list_display = ["name", "group", "created_at", "relayed"]
    list_filter = ["relayed"]
    list_select_related = ["group"]
    search_fields = ["name", "email", "group__name"]
    fields = ["group", "name", "email", "message", "consent_given_at", "created_at", "relayed"]
    readonly_fields = fields
    actions = ["relay"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("An die Gruppe weiterleiten"), permissions=["view"])
    def relay(self, request, queryset):
        if not request.user.has_perm("initiatives.change_group"):
            raise PermissionDenied
        count = sum(
            services.join_request_relay_again(join_request=join_request)
            for join_request in queryset.select_related("group")
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d Nachricht ist weitergeleitet.",
                "%(count)d Nachrichten sind weitergeleitet.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
