"""Money paid out to a granted project."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fund_applications.enums import PAYABLE_STATUSES
from fund_applications.models import Application, Payout
from quartier.core import clock
from quartier.core.formatting import euro


def application_record_payout(
    *, application: Application, user, amount: Decimal, paid_on: date, note: str = ""
) -> Payout:
    """Record money paid out; never more than was granted."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status not in PAYABLE_STATUSES:
            raise ValidationError(
                _("Auszahlungen sind nur bei bewilligten Projekten möglich."),
                code="payout_not_allowed",
            )
        paid = locked.paid_out
        if amount is None or amount <= 0:
            raise ValidationError({"amount": _("Bitte geben Sie einen Betrag über 0 € an.")})
        if paid + amount > (locked.granted_amount or 0):
            raise ValidationError(
                {
                    "amount": _(
                        "Zusammen mit den bisherigen Auszahlungen (%(paid)s) wäre das mehr als "
                        "bewilligt (%(granted)s)."
                    )
                    % {"paid": euro(paid), "granted": euro(locked.granted_amount)}
                }
            )
        payout = Payout(
            application=locked,
            amount=amount,
            paid_on=paid_on,
            note=note,
            recorded_by=user,
            recorded_at=clock.now(),
        )
        payout.full_clean()
        payout.save()
    return payout
