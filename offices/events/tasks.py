"""Background work of event sign-up (django-tasks), run by the project's schedule; safe to
run often and in parallel."""

from django_tasks import task

from offices.events.services import signups_send_reminders
from quartier.core import clock


@task()
def remind_event_signups() -> int:
    """Queue the reminders of the coming events' sign-ups (each one once); returns how many."""
    return signups_send_reminders(now=clock.now())
