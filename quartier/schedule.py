"""The one schedule of periodic work: `manage.py run_schedule` enqueues each job when it is due,
the worker runs it. Several servers may run the scheduler: a slot is claimed with cache.add()
in the shared cache, so each job is enqueued once per slot."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django_tasks.base import Task

from consultations.booking.tasks import remind_bookings
from consultations.lending.tasks import flag_late_loans, remind_loans
from fund_applications.tasks import remind_fund_reports
from offices.events.tasks import remind_event_signups
from quartier.core.tasks import send_outbox
from quartier.newsletter.tasks import resume_sending, send_digests
from quartier.tasks import apply_retention, back_up, clean_up, forget_kept_uploads

# A claimed slot is remembered this long: longer than any slot.
SLOT_MEMORY_SECONDS = 3 * 24 * 60 * 60


@dataclass(frozen=True)
class Job:
    name: str
    task: Task
    every: timedelta | None = None  # or:
    daily_at: time | None = None  # Europe/Berlin

    def slot(self, now: datetime) -> str | None:
        """The slot `now` falls into, or None when the job is not due yet today."""
        if self.every is not None:
            return str(int(now.timestamp() // self.every.total_seconds()))
        if now.time() < self.daily_at:
            return None
        return now.date().isoformat()


SCHEDULE: list[Job] = [
    # Retries of the outbox (new mails nudge the worker at once).
    Job("outbox", send_outbox, every=timedelta(minutes=1)),
    Job("retention", apply_retention, daily_at=time(3, 0)),
    Job("clean-up", clean_up, daily_at=time(3, 30)),
    # Files kept across a form with errors live a day, on every server's shared storage.
    Job("kept-uploads", forget_kept_uploads, every=timedelta(hours=1)),
    Job("fund-report-reminders", remind_fund_reports, daily_at=time(9, 0)),
    # Tomorrow's appointments; each booking is reminded once, however often this runs.
    Job("booking-reminders", remind_bookings, daily_at=time(9, 0)),
    # Sign-ups for events, the set number of days before; each sign-up is reminded once.
    Job("event-reminders", remind_event_signups, daily_at=time(9, 0)),
    # Verleih: tomorrow's pick-ups and today's returns, each mail once.
    Job("lending-reminders", remind_loans, daily_at=time(8, 0)),
    # A bike not back by the end of its return time: flagged, the next borrower warned.
    Job("lending-late", flag_late_loans, every=timedelta(minutes=30)),
    # Weekly newsletter digests: checked daily, each subscriber gets one a week at most.
    Job("newsletter-digests", send_digests, daily_at=time(7, 0)),
    # An issue whose chain of batches broke goes on sending.
    Job("newsletter-resume", resume_sending, every=timedelta(minutes=15)),
    # Only where a folder for backups is configured (production; not `make run`).
    *([Job("backup", back_up, daily_at=time(2, 30))] if settings.BACKUP_DIR else []),
]


def schedule_enqueue_due(*, now: datetime, jobs: list[Job] | None = None) -> list[str]:
    """Enqueue every job whose current slot nobody claimed yet; returns their names."""
    enqueued = []
    for job in SCHEDULE if jobs is None else jobs:
        slot = job.slot(now)
        if slot is None:
            continue
        if cache.add(f"schedule:{job.name}:{slot}", 1, timeout=SLOT_MEMORY_SECONDS):
            job.task.enqueue()
            enqueued.append(job.name)
    return enqueued
