"""The sign-up box on an event's page. The announcement template (offices) loads it, so
offices needs no import of this app; one query, whatever the number of sign-ups."""

from django import template

from offices.events import selectors
from quartier.core import clock

register = template.Library()


@register.inclusion_tag("events/_signup_box.html")
def event_signup_box(announcement) -> dict:
    if not announcement.is_event:
        return {"setup": None}
    setup = selectors.setup_of_announcement(announcement=announcement)
    if setup is None:
        return {"setup": None}
    setup.announcement = announcement  # the same row, already on the page
    now = clock.now()
    return {
        "setup": setup,
        "places": selectors.places_of(setup),
        "is_open": setup.is_open(now),
        "not_yet_open": setup.not_yet_open(now),
    }
