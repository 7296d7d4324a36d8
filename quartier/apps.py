from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_delete, post_migrate, post_save


class QuartierConfig(AppConfig):
    """The project package as an app: site-wide commands, and the staff roles."""

    default = True
    name = "quartier"
    verbose_name = "Quartiersbüro"

    def ready(self):
        from quartier.page_cache import content_model_changed
        from quartier.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, sender=self)
        # Cache invalidation is infrastructure, not domain flow: any save counts.
        post_save.connect(content_model_changed, dispatch_uid="page-cache-save")
        post_delete.connect(content_model_changed, dispatch_uid="page-cache-delete")


class QuartierAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "quartier.admin_site.QuartierAdminSite"
