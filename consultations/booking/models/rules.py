"""When an office can be booked: its booking rules and the appointment hours."""

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consultations.booking.enums import (
    BookableTimes,
)
from consultations.booking.models.types import validate_grid_minutes
from consultations.models import WeeklyHours
from offices.models import Office
from quartier.core.history import ChangedOnlyHistoricalRecords


class BookingRules(models.Model):
    """How an office takes online bookings. An office without a row uses the defaults."""

    office = models.OneToOneField(
        Office,
        verbose_name=_("Partnerbüro"),
        on_delete=models.CASCADE,
        related_name="booking_rules",
    )
    bookable_times = models.CharField(
        _("Buchbare Zeiten"),
        max_length=20,
        choices=BookableTimes.choices,
        default=BookableTimes.CONSULTATION_HOURS,
        help_text=_(
            "Eigene Terminzeiten tragen Sie unter „Terminzeiten“ ein. Feiertage, Schließungen "
            "und Sonderöffnungen gelten in beiden Fällen."
        ),
    )
    buffer_minutes = models.PositiveSmallIntegerField(
        _("Pause nach jedem Termin (Minuten)"),
        default=0,
        validators=[validate_grid_minutes],
        help_text=_("Zeit für Notizen zwischen zwei Terminen."),
    )
    min_notice_hours = models.PositiveSmallIntegerField(
        _("Frühestens buchbar (Stunden vorher)"),
        default=24,
        help_text=_("Zum Beispiel 24: Ein Termin morgen um diese Zeit ist der früheste."),
    )
    window_days = models.PositiveSmallIntegerField(_("Buchbar für die nächsten … Tage"), default=28)
    walk_in_share = models.PositiveSmallIntegerField(
        _("Frei halten für Laufkundschaft und Anrufe (Prozent)"),
        default=0,
        help_text=_(
            "Dieser Anteil der Termine eines Tages ist nicht online buchbar. Sie können ihn "
            "im Verwaltungsbereich für Anrufe und Menschen im Büro vergeben."
        ),
    )
    parallel_limit = models.PositiveSmallIntegerField(
        _("Termine gleichzeitig im ganzen Büro"),
        null=True,
        blank=True,
        help_text=_(
            "Leer lassen, wenn jede Terminart eigene Beratende hat. Eine 1 heißt: nie zwei "
            "Termine dieses Büros zur selben Zeit, welche Art auch immer."
        ),
    )
    max_open_per_contact = models.PositiveSmallIntegerField(
        _("Offene Termine je E-Mail oder Telefonnummer"),
        default=2,
        help_text=_("Schutz vor Missbrauch: so viele kommende Termine darf eine Person haben."),
    )

    history = ChangedOnlyHistoricalRecords()

    class Meta:
        verbose_name = _("Buchungsregeln")
        verbose_name_plural = _("Buchungsregeln")
        constraints = [
            models.CheckConstraint(
                condition=Q(buffer_minutes__lte=120),
                name="bookingrules_buffer_range",
                violation_error_message=_("Die Pause darf höchstens 120 Minuten lang sein."),
            ),
            models.CheckConstraint(
                condition=Q(min_notice_hours__lte=24 * 28),
                name="bookingrules_notice_range",
                violation_error_message=_("Höchstens vier Wochen (672 Stunden) vorher."),
            ),
            models.CheckConstraint(
                condition=Q(window_days__gte=1, window_days__lte=180),
                name="bookingrules_window_range",
                violation_error_message=_("Buchbar für 1 bis 180 Tage im Voraus."),
            ),
            models.CheckConstraint(
                condition=Q(walk_in_share__lte=90),
                name="bookingrules_walk_in_share_range",
                violation_error_message=_("Höchstens 90 Prozent frei halten."),
            ),
            models.CheckConstraint(
                condition=Q(parallel_limit__isnull=True) | Q(parallel_limit__gte=1),
                name="bookingrules_parallel_limit_positive",
                violation_error_message=_("Mindestens 1 Termin gleichzeitig, oder leer lassen."),
            ),
            models.CheckConstraint(
                condition=Q(max_open_per_contact__gte=1, max_open_per_contact__lte=20),
                name="bookingrules_max_open_range",
                violation_error_message=_("1 bis 20 offene Termine je Person."),
            ),
        ]

    def __str__(self) -> str:
        return _("Buchungsregeln: %(office)s") % {"office": self.office.short_name}

    @property
    def buffer(self) -> timedelta:
        return timedelta(minutes=self.buffer_minutes)

    @property
    def min_notice(self) -> timedelta:
        return timedelta(hours=self.min_notice_hours)


def booking_rules_of(office: Office) -> BookingRules:
    """The office's rules, or the defaults (unsaved) if staff never set any. Reads the row
    that `select_related("office__booking_rules")` already fetched."""
    try:
        return office.booking_rules
    except BookingRules.DoesNotExist:
        return BookingRules(office=office)


class AppointmentHours(WeeklyHours):
    """A weekly time for booked appointments, used instead of the consultation hours when the
    office's rules say so."""

    office = models.ForeignKey(
        Office,
        verbose_name=_("Partnerbüro"),
        on_delete=models.CASCADE,
        related_name="appointment_hours",
    )

    overlap_message = _(
        "Diese Terminzeit überschneidet sich mit „%(other)s“ desselben Büros. "
        "Bitte ändern Sie die Uhrzeiten oder den Gültigkeitszeitraum."
    )

    history = ChangedOnlyHistoricalRecords()

    class Meta(WeeklyHours.Meta):
        ordering = ["office__ordering", "office__name", "weekday", "start"]
        verbose_name = _("Terminzeit")
        verbose_name_plural = _("Terminzeiten")
