"""Background work of the shared core: sending the outbox, started by every queued mail
(post_office's email_queued) and by the schedule."""

import logging
import uuid

from django.core.cache import cache
from django.db import transaction
from django_tasks import task

from quartier.core.mail import emails_send_due

logger = logging.getLogger(__name__)

# One sender at a time across workers and servers (the cache is shared): two would send the
# same mail twice. A worker killed while sending frees the lock after this many seconds.
SENDING_LOCK = "outbox:sending"
SENDING_LOCK_SECONDS = 300

# A burst of mails (two per appointment request, a newsletter batch) needs one run of the
# sender, not one each: while a nudge waits for the worker, more nudges add nothing. The run
# clears the mark before it looks for due mails, so a mail committed later nudges again.
NUDGE_PENDING = "outbox:nudge-pending"
NUDGE_PENDING_SECONDS = 60


@task()
def send_outbox() -> dict[str, int]:
    """Send every email that is due. A run that finds another sender at work does nothing:
    that one sends what is due until the outbox is empty."""
    cache.delete(NUDGE_PENDING)
    token = uuid.uuid4().hex
    if not cache.add(SENDING_LOCK, token, timeout=SENDING_LOCK_SECONDS):
        return {"skipped": 1}
    try:
        totals = emails_send_due()
    finally:
        if cache.get(SENDING_LOCK) == token:
            cache.delete(SENDING_LOCK)
    if totals["sent"] or totals["failed"] or totals["requeued"]:
        logger.info("outbox %s", " ".join(f"{key}={value}" for key, value in totals.items()))
    return totals


def nudge_worker_after_commit(**kwargs) -> None:
    """Connected to post_office's email_queued: ask the worker to send once the change is
    committed, rather than at the next sweep. Django's own mails (EMAIL_BACKEND) count too."""
    transaction.on_commit(_nudge_worker)


def _nudge_worker() -> None:
    if cache.add(NUDGE_PENDING, 1, timeout=NUDGE_PENDING_SECONDS):
        send_outbox.enqueue()
