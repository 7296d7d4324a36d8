"""After the decision: payouts, and the receipts and photos of the Verwendungsnachweis."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import (
    Q,
)
from django.utils.translation import gettext_lazy as _

from fund_applications.models.files import StoredFile
from fund_applications.storage import private_storage
from quartier.core import formatting


class Payout(models.Model):
    """Money paid to the applicant; several rows when part is paid in advance."""

    application = models.ForeignKey(
        "fund_applications.Application", on_delete=models.CASCADE, related_name="payouts"
    )
    amount = models.DecimalField(
        _("Betrag (€)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    paid_on = models.DateField(_("Ausgezahlt am"))
    note = models.CharField(_("Notiz"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Eingetragen von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    recorded_at = models.DateTimeField(_("Eingetragen am"))

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("Auszahlung")
        verbose_name_plural = _("Auszahlungen")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{formatting.euro(self.amount)} ({formatting.short_date(self.paid_on)})"


class Receipt(StoredFile):
    """A receipt of the Verwendungsnachweis, booked against a line of the cost plan."""

    application = models.ForeignKey(
        "fund_applications.Application", on_delete=models.CASCADE, related_name="receipts"
    )
    cost_item = models.ForeignKey(
        "fund_applications.CostItem",
        verbose_name=_("Kostenposition"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="receipts",
    )
    amount = models.DecimalField(
        _("Betrag laut Beleg (€)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("Beleg")
        verbose_name_plural = _("Belege")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="receipt_amount_positive")
        ]


def rendition_path(instance, filename: str) -> str:
    """A random name; always JPEG, whatever the original was."""
    return f"stadtteilfonds/{uuid.uuid4().hex}.jpg"


class ReportPhoto(StoredFile):
    """A photo of the finished project, handed in with the Verwendungsnachweis."""

    application = models.ForeignKey(
        "fund_applications.Application", on_delete=models.CASCADE, related_name="report_photos"
    )
    # What "Geförderte Projekte" shows: made once by fund_applications.register_photos, private
    # like the original; empty while it could not be made (the photo is then not shown).
    rendition = models.FileField(
        _("Bild für die Website"),
        storage=private_storage,
        upload_to=rendition_path,
        blank=True,
        editable=False,
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("Foto vom Projekt")
        verbose_name_plural = _("Fotos vom Projekt")
