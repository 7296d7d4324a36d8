from django.db import models
from django.utils.translation import gettext_lazy as _


class AppointmentMode(models.TextChoices):
    IN_PERSON = "vor_ort", _("Im Quartiersbüro")
    PHONE = "telefon", _("Am Telefon")


class BookableTimes(models.TextChoices):
    """Which weekly times residents can book: the consultation hours or times of their own."""

    CONSULTATION_HOURS = "sprechzeiten", _("Während der Sprechzeiten")
    APPOINTMENT_HOURS = "terminzeiten", _("Zu eigenen Terminzeiten")


class BookingStatus(models.TextChoices):
    BOOKED = "gebucht", _("Gebucht")
    CANCELLED = "abgesagt", _("Abgesagt")
    ATTENDED = "erschienen", _("Erschienen")
    NO_SHOW = "nicht_erschienen", _("Nicht erschienen")


# The one table of allowed status changes (services.booking_set_status and booking_cancel
# apply it). "Erschienen" and "nicht erschienen" can be swapped when staff clicked wrong.
BOOKING_TRANSITIONS: dict[str, frozenset[str]] = {
    BookingStatus.BOOKED: frozenset(
        {BookingStatus.CANCELLED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW}
    ),
    BookingStatus.ATTENDED: frozenset({BookingStatus.NO_SHOW}),
    BookingStatus.NO_SHOW: frozenset({BookingStatus.ATTENDED}),
    BookingStatus.CANCELLED: frozenset(),
}


def booking_can_transition(from_status: str, to_status: str) -> bool:
    return to_status in BOOKING_TRANSITIONS.get(from_status, frozenset())


# What staff mark after the appointment, in the order the buttons show.
STAFF_MARKS = (BookingStatus.ATTENDED, BookingStatus.NO_SHOW)


def staff_marks(from_status: str) -> list[BookingStatus]:
    """The marks the transition table allows from this status ("erschienen", "nicht
    erschienen"): a cancelled booking has none, a marked one only the other."""
    return [mark for mark in STAFF_MARKS if booking_can_transition(from_status, mark)]


class BookingChannel(models.TextChoices):
    """How the booking came in: online by the resident, or entered by staff."""

    ONLINE = "online", _("Online")
    PHONE = "telefon", _("Am Telefon")
    WALK_IN = "vor_ort", _("Im Büro")
