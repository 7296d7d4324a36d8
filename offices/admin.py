from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from offices.models import Office, OfficeMembership, SitePage
from offices.permissions import OfficeScopedAdminMixin, can_edit_all_offices


@admin.register(Office)
class OfficeAdmin(OfficeScopedAdminMixin, admin.ModelAdmin):
    office_field = "pk"
    list_display = ["name", "short_name", "kind", "by_appointment", "ordering"]
    list_filter = ["kind", "by_appointment"]
    search_fields = ["name", "short_name", "services"]
    prepopulated_fields = {"slug": ["short_name"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "kind", "ordering", "logo"]}),
        (_("Angebot"), {"fields": ["summary", "services", "description", "funded_by"]}),
        (
            _("Kontakt"),
            {"fields": ["street", "postal_code", "city", "room", "phone", "email", "website"]},
        ),
        (_("Termine"), {"fields": ["by_appointment"]}),
    ]

    def has_add_permission(self, request):
        # A new partner office is a decision of the coordinators, not of one office's staff.
        return super().has_add_permission(request) and can_edit_all_offices(request.user)

    def get_readonly_fields(self, request, obj=None):
        if can_edit_all_offices(request.user):
            return []
        return ["slug", "kind", "ordering"]

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if can_edit_all_offices(request.user) else {}


@admin.register(OfficeMembership)
class OfficeMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "office"]
    list_filter = ["office"]
    list_select_related = ["user", "office"]
    search_fields = ["user__username", "user__email", "office__name"]
    autocomplete_fields = ["user"]


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at", "updated_by"]
    list_select_related = ["updated_by"]
    readonly_fields = ["updated_at", "updated_by"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
