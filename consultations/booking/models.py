from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consultations.booking.enums import (
    AppointmentMode,
    BookableTimes,
    BookingChannel,
    BookingStatus,
    booking_can_transition,
    staff_marks,
)
from consultations.models import WeeklyHours
from offices.models import Office
from quartier.core import formatting
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

    class Meta:
        ordering = ["office__ordering", "office__name", "weekday", "start"]
        verbose_name = _("Terminzeit")
        verbose_name_plural = _("Terminzeiten")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="appointmenthours_end_after_start",
                violation_error_message=_("Das Ende muss nach dem Beginn liegen."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6),
                name="appointmenthours_weekday_range",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="appointmenthours_valid_until_after_from",
                violation_error_message=_("„Gültig bis“ darf nicht vor „Gültig ab“ liegen."),
            ),
        ]


class BookingQuerySet(models.QuerySet):
    def open(self) -> "BookingQuerySet":
        return self.filter(status=BookingStatus.BOOKED)

    def ended_before(self, moment) -> "BookingQuerySet":
        return self.filter(ends_at__lt=moment)


class Booking(models.Model):
    """An appointment a resident booked online, or staff entered for a caller or walk-in."""

    office = models.ForeignKey(
        Office, verbose_name=_("Partnerbüro"), on_delete=models.CASCADE, related_name="bookings"
    )
    appointment_type = models.ForeignKey(
        AppointmentType,
        verbose_name=_("Terminart"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    status = models.CharField(
        _("Status"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    channel = models.CharField(
        _("Gebucht"), max_length=20, choices=BookingChannel.choices, default=BookingChannel.ONLINE
    )
    name = models.CharField(_("Name"), max_length=120)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    # Digits only, so "0231 12 34 56" and "0231/123456" count as the same number for the limit.
    phone_digits = models.CharField(max_length=40, blank=True, editable=False, db_index=True)
    email = models.EmailField(_("E-Mail"), blank=True, db_index=True)
    topic = models.CharField(_("Worum geht es?"), max_length=300, blank=True)
    language = models.CharField(
        _("Sprache der E-Mails"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    consent_given_at = models.DateTimeField(_("Einwilligung Datenschutz am"))
    created_at = models.DateTimeField(_("Gebucht am"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Eingetragen von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The private link: a public lookup key plus a secret compared in constant time. The
    # secret is kept (not hashed) because the reminder and notices repeat the link.
    link_key = models.CharField(max_length=16, unique=True, editable=False)
    link_secret = models.CharField(max_length=64, editable=False)
    # iCalendar SEQUENCE: calendars replace the event when a move or cancellation counts up.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    reminder_sent_at = models.DateTimeField(_("Erinnerung gesendet am"), null=True, blank=True)
    moved_at = models.DateTimeField(_("Zuletzt verschoben am"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("Abgesagt am"), null=True, blank=True)
    cancel_reason = models.CharField(_("Grund der Absage"), max_length=300, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Abgesagt von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leer, wenn die Person selbst abgesagt hat."),
    )
    status_changed_at = models.DateTimeField(_("Status geändert am"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Status geändert von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("Gebuchter Termin")
        verbose_name_plural = _("Gebuchte Termine")
        indexes = [
            models.Index(fields=["office", "starts_at"], name="booking_office_start"),
            models.Index(fields=["ends_at"], name="booking_ends_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="booking_ends_after_start",
                violation_error_message=_("Das Ende muss nach dem Beginn liegen."),
            ),
            models.CheckConstraint(
                # Staff may enter someone standing at the counter without phone or email.
                condition=~Q(channel=BookingChannel.ONLINE) | ~Q(phone="") | ~Q(email=""),
                name="booking_online_has_contact",
                violation_error_message=_(
                    "Bitte geben Sie eine Telefonnummer oder eine E-Mail-Adresse an."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status=BookingStatus.CANCELLED, cancelled_at__isnull=False)
                | (~Q(status=BookingStatus.CANCELLED) & Q(cancelled_at__isnull=True)),
                name="booking_cancelled_has_time",
            ),
        ]

    def __str__(self) -> str:
        return _("%(type)s am %(day)s um %(time)s Uhr") % {
            "type": self.appointment_type.name,
            "day": formatting.short_date(self.starts_at),
            "time": formatting.hhmm(self.starts_at),
        }

    def get_absolute_url(self) -> str:
        return reverse("booking:manage", kwargs={"token": self.token})

    @property
    def token(self) -> str:
        return self.link_key + self.link_secret

    @property
    def is_open(self) -> bool:
        return self.status == BookingStatus.BOOKED

    @property
    def is_cancelled(self) -> bool:
        return self.status == BookingStatus.CANCELLED

    @property
    def is_attended(self) -> bool:
        return self.status == BookingStatus.ATTENDED

    @property
    def can_be_cancelled(self) -> bool:
        return booking_can_transition(self.status, BookingStatus.CANCELLED)

    @property
    def staff_marks(self) -> list[BookingStatus]:
        return staff_marks(self.status)

    @property
    def is_online(self) -> bool:
        """Booked by the resident, not entered by staff for a caller or walk-in."""
        return self.channel == BookingChannel.ONLINE

    @property
    def contact(self) -> str:
        return " · ".join(c for c in [self.phone, self.email] if c)


class BookingHold(models.Model):
    """A time kept for a resident for a few minutes while they fill in their details. Its
    claims stop counting when it expires; the row itself is deleted by the retention rules.
    Once booked it points to its booking, so a second click on "buchen" finds it."""

    appointment_type = models.ForeignKey(
        AppointmentType, on_delete=models.CASCADE, related_name="holds"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    token = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    booking = models.OneToOneField(
        "Booking", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Reservierte Terminzeit")
        verbose_name_plural = _("Reservierte Terminzeiten")

    def __str__(self) -> str:
        return f"{self.appointment_type} {self.starts_at:%Y-%m-%d %H:%M}"


class SlotClaim(models.Model):
    """One seat in one grid cell of a resource, taken by a booking or a hold. The unique
    constraint is what makes "exactly one gets the last free time" true under any
    concurrency: a second claim of the same seat fails in the database (services.py).

    Resources: "type-<id>" (the appointment type's parallel capacity), "office-<id>" (the
    office's limit across types, if set) and "online-<id>" (one cell per day: online
    bookings of a type, limited by the share kept free for walk-ins)."""

    resource = models.CharField(max_length=32)
    # A 5-minute step since 2000-01-01 UTC (slots.cell_number), not a timestamp:
    # the free-time query reads thousands of them.
    cell = models.PositiveIntegerField()
    seat = models.PositiveSmallIntegerField()
    booking = models.ForeignKey(
        Booking, null=True, blank=True, on_delete=models.CASCADE, related_name="claims"
    )
    hold = models.ForeignKey(
        BookingHold, null=True, blank=True, on_delete=models.CASCADE, related_name="claims"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "cell", "seat"], name="slotclaim_one_holder_per_seat"
            ),
            models.CheckConstraint(
                condition=Q(booking__isnull=False, hold__isnull=True)
                | Q(booking__isnull=True, hold__isnull=False),
                name="slotclaim_booking_or_hold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.cell} #{self.seat}"


# Defined beside this module (which would pass 500 lines); imported here so Django registers it.
from consultations.booking.translations import AppointmentTypeTranslation  # noqa: E402, F401
