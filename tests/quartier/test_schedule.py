"""The one schedule of periodic work (quartier/schedule.py)."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks import task

from quartier.core.clock import BERLIN
from quartier.schedule import SCHEDULE, Job, schedule_enqueue_due

pytestmark = pytest.mark.django_db

runs = []


@task()
def record_run() -> None:
    runs.append(1)


@pytest.fixture(autouse=True)
def _no_runs():
    runs.clear()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN)


def test_daily_job_runs_once_a_day_after_its_time_whatever_the_number_of_schedulers():
    from datetime import time

    job = Job("test-daily", record_run, daily_at=time(3, 0))

    before = schedule_enqueue_due(now=at("2026-03-02 02:59"), jobs=[job])
    first = schedule_enqueue_due(now=at("2026-03-02 03:00"), jobs=[job])
    other_server = schedule_enqueue_due(now=at("2026-03-02 03:00"), jobs=[job])
    later = schedule_enqueue_due(now=at("2026-03-02 17:00"), jobs=[job])
    next_day = schedule_enqueue_due(now=at("2026-03-03 03:01"), jobs=[job])

    assert (before, first, other_server, later, next_day) == (
        [],
        ["test-daily"],
        [],
        [],
        ["test-daily"],
    )
    assert len(runs) == 2


def test_minute_job_runs_once_per_minute():
    job = Job("test-minute", record_run, every=timedelta(minutes=1))

    for second in (0, 20, 59):
        schedule_enqueue_due(now=at(f"2026-03-02 10:00:{second:02d}"), jobs=[job])
    schedule_enqueue_due(now=at("2026-03-02 10:01:00"), jobs=[job])

    assert len(runs) == 2


def test_every_periodic_job_is_in_the_one_schedule_and_runs(time_machine):
    time_machine.move_to("2026-03-02 10:00+01:00")

    call_command("run_schedule", once=True, stdout=StringIO())

    names = {job.name for job in SCHEDULE}
    assert names == {
        "outbox",
        "retention",
        "clean-up",
        "kept-uploads",
        "fund-report-reminders",
        "booking-reminders",
        "event-reminders",
        "lending-reminders",
        "lending-late",
        "newsletter-digests",
        "newsletter-resume",
    }
    # A second pass in the same minute enqueues nothing again.
    assert schedule_enqueue_due(now=at("2026-03-02 10:00:30")) == []
