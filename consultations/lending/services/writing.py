"""Saving a loan that holds its time: never two overlapping for one item. On PostgreSQL the
exclusion constraint decides (a parallel insert waits for the first and then fails); on
SQLite the check below runs inside the writing transaction, which holds the one write lock
from its start (IMMEDIATE), so no other writer can slip in between check and insert."""

from django.db import IntegrityError, transaction

from consultations.lending.models import Loan


class ItemTaken(Exception):
    """The time is (or just became) taken by another approved loan."""


def save_holding_time(loan: Loan, *, update_fields: list[str] | None = None) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("save_holding_time() belongs inside the writing transaction")
    taken = (
        Loan.objects.blocking()
        .overlapping(item_id=loan.item_id, starts_at=loan.starts_at, ends_at=loan.ends_at)
        .exclude(pk=loan.pk)
        .exists()
    )
    if taken:
        raise ItemTaken
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction survives
            loan.save(update_fields=update_fields)
    except IntegrityError as error:
        raise ItemTaken from error
