"""Appointment types in the other languages of the site, written by staff like the office
texts (offices.models.translations)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from offices.models import translation_languages
from quartier.core.history import ChangedOnlyHistoricalRecords


class AppointmentTypeTranslation(models.Model):
    """An appointment type's texts in one other language; an empty field falls back to
    German."""

    appointment_type = models.ForeignKey(
        "booking.AppointmentType",
        verbose_name=_("Terminart"),
        on_delete=models.CASCADE,
        related_name="translations",
    )
    language = models.CharField(_("Sprache"), max_length=10, choices=translation_languages)
    name = models.CharField(_("Name"), max_length=120, blank=True)
    description = models.CharField(_("Kurzbeschreibung"), max_length=300, blank=True)
    what_to_bring = models.TextField(
        _("Bitte mitbringen"),
        blank=True,
        help_text=_("Eine Sache pro Zeile, z. B. „Personalausweis“."),
    )

    history = ChangedOnlyHistoricalRecords()

    class Meta:
        app_label = "booking"
        ordering = ["appointment_type", "language"]
        verbose_name = _("Übersetzung")
        verbose_name_plural = _("Übersetzungen")
        constraints = [
            models.UniqueConstraint(
                fields=["appointment_type", "language"],
                name="unique_appointmenttype_translation",
                violation_error_message=_("Für diese Sprache gibt es schon eine Übersetzung."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.appointment_type} ({self.get_language_display()})"
