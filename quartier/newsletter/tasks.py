"""Background work of Neuigkeiten per E-Mail (run by the worker; the digest from the schedule)."""

from django_tasks import task

from quartier.core import clock
from quartier.newsletter import services


@task()
def send_issue_batch(issue_id: int) -> int:
    """One batch of an issue into the outbox; the next batch is a new job, so no job runs long
    and a worker restart loses nothing (deliveries already queued are recorded)."""
    queued, more = services.issue_send_batch(issue_id=issue_id)
    if more:
        send_issue_batch.enqueue(issue_id=issue_id)
    return queued


@task()
def resume_sending() -> int:
    """A chain of batches that broke (a worker killed, a failed job) goes on: every issue still
    "wird versandt" gets its next batch. Deliveries already queued are skipped."""
    issue_ids = services.issues_sending()
    for issue_id in issue_ids:
        send_issue_batch.enqueue(issue_id=issue_id)
    return len(issue_ids)


@task()
def send_digests() -> int:
    """The weekly digests that are due (the schedule runs this daily; each subscriber gets at
    most one a week)."""
    return services.digests_send(now=clock.now())
