from django.db import models
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    """Numbered like `date.weekday()`: Monday is 0."""

    MONDAY = 0, _("Montag")
    TUESDAY = 1, _("Dienstag")
    WEDNESDAY = 2, _("Mittwoch")
    THURSDAY = 3, _("Donnerstag")
    FRIDAY = 4, _("Freitag")
    SATURDAY = 5, _("Samstag")
    SUNDAY = 6, _("Sonntag")


# "dienstags 10:00–14:00 Uhr": the adverb German uses for something that happens every week.
WEEKDAY_ADVERBS = {
    Weekday.MONDAY: _("montags"),
    Weekday.TUESDAY: _("dienstags"),
    Weekday.WEDNESDAY: _("mittwochs"),
    Weekday.THURSDAY: _("donnerstags"),
    Weekday.FRIDAY: _("freitags"),
    Weekday.SATURDAY: _("samstags"),
    Weekday.SUNDAY: _("sonntags"),
}

# schema.org and RFC 5545 names, in the same order.
SCHEMA_ORG_DAYS = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
]
ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class ClosureKind(models.TextChoices):
    CLOSED = "geschlossen", _("Geschlossen")
    SPECIAL_OPENING = "sonderoeffnung", _("Sonderöffnung")


# --- Online booking ---


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


class BookingChannel(models.TextChoices):
    """How the booking came in: online by the resident, or entered by staff."""

    ONLINE = "online", _("Online")
    PHONE = "telefon", _("Am Telefon")
    WALK_IN = "vor_ort", _("Im Büro")
