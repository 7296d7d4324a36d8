"""Background work of the shared core: sending the outbox."""

import logging
import uuid

from django.core.cache import cache
from django_tasks import task

from quartier.core.mail import NUDGE_PENDING, emails_send_due

logger = logging.getLogger(__name__)

# One sender at a time across workers and servers (the cache is shared): two would send the
# same mail twice. A worker killed while sending frees the lock after this many seconds.
SENDING_LOCK = "outbox:sending"
SENDING_LOCK_SECONDS = 300


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
