from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from offices.models import Office, SitePage


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "by_appointment", "ordering"]
    list_editable = ["ordering"]
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


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at", "updated_by"]
    list_select_related = ["updated_by"]
    readonly_fields = ["updated_at", "updated_by"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
