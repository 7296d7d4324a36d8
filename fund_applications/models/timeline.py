"""The timeline of an application and the messages between team and applicant."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fund_applications.enums import (
    Actor,
    ApplicationStatus,
    MessageSender,
    TimelineEvent,
)
from fund_applications.models.application import Application
from fund_applications.models.files import StoredFile


class ApplicationStatusChange(models.Model):
    """One line of the application's timeline: who changed what, when, and why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("Von"), max_length=30, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField(_("Nach"), max_length=30, choices=ApplicationStatus.choices)
    # Most entries are status changes; a session move or a correction keeps the status.
    event = models.CharField(
        _("Art"), max_length=20, choices=TimelineEvent.choices, default=TimelineEvent.STATUS
    )
    actor = models.CharField(_("Durch"), max_length=20, choices=Actor.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Mitarbeiter/in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    comment = models.TextField(_("Kommentar"), blank=True)
    email_subject = models.CharField(_("E-Mail an Antragsteller"), max_length=200, blank=True)
    # The applicant's email of this change in the outbox: whether it went out.
    email = models.ForeignKey(
        "post_office.Email",
        verbose_name=_("E-Mail im Postausgang"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Zeitpunkt"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Verlauf")

    def __str__(self) -> str:
        return str(self.step_label)

    @property
    def step_label(self) -> str:
        """What happened, in words: "in Prüfung → bereit für Jury", "Jurysitzung verschoben"."""
        if self.event != TimelineEvent.STATUS:
            return str(TimelineEvent(self.event).label)
        after = ApplicationStatus(self.to_status).label
        if not self.from_status:
            return str(after)
        return f"{ApplicationStatus(self.from_status).label} → {after}"


class ApplicationMessage(models.Model):
    """A question from staff or an answer from the applicant, shown on the status page."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(_("Von"), max_length=20, choices=MessageSender.choices)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Mitarbeiter/in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    body = models.TextField(_("Nachricht"))
    created_at = models.DateTimeField(_("Gesendet am"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")

    def __str__(self) -> str:
        return f"{self.get_sender_display()}: {self.body[:40]}"


class MessageAttachment(StoredFile):
    """A file the applicant sent with an answer, checked like every applicant upload."""

    message = models.ForeignKey(
        ApplicationMessage, on_delete=models.CASCADE, related_name="attachments"
    )
    # Released like an attachment of the application: a drawing or an offer sent later.
    shared_with_jury = models.BooleanField(_("Für die Jury freigegeben"), default=False)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("Datei zur Antwort")
        verbose_name_plural = _("Dateien zu Antworten")
