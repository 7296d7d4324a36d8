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


@register.simple_tag
def event_signups(announcements) -> dict:
    """The sign-up state of each event on a list that takes sign-ups, by announcement: one
    query for the whole list, so the event list says where to sign up and how many places are
    left (as fresh as the cached page, the sign-up form decides on the real count)."""
    events = {announcement.pk: announcement for announcement in announcements}
    if not events:
        return {}
    now = clock.now()
    states = {}
    for setup in selectors.setups_with_counts_of(announcement_ids=events):
        setup.announcement = events[setup.announcement_id]  # the row already on the page
        states[setup.announcement_id] = {
            "setup": setup,
            "places": selectors.places_of(setup),
            "is_open": setup.is_open(now),
            "not_yet_open": setup.not_yet_open(now),
        }
    return states


@register.filter
def signup_of(states: dict, announcement) -> dict | None:
    """{{ states|signup_of:announcement }}: the state event_signups read for this event."""
    return states.get(announcement.pk) if states else None
