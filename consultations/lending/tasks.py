"""Background work of the lending (django-tasks), run by the project's schedule; safe to run
often and in parallel."""

from django_tasks import task

from consultations.lending.services.handover import loans_flag_late
from consultations.lending.services.reminders import loans_send_due_notices, loans_send_reminders
from quartier.core import clock


@task()
def remind_loans() -> int:
    """Tomorrow's pick-ups and today's returns: each mail once."""
    now = clock.now()
    return loans_send_reminders(now=now) + loans_send_due_notices(now=now)


@task()
def flag_late_loans() -> int:
    """Loans not back in time: flagged, the next borrower warned."""
    return loans_flag_late(now=clock.now())
