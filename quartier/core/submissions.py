"""Per-person limits and double submissions of public forms, decided in the writing
transaction itself so they hold across workers and servers on SQLite and PostgreSQL.

A form's service calls `lock_people()` first inside its `transaction.atomic()`: one row per
person (email address, phone number) and form is inserted or touched, which makes every other
transaction of the same person wait until this one commits (PostgreSQL locks the row; SQLite
has one writer at a time). Then it counts that person's rows (open bookings, requests of the
day) or looks for the same submission made a moment ago, and only then writes. A limit read
outside the transaction lets twelve parallel submissions all see "one so far".

The per-address ceilings (quartier/core/rate_limit.py) stay as a generous second line: many
residents share the office's PC, an event's Wi-Fi or a mobile carrier's address."""

import unicodedata
from collections.abc import Iterable
from datetime import timedelta

from django.db import connection
from django.utils.crypto import salted_hmac

from quartier.core import clock
from quartier.core.models import PersonLock

# A person who sends the same text again within this time sent it once (a second click, the
# browser's "send again" after a slow answer, the back button).
SAME_SUBMISSION_MINUTES = 10


def phone_key(phone: str) -> str:
    """One form for every way of writing a German phone number, so a limit counts
    `0231 1234567`, `+49 231 1234567`, `0049-231-1234567` and `+49 (0)231 1234567` as one:
    "+492311234567". Numbers without an area code stay as their digits; "" for no digits."""
    text = phone.strip().replace("(0)", "")
    # Any script's digits: a number typed with Arabic-Indic digits is the same number.
    digits = "".join(
        str(value) for char in text if (value := unicodedata.decimal(char, None)) is not None
    )
    if not digits:
        return ""
    if text.startswith("+"):
        return "+" + digits
    if digits.startswith("00"):
        return "+" + digits[2:]
    if digits.startswith("0"):
        return "+49" + digits[1:]
    return digits


def email_key(email: str) -> str:
    """Email addresses compare without case and surrounding spaces."""
    return email.strip().lower()


def identities(*, email: str = "", phone: str = "") -> list[str]:
    """The ways a person is recognised in a submission: their email address, their phone."""
    found = []
    if key := email_key(email):
        found.append(f"email:{key}")
    if key := phone_key(phone):
        found.append(f"phone:{key}")
    return found


def lock_people(*, scope: str, keys: Iterable[str]) -> None:
    """Wait for every other writing transaction of these people in `scope`, and make them
    wait for ours. Call it first in the transaction that checks a limit and writes."""
    if not connection.in_atomic_block:
        raise RuntimeError("lock_people() belongs inside the writing transaction")
    hashed = sorted(
        {
            salted_hmac("quartier.core.submissions", key, algorithm="sha256").hexdigest()
            for key in keys
            if key
        }
    )
    if not hashed:
        return
    now = clock.now()
    # INSERT … ON CONFLICT DO UPDATE: the row exists afterwards and is locked by us in
    # either case; sorted, so two transactions locking two people never wait in a circle.
    PersonLock.objects.bulk_create(
        [PersonLock(scope=scope, person=person, touched_at=now) for person in hashed],
        update_conflicts=True,
        unique_fields=["scope", "person"],
        update_fields=["touched_at"],
    )


def stale_locks_delete(*, now, older_than_days: int = 7) -> int:
    """A lock row holds only a keyed hash, and is of no use once its limits are past."""
    cutoff = now - timedelta(days=older_than_days)
    deleted, _per_model = PersonLock.objects.filter(touched_at__lt=cutoff).delete()
    return deleted
