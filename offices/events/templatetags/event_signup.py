"""The sign-up box on an event's page. The announcement template (offices) loads it, so
offices needs no import of this app; one query, whatever the number of sign-ups."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

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
    return _signup_state(setup, clock.now())


def _signup_state(setup, now) -> dict:
    """What a page says of a sign-up: its places, whether it is open or opens later."""
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
        states[setup.announcement_id] = _signup_state(setup, now)
    return states


@register.filter
def signup_of(states: dict, announcement) -> dict | None:
    """{{ states|signup_of:announcement }}: the state event_signups read for this event."""
    return states.get(announcement.pk) if states else None


@register.inclusion_tag("admin/events/_signup_object_tool.html", takes_context=True)
def event_signup_object_tool(context, announcement) -> dict:
    """On an event's page in the admin: the way to its sign-up, to switch it on or to its
    places and lists (one query), for staff who may."""
    user = context["request"].user
    if announcement is None or not announcement.pk or not announcement.is_event:
        return {}
    setup_id = selectors.setup_id_of(announcement=announcement)
    if setup_id is not None and user.has_perm("events.view_eventsignupsetup"):
        return {
            "url": reverse("admin:events_eventsignupsetup_change", args=[setup_id]),
            "label": _("Anmeldung: Plätze und Listen"),
        }
    # Sign-up can be switched on until the event is over.
    over = announcement.is_over(clock.now())
    if setup_id is None and not over and user.has_perm("events.add_eventsignupsetup"):
        add_url = reverse("admin:events_eventsignupsetup_add")
        return {
            "url": f"{add_url}?announcement={announcement.pk}",
            "label": _("Anmeldung einschalten"),
        }
    return {}
