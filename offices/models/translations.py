"""Translations of staff-written content."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from offices.models.announcements import Announcement
from offices.models.office import MARKDOWN_HELP, Office, translation_languages
from quartier.core.history import ChangedOnlyHistoricalRecords
from quartier.core.line_breaks import validate_one_line

# --- Translations of staff-written content --------------------------------------------
# German is the original. A translation row per object and language; selectors join the row of
# the page's language (offices.content_language.with_translation), so pages need no extra query.


class OfficeTranslation(models.Model):
    """An office's texts in one other language; an empty field falls back to German."""

    office = models.ForeignKey(
        Office, verbose_name=_("Partnerbüro"), on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("Sprache"), max_length=10, choices=translation_languages)
    summary = models.CharField(_("Kurzbeschreibung"), max_length=300, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    services = models.TextField(
        _("Angebote"), blank=True, help_text=_("Ein Angebot pro Zeile, in einfachen Worten.")
    )
    directions = models.TextField(_("Anfahrt"), blank=True)
    step_free_access = models.TextField(_("Zugang ohne Stufen"), blank=True)
    entrance = models.CharField(_("Eingang"), max_length=300, blank=True)
    what_to_bring = models.TextField(_("Bitte mitbringen"), blank=True)

    history = ChangedOnlyHistoricalRecords()

    class Meta:
        ordering = ["office", "language"]
        verbose_name = _("Übersetzung")
        verbose_name_plural = _("Übersetzungen")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "language"],
                name="unique_office_translation",
                violation_error_message=_("Für diese Sprache gibt es schon eine Übersetzung."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.office} ({self.get_language_display()})"

    @property
    def service_list(self) -> list[str]:
        return [line.strip() for line in self.services.splitlines() if line.strip()]


class AnnouncementTranslation(models.Model):
    """An announcement in one other language; an empty teaser or text falls back to German."""

    announcement = models.ForeignKey(
        Announcement,
        verbose_name=_("Meldung"),
        on_delete=models.CASCADE,
        related_name="translations",
    )
    language = models.CharField(_("Sprache"), max_length=10, choices=translation_languages)
    title = models.CharField(_("Titel"), max_length=150, validators=[validate_one_line])
    teaser = models.CharField(_("Anrisstext"), max_length=300, blank=True)
    body = models.TextField(
        _("Text"),
        blank=True,
        help_text=MARKDOWN_HELP,
    )

    history = ChangedOnlyHistoricalRecords()

    class Meta:
        ordering = ["announcement", "language"]
        verbose_name = _("Übersetzung")
        verbose_name_plural = _("Übersetzungen")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "language"],
                name="unique_announcement_translation",
                violation_error_message=_("Für diese Sprache gibt es schon eine Übersetzung."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.announcement} ({self.get_language_display()})"
