"""Money: what the fund can grant, computed the same way for every page that shows it."""

from decimal import Decimal

from django.db.models import DecimalField, Subquery, Value
from django.db.models.functions import Coalesce

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=12, decimal_places=2)


def receipts_sum(receipts) -> Decimal:
    """What receipts add up to: per cost line, per application, for the Verwendungsnachweis."""
    return sum((receipt.amount for receipt in receipts), start=ZERO)


def money_or_zero(subquery) -> Coalesce:
    return Coalesce(Subquery(subquery, output_field=MONEY), Value(ZERO), output_field=MONEY)
