from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.core.signals import setting_changed


def forget_static_addresses(*, setting, **kwargs):
    if setting in {"STATIC_URL", "STORAGES"}:
        from quartier import admin_site

        admin_site._icon_url.cache_clear()


class QuartierConfig(AppConfig):
    """The project package as an app: site-wide commands, the accessibility feedback."""

    default = True
    name = "quartier"
    verbose_name = "Quartiersbüro"


class QuartierAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "quartier.admin_site.QuartierAdminSite"

    def ready(self):
        from quartier.core.admin_widgets import label_split_date_times

        label_split_date_times()  # before autodiscover registers (and copies) the ModelAdmins
        super().ready()
        from django.contrib import admin
        from django.contrib.admin import helpers
        from django.contrib.admin.templatetags import admin_list

        from quartier import admin_date_hierarchy, admin_site

        # Every yes/no column and read-only field in the admin takes it from here.
        admin_list._boolean_icon = admin_site.boolean_icon_in_words
        setting_changed.connect(forget_static_addresses)
        # Read-only foreign keys link only to what the person may open.
        helpers.AdminReadonlyField.get_admin_url = admin_site.readonly_link_if_allowed
        # The row checkboxes of every list, without a template each.
        admin.ModelAdmin.action_checkbox = admin_site.action_checkbox_written_directly
        # The years or months above a list (date hierarchy) in one plain query.
        admin_list.date_hierarchy = admin_date_hierarchy.date_hierarchy_in_one_query
