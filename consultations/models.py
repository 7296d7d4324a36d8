from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from consultations.enums import (
    WEEKDAY_ADVERBS,
    ClosureKind,
    Weekday,
)
from offices.models import Office
from quartier.core import clock, formatting
from quartier.core.history import ChangedOnlyHistoricalRecords


class ConsultationHoursQuerySet(models.QuerySet):
    def valid_between(self, start: date, end: date) -> "ConsultationHoursQuerySet":
        """Slots whose validity period touches the days from `start` to `end`."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=end),
            Q(valid_until__isnull=True) | Q(valid_until__gte=start),
        )


class WeeklyHours(models.Model):
    """A weekly recurring time of an office, e.g. Tuesdays 10:00–14:00, optionally valid only
    from or until a day. Consultation hours and separate appointment times share this shape,
    so schedule.OfficeSchedule applies holidays and closures to both the same way."""

    weekday = models.PositiveSmallIntegerField(_("Wochentag"), choices=Weekday.choices)
    start = models.TimeField(_("Beginn"))
    end = models.TimeField(_("Ende"))
    note = models.CharField(
        _("Hinweis"),
        max_length=120,
        blank=True,
        help_text=_("Kurz und für alle sichtbar, z. B. „nur mit Termin“ oder „Raum 2“."),
    )
    valid_from = models.DateField(
        _("Gültig ab"),
        null=True,
        blank=True,
        help_text=_(
            "Leer lassen, wenn die Zeit schon gilt. So lässt sich ein neuer Plan vorab eintragen."
        ),
    )
    valid_until = models.DateField(
        _("Gültig bis"),
        null=True,
        blank=True,
        help_text=_("Leer lassen, wenn kein Ende feststeht."),
    )

    objects = ConsultationHoursQuerySet.as_manager()

    # "Diese Sprechzeit überschneidet sich mit …" (the subclass names itself).
    overlap_message = _(
        "Diese Sprechzeit überschneidet sich mit „%(other)s“ desselben Büros. "
        "Bitte ändern Sie die Uhrzeiten oder den Gültigkeitszeitraum."
    )

    class Meta:
        abstract = True
        # One rule for every kind of weekly hours; the names follow the concrete model.
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="%(class)s_end_after_start",
                violation_error_message=_("Das Ende muss nach dem Beginn liegen."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6),
                name="%(class)s_weekday_range",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="%(class)s_valid_until_after_from",
                violation_error_message=_("„Gültig bis“ darf nicht vor „Gültig ab“ liegen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} – {self.label}"

    @property
    def label(self) -> str:
        """Plain German: "dienstags 10:00–14:00 Uhr"."""
        return _("%(day)s %(start)s–%(end)s Uhr") % {
            "day": WEEKDAY_ADVERBS[Weekday(self.weekday)],
            "start": formatting.hhmm(self.start),
            "end": formatting.hhmm(self.end),
        }

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("Das Ende muss nach dem Beginn liegen.")})
        if not (self.office_id and self.start and self.end and self.weekday is not None):
            return
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            return  # the constraint reports this one
        overlapping = (
            type(self)
            .objects.filter(
                office_id=self.office_id,
                weekday=self.weekday,
                start__lt=self.end,
                end__gt=self.start,
            )
            .exclude(pk=self.pk)
            .filter(
                Q(valid_from__isnull=True) | Q(valid_from__lte=self.valid_until or date.max),
                Q(valid_until__isnull=True) | Q(valid_until__gte=self.valid_from or date.min),
            )
            .first()
        )
        if overlapping:
            raise ValidationError(
                self.overlap_message % {"other": overlapping.label}, code="overlap"
            )


class ConsultationHours(WeeklyHours):
    """One weekly recurring consultation slot of an office, e.g. Tuesdays 10:00–14:00."""

    office = models.ForeignKey(
        Office,
        verbose_name=_("Partnerbüro"),
        on_delete=models.CASCADE,
        related_name="consultation_hours",
    )

    history = ChangedOnlyHistoricalRecords()

    class Meta(WeeklyHours.Meta):
        ordering = ["office__ordering", "office__name", "weekday", "start"]
        verbose_name = _("Sprechzeit")
        verbose_name_plural = _("Sprechzeiten")


class ClosureQuerySet(models.QuerySet):
    def between(self, start: date, end: date) -> "ClosureQuerySet":
        """Closures and special openings that touch the days from `start` to `end`."""
        return self.filter(start_date__lte=end, end_date__gte=start)

    def upcoming(self, *, days: int = 14, today: date | None = None) -> "ClosureQuerySet":
        """Those that touch today or one of the next `days` days, soonest first. (The public
        holidays of that time: consultations.public_holidays.upcoming_holidays.)"""
        today = today or clock.today()
        return self.between(today, today + timedelta(days=days)).order_by(
            "start_date", "start_time"
        )

    def for_offices(self, offices) -> "ClosureQuerySet":
        """Those of the given offices and those for the whole Quartiersbüro."""
        return self.filter(Q(office__isnull=True) | Q(office__in=offices))


class Closure(models.Model):
    """Days (or hours on those days) an office is closed, or opens specially, with a reason
    residents see. Without an office it applies to the whole Quartiersbüro."""

    office = models.ForeignKey(
        Office,
        verbose_name=_("Partnerbüro"),
        on_delete=models.CASCADE,
        related_name="closures",
        null=True,
        blank=True,
        help_text=_("Leer lassen, wenn das ganze Quartiersbüro betroffen ist."),
    )
    kind = models.CharField(
        _("Art"), max_length=20, choices=ClosureKind.choices, default=ClosureKind.CLOSED
    )
    start_date = models.DateField(_("Erster Tag"))
    end_date = models.DateField(
        _("Letzter Tag"), help_text=_("Bei einem einzelnen Tag: derselbe Tag.")
    )
    start_time = models.TimeField(
        _("Von (Uhrzeit)"),
        null=True,
        blank=True,
        help_text=_("Nur ausfüllen, wenn es nicht den ganzen Tag betrifft."),
    )
    end_time = models.TimeField(_("Bis (Uhrzeit)"), null=True, blank=True)
    reason = models.CharField(
        _("Grund"),
        max_length=120,
        help_text=_("Für alle sichtbar, z. B. „Sommerpause“ oder „Betriebsausflug“."),
    )

    objects = ClosureQuerySet.as_manager()

    history = ChangedOnlyHistoricalRecords()

    class Meta:
        ordering = ["start_date", "start_time"]
        verbose_name = _("Schließung oder Sonderöffnung")
        verbose_name_plural = _("Schließungen und Sonderöffnungen")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="closure_end_date_not_before_start",
                violation_error_message=_("Der letzte Tag darf nicht vor dem ersten liegen."),
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True)
                | Q(start_time__isnull=False, end_time__isnull=False, end_time__gt=F("start_time")),
                name="closure_times_both_or_none",
                violation_error_message=_(
                    "Geben Sie beide Uhrzeiten an (das Ende nach dem Beginn) oder keine."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reason} ({self.get_kind_display()})"

    @property
    def is_all_day(self) -> bool:
        return self.start_time is None

    @property
    def is_special_opening(self) -> bool:
        return self.kind == ClosureKind.SPECIAL_OPENING

    def covers(self, day: date) -> bool:
        return self.start_date <= day <= self.end_date

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("Der letzte Tag darf nicht vor dem ersten liegen.")}
            )
        if (self.start_time is None) != (self.end_time is None):
            missing = "end_time" if self.end_time is None else "start_time"
            raise ValidationError(
                {missing: _("Geben Sie beide Uhrzeiten an oder keine (ganzer Tag).")}
            )
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("Das Ende muss nach dem Beginn liegen.")})


class AppointmentRequestQuerySet(models.QuerySet):
    def created_before(self, moment) -> "AppointmentRequestQuerySet":
        return self.filter(created_at__lt=moment)

    def of_person(self, *, email: str, phone_key: str, name: str) -> "AppointmentRequestQuerySet":
        """Sent with this email address or phone number (by name only when neither)."""
        if not email and not phone_key:
            return self.filter(name__iexact=name, email="", phone_key="")
        person = models.Q(pk__in=[])
        if email:
            person |= models.Q(email__iexact=email)
        if phone_key:
            person |= models.Q(phone_key=phone_key)
        return self.filter(person)

    def open(self) -> "AppointmentRequestQuerySet":
        """Not answered yet, oldest first (the one waiting longest comes first)."""
        return self.filter(answered=False).order_by("created_at", "pk")

    def unseen(self) -> "AppointmentRequestQuerySet":
        """Nobody of the office has opened them yet ("neu" in the list)."""
        return self.filter(seen_at__isnull=True)

    def for_offices(self, offices) -> "AppointmentRequestQuerySet":
        return self.filter(office__in=offices)


class AppointmentRequest(models.Model):
    """A resident asks an office for an appointment outside the consultation hours."""

    office = models.ForeignKey(
        Office,
        verbose_name=_("Partnerbüro"),
        on_delete=models.CASCADE,
        related_name="appointment_requests",
    )
    name = models.CharField(_("Name"), max_length=120)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    # The phone number in one form (quartier.core.submissions.phone_key): the per-person limit
    # and the double-submission check find the same person however the number was written.
    phone_key = models.CharField(max_length=40, blank=True, editable=False, db_index=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    topic = models.TextField(_("Worum geht es?"), max_length=1000)
    preferred_times = models.CharField(_("Wann passt es?"), max_length=300, blank=True)
    consent_given_at = models.DateTimeField(_("Einwilligung Datenschutz am"))
    created_at = models.DateTimeField(_("Eingegangen am"), auto_now_add=True)
    answered = models.BooleanField(_("Beantwortet"), default=False)
    answered_at = models.DateTimeField(_("Beantwortet am"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Beantwortet von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    seen_at = models.DateTimeField(_("Zuerst geöffnet am"), null=True, blank=True)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Zuerst geöffnet von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    appointment_at = models.DateTimeField(
        _("Vereinbarter Termin"),
        null=True,
        blank=True,
        help_text=_("Tag und Uhrzeit, die Sie mit der Person vereinbart haben."),
    )
    appointment_with = models.CharField(
        _("Termin bei"),
        max_length=120,
        blank=True,
        help_text=_("Wer die Person empfängt, zum Beispiel „Frau Demir, Raum 2“."),
    )
    resident_informed_on = models.DateField(
        _("Person informiert am"),
        null=True,
        blank=True,
        help_text=_(
            "An welchem Tag die Person von dem Termin erfahren hat (Anruf oder E-Mail). "
            "Dann gilt die Anfrage als beantwortet."
        ),
    )

    objects = AppointmentRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Terminanfrage")
        verbose_name_plural = _("Terminanfragen")
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""),
                name="appointmentrequest_phone_or_email",
                violation_error_message=_(
                    "Bitte geben Sie eine Telefonnummer oder eine E-Mail-Adresse an."
                ),
            ),
            models.CheckConstraint(
                condition=Q(answered=False, answered_at__isnull=True)
                | Q(answered=True, answered_at__isnull=False),
                name="appointmentrequest_answered_has_time",
            ),
        ]

    def __str__(self) -> str:
        return _("Terminanfrage von %(name)s") % {"name": self.name}
