"""Online booking's models, one module per kind: appointment types (and their translations),
booking rules and appointment hours, bookings with their holds and seats."""

from consultations.booking.models.bookings import Booking, BookingHold, BookingQuerySet, SlotClaim
from consultations.booking.models.rules import AppointmentHours, BookingRules, booking_rules_of
from consultations.booking.models.translations import AppointmentTypeTranslation
from consultations.booking.models.types import (
    GRID_MINUTES,
    AppointmentType,
    AppointmentTypeQuerySet,
    validate_grid_minutes,
)

__all__ = [
    "GRID_MINUTES",
    "AppointmentHours",
    "AppointmentType",
    "AppointmentTypeQuerySet",
    "AppointmentTypeTranslation",
    "Booking",
    "BookingHold",
    "BookingQuerySet",
    "BookingRules",
    "SlotClaim",
    "booking_rules_of",
    "validate_grid_minutes",
]
