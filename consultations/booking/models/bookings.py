"""Bookings, the holds of a time while a resident types, and the seats they take."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consultations.booking.enums import (
    BookingChannel,
    BookingStatus,
    booking_can_transition,
    staff_marks,
)
from consultations.booking.models.types import AppointmentType
from offices.models import Office
from quartier.core import formatting


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
            # The staff's list of bookings, newest first (read backwards): one page of 100
            # without sorting a year of bookings.
            models.Index(fields=["starts_at", "id"], name="booking_in_time_order"),
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
