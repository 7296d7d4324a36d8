from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared infrastructure as an app: its template tags, the outbox in the admin and the
    page cache's link to the content models."""

    name = "quartier.core"
    label = "core"
    verbose_name = _("Gemeinsame Dienste")

    def ready(self):
        from post_office.signals import email_queued

        from quartier.core import checks  # noqa: F401 - registers the checks
        from quartier.core.page_cache import content_model_changed
        from quartier.core.tasks import nudge_worker_after_commit

        email_queued.connect(nudge_worker_after_commit, dispatch_uid="outbox-nudge")

        # Cache invalidation is infrastructure, not domain flow: the models readers see
        # (settings.PAGE_CACHE_CONTENT_MODELS) make cached pages stale, nothing else does.
        post_save.connect(content_model_changed, dispatch_uid="page-cache-save")
        post_delete.connect(content_model_changed, dispatch_uid="page-cache-delete")
