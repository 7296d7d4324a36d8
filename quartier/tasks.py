"""Site-wide background work, run from the schedule (quartier.schedule)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from quartier.core import clock, kept_uploads
from quartier.retention import retention_apply

# Finished jobs are kept this long, to look into a failure.
FINISHED_TASKS_KEPT = timedelta(days=7)


@task()
def apply_retention() -> dict[str, int]:
    """Erase personal data whose retention period is over (every rule of quartier.retention)."""
    return retention_apply(now=clock.now())


@task()
def clean_up() -> dict[str, int]:
    """Expired staff sessions and old results of finished background jobs."""
    now = clock.now()
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    results, _ = (
        DBTaskResult.objects.finished().filter(finished_at__lt=now - FINISHED_TASKS_KEPT).delete()
    )
    return {"sessions": sessions, "task_results": results}


@task()
def forget_kept_uploads() -> int:
    """Files kept across a form with errors whose day is over (their references expired)."""
    return kept_uploads.forget_kept_uploads(now=clock.now())


@task()
def back_up() -> str:
    """The nightly backup into settings.BACKUP_DIR (`manage.py backup_site`)."""
    call_command("backup_site", output=str(settings.BACKUP_DIR), verbosity=0)
    return str(settings.BACKUP_DIR)
