"""Background work of online booking (django-tasks). The project's periodic schedule
runs these; they are safe to run often and in parallel."""

from django_tasks import task

from consultations.booking.services import bookings_send_reminders
from quartier.core import clock


@task()
def remind_bookings() -> int:
    """Email tomorrow's appointments their reminder (each one once); returns how many."""
    return bookings_send_reminders(now=clock.now())
