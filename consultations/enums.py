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
