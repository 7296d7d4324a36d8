"""Emails to residents about their Anmeldung, in the language they signed up in, with the event
as a calendar file when they have a place."""

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy

from offices.calendars import events_calendar
from offices.events.models import EventSignup
from quartier.core import clock, formatting, recipient_limit
from quartier.core.links import absolute_url
from quartier.core.mail import queue_email

SIGNUP_EMAILS = {
    "confirmation": (
        "events/emails/confirmation.txt",
        gettext_lazy("Sie sind angemeldet: %(title)s am %(day)s"),
    ),
    "waiting": (
        "events/emails/waiting.txt",
        gettext_lazy("Sie stehen auf der Warteliste: %(title)s am %(day)s"),
    ),
    "moved_up": (
        "events/emails/moved_up.txt",
        gettext_lazy("Ein Platz ist frei geworden – Sie sind dabei: %(title)s am %(day)s"),
    ),
    "to_waiting": (
        "events/emails/to_waiting.txt",
        gettext_lazy("Weniger Plätze: Sie stehen jetzt auf der Warteliste für %(title)s"),
    ),
    "cancelled": (
        "events/emails/cancelled.txt",
        gettext_lazy("Abgesagt: %(title)s am %(day)s"),
    ),
    "reminder": (
        "events/emails/reminder.txt",
        gettext_lazy("Erinnerung: %(title)s am %(day)s"),
    ),
}

# What a visitor can set off again and again by typing an address counts toward that
# address's daily limit; moving up, reminders and staff's changes do not.
VISITOR_CAUSED = {"confirmation", "waiting", "cancelled"}


def signup_link(signup: EventSignup) -> str:
    """The private link, absolute, in the resident's language."""
    with translation.override(signup.language):
        return absolute_url(signup.get_absolute_url())


def event_ics(announcement) -> bytes:
    """The event as a calendar file: the public event only, no personal data."""
    return events_calendar(
        announcements=[announcement], name=announcement.title, absolute_url=absolute_url
    )


def queue_signup_email(signup: EventSignup, kind: str) -> None:
    if kind in VISITOR_CAUSED and not recipient_limit.allow(signup.email):
        return  # the private page shows the same; another inbox stays unflooded
    template, subject = SIGNUP_EMAILS[kind]
    announcement = signup.setup.announcement
    with translation.override(signup.language):
        starts = clock.local(announcement.event_start)
        context = {
            "signup": signup,
            "setup": signup.setup,
            "announcement": announcement,
            "url": signup_link(signup),
            "event_url": absolute_url(announcement.get_absolute_url()),
            "day": formatting.long_date(starts),
            "time": formatting.hhmm(starts),
        }
        attachments = None
        if signup.is_signed_up and kind != "cancelled":
            attachments = {"veranstaltung.ics": ContentFile(event_ics(announcement))}
        queue_email(
            to=[signup.email],
            subject=str(subject) % {"title": announcement.title, "day": context["day"]},
            body=render_to_string(template, context),
            reply_to=[announcement.office.email] if announcement.office_id else None,
            attachments=attachments,
        )


def queue_staff_message(signup: EventSignup, *, subject: str, text: str) -> None:
    """Staff's message to everyone signed up, with each person's own link."""
    announcement = signup.setup.announcement
    with translation.override(signup.language):
        body = render_to_string(
            "events/emails/message.txt",
            {
                "signup": signup,
                "announcement": announcement,
                "text": text,
                "url": signup_link(signup),
            },
        )
    queue_email(
        to=[signup.email],
        subject=subject,
        body=body,
        reply_to=[announcement.office.email] if announcement.office_id else None,
        nudge=False,
    )
