"""Reads of event sign-up: the places of an event, a sign-up behind its private link, the lists
staff work with. A fixed number of queries whatever the number of sign-ups."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from offices.events.enums import SignupStatus
from offices.events.models import EventSignup, EventSignupSetup
from offices.models import Announcement
from quartier.core import private_links


@dataclass(frozen=True)
class Places:
    places: int
    signed_up: int  # persons with a place
    waiting: int  # sign-ups on the waiting list

    @property
    def free(self) -> int:
        return max(self.places - self.signed_up, 0)

    @property
    def full(self) -> bool:
        return self.free == 0


def _with_counts(queryset: QuerySet[EventSignupSetup]) -> QuerySet[EventSignupSetup]:
    return queryset.annotate(
        signed_up_persons=Sum("signups__persons", filter=Q(signups__status=SignupStatus.SIGNED_UP)),
        waiting_count=Count("signups", filter=Q(signups__status=SignupStatus.WAITING)),
        no_show_count=Count(
            "signups",
            filter=Q(signups__status=SignupStatus.SIGNED_UP, signups__checked_in_at__isnull=True),
        ),
    )


def places_of(setup: EventSignupSetup) -> Places:
    """Places of a setup read through setups_with_counts() (no query)."""
    return Places(
        places=setup.places,
        signed_up=setup.signed_up_persons or 0,
        waiting=setup.waiting_count,
    )


def setups_with_counts() -> QuerySet[EventSignupSetup]:
    return _with_counts(
        EventSignupSetup.objects.select_related("announcement", "announcement__office")
    )


def setups_with_counts_of(*, announcement_ids) -> QuerySet[EventSignupSetup]:
    """The sign-ups of these events with their counts (one query, the events not joined)."""
    return _with_counts(EventSignupSetup.objects.filter(announcement_id__in=announcement_ids))


def events_without_signup(*, now) -> QuerySet[Announcement]:
    """The events a sign-up may be switched on for: not over yet and without one, soonest
    first; only what the choice shows (an office's list holds every event of past years)."""
    return (
        Announcement.objects.events_not_over(now)
        .filter(signup_setup__isnull=True)
        .order_by("event_start", "pk")
        .only("pk", "title", "office_id")
    )


def setup_id_of(*, announcement: Announcement) -> int | None:
    """The id of an event's sign-up, or None when it takes none (one query, no counts)."""
    return (
        EventSignupSetup.objects.filter(announcement=announcement)
        .values_list("pk", flat=True)
        .first()
    )


def setup_of_announcement(*, announcement: Announcement) -> EventSignupSetup | None:
    """The sign-up of an event with its counts, or None (one query)."""
    return _with_counts(EventSignupSetup.objects.filter(announcement=announcement)).first()


def setup_for_signup(*, slug: str) -> EventSignupSetup:
    """The published event's sign-up with its counts (one query), or Http404."""
    setup = (
        setups_with_counts()
        .filter(announcement__slug=slug, announcement__in=Announcement.objects.published().events())
        .first()
    )
    if setup is None:
        raise Http404
    return setup


def signup_by_token(*, token: str) -> EventSignup:
    signup = private_links.row_by_token(
        EventSignup.objects.all(), token=token, fields=("link_key", "link_secret")
    )
    signup.setup = setups_with_counts().get(pk=signup.setup_id)
    return signup


def check_in_list(*, setup: EventSignupSetup) -> QuerySet[EventSignup]:
    """Everyone with a place, by name: the list at the door."""
    return setup.signups.signed_up().order_by("name", "position")


def waiting_list(*, setup: EventSignupSetup) -> QuerySet[EventSignup]:
    return setup.signups.waiting()


def no_show_count(*, setup: EventSignupSetup) -> int:
    return setup.signups.signed_up().filter(checked_in_at__isnull=True).count()


def signups_of_email(*, email: str) -> QuerySet[EventSignup]:
    """Everything stored for one address (Auskunft)."""
    return EventSignup.objects.filter(email__iexact=email.strip()).select_related(
        "setup__announcement"
    )
