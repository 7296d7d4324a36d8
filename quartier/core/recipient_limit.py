"""How many mails one recipient address gets because someone typed it into a public form
(newsletter sign-up, online booking, Stadtteilfonds application): at most
RECIPIENT_MAIL_LIMIT a day, whoever typed it and from wherever. The per-address limits of
quartier.core.rate_limit count the sender; this counts the victim, so many senders together
cannot flood one inbox either.

The form answers the same whether a mail went out or not: nobody learns from it whether an
address is known. Counted in the shared default cache (a database table, or Redis), so every
worker and server counts together."""

import hashlib

from django.conf import settings

from quartier.core.rate_limit import take_slot

DAY = 24 * 60 * 60


def allow(address: str, *, scope: str = "mail", limit: int | None = None, per_seconds=DAY) -> bool:
    """Count one mail to `address`; False once it had `limit` (by default
    RECIPIENT_MAIL_LIMIT) in this window, and the caller then queues nothing.

    A narrower `scope` with its own limit keeps one kind of mail rarer still (the newsletter's
    "already subscribed" note, say); the caller checks that first and then the general one.
    Counted like the per-address limits (rate_limit.take_slot). The address is hashed:
    cache keys hold no personal data."""
    address = address.strip().lower()
    if not address:
        return True
    limit = settings.RECIPIENT_MAIL_LIMIT if limit is None else limit
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return take_slot(f"recipient:{scope}:{digest}", limit=limit, per_seconds=per_seconds)
