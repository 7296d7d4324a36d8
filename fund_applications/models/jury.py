"""Jury sessions and what the jury decided at them."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import (
    Q,
)
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from fund_applications.enums import (
    Decision,
)
from fund_applications.models.fund import Fund
from quartier.core import clock


class JurySession(models.Model):
    """A meeting of the resident jury and the last day to hand in for it."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("Fonds"), on_delete=models.CASCADE, related_name="jury_sessions"
    )
    starts_at = models.DateTimeField(_("Sitzung am"))
    submission_deadline = models.DateField(_("Anträge einreichen bis"))
    place = models.CharField(_("Ort"), max_length=200, blank=True)
    members_present = models.TextField(
        _("Anwesende Jurymitglieder"),
        blank=True,
        help_text=_("Eine Person pro Zeile. Wird nach der Sitzung eingetragen."),
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("Jurysitzung")
        verbose_name_plural = _("Jurysitzungen")

    def __str__(self) -> str:
        return formats.date_format(clock.local(self.starts_at), "DATE_FORMAT")

    def clean(self):
        # Checked here, not as a database constraint: "the date in Berlin" is not an immutable
        # expression PostgreSQL accepts in a CHECK.
        if self.starts_at and self.submission_deadline:
            if self.submission_deadline > clock.local(self.starts_at).date():
                raise ValidationError(
                    {"submission_deadline": _("Der Einsendeschluss muss vor der Sitzung liegen.")}
                )


class JuryDecision(models.Model):
    """What the jury decided about one application, with the votes, as the minutes record it."""

    application = models.OneToOneField(
        "fund_applications.Application",
        on_delete=models.CASCADE,
        related_name="decision",
        verbose_name=_("Antrag"),
    )
    jury_session = models.ForeignKey(
        JurySession,
        verbose_name=_("Jurysitzung"),
        on_delete=models.PROTECT,
        related_name="decisions",
        null=True,
        blank=True,
    )
    decision = models.CharField(_("Entscheidung"), max_length=20, choices=Decision.choices)
    granted_amount = models.DecimalField(
        _("Bewilligter Betrag (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    conditions = models.TextField(_("Auflagen"), blank=True)
    reason = models.TextField(_("Begründung"), blank=True)
    votes_for = models.PositiveSmallIntegerField(_("Stimmen dafür"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("Stimmen dagegen"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("Enthaltungen"), default=0)
    conflicted_members = models.TextField(
        _("Befangene Mitglieder"),
        blank=True,
        help_text=_("Wer wegen Befangenheit nicht mit abgestimmt hat, eine Person pro Zeile."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Eingetragen von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    recorded_at = models.DateTimeField(_("Eingetragen am"))

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("Juryentscheidung")
        verbose_name_plural = _("Juryentscheidungen")
        constraints = [
            models.CheckConstraint(
                condition=(Q(decision=Decision.APPROVED) & Q(granted_amount__gt=0))
                | (Q(decision=Decision.REJECTED) & Q(granted_amount__isnull=True)),
                name="jury_decision_amount_matches_decision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.get_decision_display()}"

    @property
    def is_approved(self) -> bool:
        return self.decision == Decision.APPROVED
