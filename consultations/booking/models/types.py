"""The kinds of appointment an office offers online, on a grid of whole minutes."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consultations.booking.enums import (
    AppointmentMode,
)
from offices.models import Office
from quartier.core.history import ChangedOnlyHistoricalRecords

# Every booking, hold and claim lies on a grid of this many minutes (slots.cells_between).
GRID_MINUTES = 5


def validate_grid_minutes(value: int) -> None:
    if value % GRID_MINUTES:
        raise ValidationError(
            _("Bitte ein Vielfaches von %(minutes)d Minuten angeben.") % {"minutes": GRID_MINUTES},
            code="grid",
        )


class AppointmentTypeQuerySet(models.QuerySet):
    def active(self) -> "AppointmentTypeQuerySet":
        return self.filter(active=True)


class AppointmentType(models.Model):
    """Something residents can book with an office, e.g. "Beratung Bürgergeld, 45 Minuten"."""

    office = models.ForeignKey(
        Office,
        verbose_name=_("Partnerbüro"),
        on_delete=models.CASCADE,
        related_name="appointment_types",
    )
    name = models.CharField(
        _("Name"), max_length=120, help_text=_("Kurz und klar, z. B. „Unterlagen abgeben“.")
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("Dauer in Minuten"), default=30, validators=[validate_grid_minutes]
    )
    description = models.CharField(
        _("Kurzbeschreibung"),
        max_length=300,
        blank=True,
        help_text=_("Ein Satz: Worum geht es bei diesem Termin?"),
    )
    what_to_bring = models.TextField(
        _("Bitte mitbringen"),
        blank=True,
        help_text=_("Eine Sache pro Zeile, z. B. „Personalausweis“."),
    )
    mode = models.CharField(
        _("Wie findet der Termin statt?"),
        max_length=20,
        choices=AppointmentMode.choices,
        default=AppointmentMode.IN_PERSON,
    )
    languages = models.CharField(
        _("Sprachen"),
        max_length=200,
        blank=True,
        help_text=_("In welchen Sprachen beraten Sie, z. B. „Deutsch, Türkisch, Englisch“."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("Gleichzeitig buchbar"),
        default=1,
        help_text=_("Wie viele Menschen können zur selben Zeit kommen (Beratende parallel)?"),
    )
    active = models.BooleanField(
        _("Online buchbar"),
        default=True,
        help_text=_("Ausschalten, um den Termin vorübergehend nicht anzubieten."),
    )
    ordering = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    objects = AppointmentTypeQuerySet.as_manager()

    history = ChangedOnlyHistoricalRecords()

    class Meta:
        ordering = ["office__ordering", "office__name", "ordering", "name"]
        verbose_name = _("Terminart")
        verbose_name_plural = _("Terminarten")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "name"],
                name="appointmenttype_unique_name_per_office",
                violation_error_message=_("Dieses Büro hat schon eine Terminart mit dem Namen."),
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=240),
                name="appointmenttype_duration_range",
                violation_error_message=_("Ein Termin dauert 5 bis 240 Minuten."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=20),
                name="appointmenttype_capacity_range",
                violation_error_message=_("Gleichzeitig buchbar: 1 bis 20."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.office.short_name})"

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)

    @property
    def is_by_phone(self) -> bool:
        return self.mode == AppointmentMode.PHONE

    @property
    def what_to_bring_list(self) -> list[str]:
        return [line.strip() for line in self.what_to_bring.splitlines() if line.strip()]
