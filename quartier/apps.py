from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate


class QuartierConfig(AppConfig):
    """The project package as an app: site-wide commands, and the staff roles."""

    default = True
    name = "quartier"
    verbose_name = "Quartiersbüro"

    def ready(self):
        from quartier.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, sender=self)


class QuartierAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "quartier.admin_site.QuartierAdminSite"

    def ready(self):
        from quartier.core.admin_widgets import label_split_date_times

        label_split_date_times()  # before autodiscover registers (and copies) the ModelAdmins
        super().ready()
