"""Neuigkeiten per E-Mail: subscribers, the addresses that never get mail, the
issues staff compose and who each issue went to."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from offices.models import Office
from quartier.core import clock
from quartier.newsletter.enums import IssueStatus, SuppressionReason


def _new_key() -> str:
    return secrets.token_urlsafe(18)


def _mail_languages() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)


def _translation_languages() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class Topics(models.Model):
    """What a subscriber wants to hear about, and what an issue is about: partner offices and
    three site-wide topics."""

    offices = models.ManyToManyField(
        Office, verbose_name=_("Partnerbüros"), blank=True, related_name="+"
    )
    fund_dates = models.BooleanField(_("Stadtteilfonds: Fristen und Jurytermine"), default=False)
    events = models.BooleanField(_("Veranstaltungen"), default=False)
    booking_times = models.BooleanField(_("Neue Zeiten für Online-Termine"), default=False)

    class Meta:
        abstract = True


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self) -> "SubscriberQuerySet":
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self) -> "SubscriberQuerySet":
        return self.filter(confirmed_at__isnull=True)

    def deliverable(self) -> "SubscriberQuerySet":
        """Confirmed and not suppressed: the only addresses a newsletter mail may go to."""
        return self.confirmed().exclude(email__in=SuppressedAddress.objects.values("email"))

    def interested_in(self, issue: "NewsletterIssue") -> "SubscriberQuerySet":
        """Subscribers who chose at least one of the issue's topics."""
        wanted = Q(pk__in=[])
        office_ids = [office.pk for office in issue.offices.all()]
        if office_ids:
            wanted |= Q(
                pk__in=NewsletterSubscriber.offices.through.objects.filter(
                    office_id__in=office_ids
                ).values("newslettersubscriber_id")
            )
        for flag in ("fund_dates", "events", "booking_times"):
            if getattr(issue, flag):
                wanted |= Q(**{flag: True})
        return self.filter(wanted)


class NewsletterSubscriber(Topics):
    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    language = models.CharField(
        _("Sprache der E-Mails"), max_length=10, choices=_mail_languages, default="de"
    )
    digest = models.BooleanField(
        _("Wöchentliche Zusammenfassung"),
        default=False,
        help_text=_("Einmal in der Woche die neuen Meldungen der gewählten Themen."),
    )
    # Random; the links in the mails carry it, signed (quartier.newsletter.tokens).
    key = models.CharField(max_length=32, unique=True, default=_new_key, editable=False)
    consented_at = models.DateTimeField(_("Einwilligung zum Datenschutz am"))
    created_at = models.DateTimeField(_("Angemeldet am"), default=clock.now)
    confirmed_at = models.DateTimeField(_("Bestätigt am"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("Letzte Zusammenfassung am"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Empfänger*in der Neuigkeiten")
        verbose_name_plural = _("Empfänger*innen der Neuigkeiten")
        constraints = [
            models.CheckConstraint(
                condition=Q(email=models.functions.Lower("email")),
                name="newsletter_subscriber_email_lower",
            )
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class SuppressedAddress(models.Model):
    """An address that never gets a newsletter mail, whatever it subscribes to."""

    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    reason = models.CharField(_("Grund"), max_length=20, choices=SuppressionReason.choices)
    note = models.CharField(_("Bemerkung"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("Gesperrt am"), default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Gesperrt von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Gesperrte Adresse")
        verbose_name_plural = _("Gesperrte Adressen")
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=SuppressionReason.values),
                name="newsletter_suppression_reason_valid",
            ),
            models.CheckConstraint(
                condition=Q(email=models.functions.Lower("email")),
                name="newsletter_suppression_email_lower",
            ),
        ]

    def __str__(self) -> str:
        return self.email


class NewsletterIssue(Topics):
    """One Ausgabe: written in German, optionally translated; sent once."""

    subject = models.CharField(_("Betreff"), max_length=150)
    body = models.TextField(
        _("Text"), help_text=_("Markdown: **fett**, Listen mit -, Überschriften mit ##.")
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=IssueStatus.choices, default=IssueStatus.DRAFT
    )
    created_at = models.DateTimeField(_("Angelegt"), default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Angelegt von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sending_started_at = models.DateTimeField(_("Versand begonnen"), null=True, blank=True)
    sent_at = models.DateTimeField(_("Versandt am"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Versandt von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Ausgabe der Neuigkeiten")
        verbose_name_plural = _("Ausgaben der Neuigkeiten")
        permissions = [("send_newsletterissue", _("Ausgaben der Neuigkeiten versenden"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=IssueStatus.values), name="newsletter_issue_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=IssueStatus.SENT) | Q(sent_at__isnull=False),
                name="newsletter_issue_sent_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_draft(self) -> bool:
        return self.status == IssueStatus.DRAFT


class NewsletterIssueTranslation(models.Model):
    issue = models.ForeignKey(
        NewsletterIssue,
        verbose_name=_("Ausgabe"),
        on_delete=models.CASCADE,
        related_name="translations",
    )
    language = models.CharField(_("Sprache"), max_length=10, choices=_translation_languages)
    subject = models.CharField(_("Betreff"), max_length=150)
    body = models.TextField(_("Text"))

    class Meta:
        ordering = ["issue", "language"]
        verbose_name = _("Übersetzung")
        verbose_name_plural = _("Übersetzungen")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "language"],
                name="unique_newsletter_issue_translation",
                violation_error_message=_("Für diese Sprache gibt es schon eine Übersetzung."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.issue} ({self.get_language_display()})"


class NewsletterDelivery(models.Model):
    """That one issue was put into the outbox for one subscriber: a batch that runs twice
    queues nobody twice."""

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        NewsletterSubscriber, on_delete=models.CASCADE, related_name="deliveries"
    )
    queued_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("Versand an eine Adresse")
        verbose_name_plural = _("Versand an Adressen")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="unique_newsletter_delivery"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issue} → {self.subscriber}"
