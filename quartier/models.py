from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessibilityFeedback(models.Model):
    """A barrier someone reported through the feedback form (BITV NRW, BGG NRW)."""

    message = models.TextField(_("Was hat nicht funktioniert?"), max_length=5000)
    page = models.CharField(_("Auf welcher Seite?"), max_length=300, blank=True)
    name = models.CharField(_("Name"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail-Adresse für die Antwort"), blank=True)
    created_at = models.DateTimeField(_("Eingegangen"), auto_now_add=True)
    answered_at = models.DateTimeField(_("Beantwortet am"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Rückmeldung zur Barrierefreiheit")
        verbose_name_plural = _("Rückmeldungen zur Barrierefreiheit")

    def __str__(self) -> str:
        return self.message[:60]


class StartPageVisit(models.Model):
    """When a staff member last opened "Heute zu tun": the start page tells what happened to
    the bookings since then."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="start_page_visit"
    )
    seen_at = models.DateTimeField(_("Zuletzt gesehen"))

    class Meta:
        verbose_name = _("Besuch der Startseite")
        verbose_name_plural = _("Besuche der Startseite")

    def __str__(self) -> str:
        return str(self.user)
