"""Sign-up for an event: the setup staff switch on, and each resident's Anmeldung."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from offices.events.enums import SignupStatus, signup_can_transition
from offices.models import Announcement
from quartier.core import clock
from quartier.core.line_breaks import validate_one_line


class EventSignupSetup(models.Model):
    """Sign-up switched on for one event: how many places, who may come how many, when, what
    is asked, and what happens in the last days."""

    announcement = models.OneToOneField(
        Announcement,
        verbose_name=_("Veranstaltung"),
        on_delete=models.CASCADE,
        related_name="signup_setup",
        limit_choices_to={"event_start__isnull": False},
    )
    places = models.PositiveIntegerField(
        _("Plätze"),
        validators=[MinValueValidator(1)],
        help_text=_("Wie viele Personen insgesamt kommen können."),
    )
    max_persons = models.PositiveSmallIntegerField(
        _("Höchstens Personen je Anmeldung"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    opens_at = models.DateTimeField(
        _("Anmeldung ab"), null=True, blank=True, help_text=_("Leer lassen: ab sofort.")
    )
    closes_at = models.DateTimeField(
        _("Anmeldung bis"),
        null=True,
        blank=True,
        help_text=_("Leer lassen: bis die Veranstaltung beginnt."),
    )
    closed_early_at = models.DateTimeField(
        _("Anmeldung vorzeitig geschlossen am"), null=True, blank=True, editable=False
    )
    ask_children = models.BooleanField(_("Fragen: Kommen Kinder mit?"), default=False)
    ask_wheelchair = models.BooleanField(
        _("Fragen: Braucht jemand einen Rollstuhlplatz?"), default=False
    )
    ask_interpreter = models.BooleanField(
        _("Fragen: Gebärdensprache oder eine Übersetzung?"), default=False
    )
    ask_note = models.BooleanField(_("Fragen: Freitext für Hinweise"), default=False)
    move_up_cutoff_hours = models.PositiveSmallIntegerField(
        _("Nachrücken endet … Stunden vor Beginn"),
        default=24,
        help_text=_(
            "In dieser Zeit vor der Veranstaltung rückt niemand mehr von selbst nach: "
            "Sie sehen die Warteliste und rufen an."
        ),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("Erinnerung … Tage vorher"),
        null=True,
        blank=True,
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(14)],
        help_text=_("Leer lassen: keine Erinnerung."),
    )
    created_at = models.DateTimeField(_("Angelegt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Anmeldung zu einer Veranstaltung")
        verbose_name_plural = _("Anmeldungen zu Veranstaltungen")
        ordering = ["-announcement__event_start"]

    def __str__(self) -> str:
        return str(self.announcement)

    def get_absolute_url(self) -> str:
        return reverse("events:signup", kwargs={"slug": self.announcement.slug})

    def clean(self) -> None:
        errors = {}
        announcement = self.announcement if self.announcement_id else None
        if announcement is not None and not announcement.is_event:
            errors["announcement"] = _("Anmeldung gibt es nur für Veranstaltungen mit Beginn.")
        start = announcement.event_start if announcement is not None else None
        if self.closes_at and start and self.closes_at > start:
            errors["closes_at"] = _("Die Anmeldung muss spätestens zum Beginn schließen.")
        if self.opens_at and self.closes_at and self.opens_at >= self.closes_at:
            errors["opens_at"] = _("Die Anmeldung muss öffnen, bevor sie schließt.")
        if errors:
            raise ValidationError(errors)

    @property
    def closes(self) -> datetime:
        return self.closes_at or self.announcement.event_start

    def is_open(self, now: datetime | None = None) -> bool:
        """Residents can sign up (or join the waiting list) at `now`."""
        now = now or clock.now()
        return (
            self.closed_early_at is None
            and (self.opens_at is None or self.opens_at <= now)
            and now < self.closes
            and now < self.announcement.event_start
            and self.announcement.is_public(now)
        )

    def not_yet_open(self, now: datetime | None = None) -> bool:
        now = now or clock.now()
        return self.opens_at is not None and now < self.opens_at

    def moves_up(self, now: datetime | None = None) -> bool:
        """Freed places go to the waiting list by themselves until the cut-off before start."""
        now = now or clock.now()
        cutoff = self.announcement.event_start - timedelta(hours=self.move_up_cutoff_hours)
        return now < cutoff

    @property
    def questions(self) -> list[str]:
        return [
            name
            for name, asked in (
                ("children", self.ask_children),
                ("wheelchair", self.ask_wheelchair),
                ("interpreter", self.ask_interpreter),
                ("note", self.ask_note),
            )
            if asked
        ]


class EventSignupQuerySet(models.QuerySet):
    def signed_up(self) -> "EventSignupQuerySet":
        return self.filter(status=SignupStatus.SIGNED_UP)

    def waiting(self) -> "EventSignupQuerySet":
        return self.filter(status=SignupStatus.WAITING).order_by("position")

    def active(self) -> "EventSignupQuerySet":
        return self.exclude(status=SignupStatus.CANCELLED)


class EventSignup(models.Model):
    """One resident's Anmeldung for an event: a place, a place on the waiting list, or
    cancelled. `position` is the arrival order, which is also the order of the waiting list."""

    setup = models.ForeignKey(
        EventSignupSetup,
        verbose_name=_("Veranstaltung"),
        on_delete=models.CASCADE,
        related_name="signups",
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=SignupStatus.choices, default=SignupStatus.SIGNED_UP
    )
    position = models.PositiveIntegerField(_("Eingang Nr."), editable=False)
    name = models.CharField(_("Name"), max_length=120, validators=[validate_one_line])
    email = models.EmailField(_("E-Mail"), db_index=True)
    persons = models.PositiveSmallIntegerField(
        _("Personen"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    children = models.PositiveSmallIntegerField(_("Davon Kinder"), null=True, blank=True)
    wheelchair = models.BooleanField(_("Rollstuhlplatz"), default=False)
    interpreter = models.CharField(
        _("Gebärdensprache oder Übersetzung"), max_length=100, blank=True
    )
    note = models.CharField(_("Hinweis"), max_length=500, blank=True)
    language = models.CharField(
        _("Sprache der E-Mails"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    consent_given_at = models.DateTimeField(_("Einwilligung Datenschutz am"))
    created_at = models.DateTimeField(_("Angemeldet am"), auto_now_add=True)
    moved_up_at = models.DateTimeField(_("Nachgerückt am"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("Abgesagt am"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("Erinnerung gesendet am"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("Da seit"), null=True, blank=True)
    # The private link: a lookup key plus a secret compared in constant time; kept (not
    # hashed) because the move-up mail and the reminder repeat the link.
    link_key = models.CharField(max_length=16, unique=True, editable=False)
    link_secret = models.CharField(max_length=64, editable=False)
    # A random value of the form the resident sent: the same form sent twice (a second click,
    # "send again" after a slow answer) finds this row instead of making a second one.
    submission_key = models.CharField(max_length=64, blank=True, editable=False)

    objects = EventSignupQuerySet.as_manager()

    class Meta:
        ordering = ["setup", "position"]
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        indexes = [
            # The places of an event (persons with a place, the waiting list) are counted on
            # every page of the event and inside every sign-up.
            models.Index(fields=["setup", "status", "persons"], name="eventsignup_counts"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["setup", "position"], name="eventsignup_one_position"),
            models.CheckConstraint(
                condition=Q(status__in=SignupStatus.values), name="eventsignup_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(persons__gte=1), name="eventsignup_at_least_one_person"
            ),
            models.CheckConstraint(
                condition=Q(children__isnull=True) | Q(children__lte=F("persons")),
                name="eventsignup_children_among_persons",
                violation_error_message=_("Es können nicht mehr Kinder als Personen kommen."),
            ),
            models.CheckConstraint(
                condition=Q(status=SignupStatus.CANCELLED, cancelled_at__isnull=False)
                | (~Q(status=SignupStatus.CANCELLED) & Q(cancelled_at__isnull=True)),
                name="eventsignup_cancelled_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.persons})"

    def get_absolute_url(self) -> str:
        return reverse("events:manage", kwargs={"token": self.token})

    @property
    def token(self) -> str:
        return self.link_key + self.link_secret

    @property
    def is_signed_up(self) -> bool:
        return self.status == SignupStatus.SIGNED_UP

    @property
    def is_waiting(self) -> bool:
        return self.status == SignupStatus.WAITING

    @property
    def is_cancelled(self) -> bool:
        return self.status == SignupStatus.CANCELLED

    @property
    def can_be_cancelled(self) -> bool:
        return signup_can_transition(self.status, SignupStatus.CANCELLED)

    @property
    def needs_attention(self) -> bool:
        """Staff have something to arrange before the day (an interpreter, a wheelchair place)."""
        return bool(self.interpreter) or self.wheelchair
