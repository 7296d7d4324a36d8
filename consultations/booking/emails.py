"""Emails to residents about their booking, in the language they booked in, with the
appointment as a calendar file where it changed."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from consultations.booking.calendar_file import booking_ics, booking_place
from consultations.booking.enums import BookingChannel
from consultations.booking.models import Booking
from offices.content_language import translated
from offices.selectors import attach_translation
from quartier.core import clock, formatting, recipient_limit
from quartier.core.links import absolute_url
from quartier.core.mail import queue_email

BOOKING_EMAILS = {
    "confirmation": (
        "booking/emails/booking_confirmation.txt",
        gettext_lazy("Ihr Termin am %(day)s um %(time)s Uhr: %(type)s"),
    ),
    "reminder": (
        "booking/emails/booking_reminder.txt",
        gettext_lazy("Erinnerung: Ihr Termin am %(day)s um %(time)s Uhr"),
    ),
    "moved": (
        "booking/emails/booking_moved.txt",
        gettext_lazy("Ihr Termin ist verschoben: %(day)s um %(time)s Uhr"),
    ),
    "cancelled": (
        "booking/emails/booking_cancelled.txt",
        gettext_lazy("Ihr Termin am %(day)s um %(time)s Uhr ist abgesagt"),
    ),
    "cancelled_by_office": (
        "booking/emails/booking_cancelled_by_office.txt",
        gettext_lazy("Ihr Termin am %(day)s um %(time)s Uhr muss leider ausfallen"),
    ),
}


# What a visitor can set off again and again with an address typed online counts toward that
# address's daily limit; reminders and the office's own cancellations do not.
VISITOR_CAUSED = {"confirmation", "moved", "cancelled"}


def booking_link(booking: Booking) -> str:
    """The private link, absolute, in the resident's language."""
    with translation.override(booking.language):
        return absolute_url(booking.get_absolute_url())


def queue_booking_email(booking: Booking, kind: str, *, with_calendar: bool) -> None:
    if not booking.email:
        return  # no email: the confirmation page is printed, staff may call
    if (
        kind in VISITOR_CAUSED
        and booking.channel == BookingChannel.ONLINE
        and not recipient_limit.allow(booking.email)
    ):
        return  # the booking's own page shows all of it; another inbox stays unflooded
    template, subject = BOOKING_EMAILS[kind]
    with translation.override(booking.language):
        attach_translation(booking.appointment_type)
        url = booking_link(booking)
        starts = clock.local(booking.starts_at)
        context = {
            "booking": booking,
            "appointment_type": booking.appointment_type,
            "office": booking.office,
            "place": booking_place(booking),
            "url": url,
            "book_again_url": absolute_url(
                reverse("booking:office", kwargs={"slug": booking.office.slug})
            ),
        }
        attachments = None
        if with_calendar:
            host = urlsplit(settings.SITE_URL).hostname or "localhost"
            attachments = {
                "termin.ics": ContentFile(booking_ics(booking, url=url, host=host)),
            }
        queue_email(
            to=[booking.email],
            subject=str(subject)
            % {
                "day": formatting.long_date(starts),
                "time": formatting.hhmm(starts),
                "type": translated(booking.appointment_type, "name").text,
            },
            body=render_to_string(template, context),
            reply_to=[booking.office.email],
            attachments=attachments,
        )
