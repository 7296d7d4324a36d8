"""Cost plan arithmetic: the total is the sum of the lines, the request what others do not pay."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from quartier.core.formatting import euro

CENT = Decimal("0.01")


@dataclass(frozen=True)
class CostTotals:
    total: Decimal
    other_funding: Decimal
    requested: Decimal


def cost_totals(amounts: Iterable[Decimal], other_funding: Decimal) -> CostTotals:
    total = sum((Decimal(a) for a in amounts), Decimal("0")).quantize(CENT, ROUND_HALF_UP)
    other = Decimal(other_funding or 0).quantize(CENT, ROUND_HALF_UP)
    return CostTotals(total=total, other_funding=other, requested=total - other)


def check_totals(totals: CostTotals, *, max_per_application: Decimal | None) -> None:
    """Raise ValidationError (keyed by the field to fix) when the plan does not fit the fund."""
    if totals.total <= 0:
        raise ValidationError(
            _("Bitte geben Sie mindestens eine Kostenzeile mit einem Betrag über 0 € an."),
            code="no_costs",
        )
    if totals.other_funding > totals.total:
        raise ValidationError(
            {
                "other_funding": _(
                    "Eigenmittel und andere Förderung (%(other)s) sind höher als die "
                    "Gesamtkosten (%(total)s). Bitte prüfen Sie die Beträge."
                )
                % {"other": euro(totals.other_funding), "total": euro(totals.total)}
            },
            code="other_exceeds_total",
        )
    if max_per_application is not None and totals.requested > max_per_application:
        raise ValidationError(
            {
                "other_funding": _(
                    "Der Stadtteilfonds gibt höchstens %(max)s pro Antrag. Bei Gesamtkosten von "
                    "%(total)s müssen mindestens %(missing)s aus Eigenmitteln oder anderer "
                    "Förderung kommen – oder Sie planen mit weniger Kosten."
                )
                % {
                    "max": euro(max_per_application),
                    "total": euro(totals.total),
                    "missing": euro(totals.total - max_per_application),
                }
            },
            code="above_maximum",
        )
