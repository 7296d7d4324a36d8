"""Writes of event sign-up: signing up, changing, cancelling, the waiting list moving up,
staff's changes (places, check-in, closing early, a message to all), reminders, retention
and erasure. Every decision about places is made on the real count, inside the transaction,
with the event's setup row locked (PostgreSQL: FOR UPDATE; SQLite has one writer)."""

import hmac
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, QuerySet, Sum

from offices.events.emails import queue_signup_email, queue_staff_message
from offices.events.enums import SignupStatus, signup_can_transition
from offices.events.models import EventSignup, EventSignupSetup
from quartier.core import clock, private_links, submissions
from quartier.core.mail import outbox_nudge


class SignupClosed(Exception):
    """Sign-up is not open: not yet, closed early, past its closing time, or the event began."""


class EventFull(Exception):
    """Not enough free places, and the resident did not ask for the waiting list."""

    def __init__(self, free: int):
        super().__init__(free)
        self.free = free


class TooManyPersons(Exception):
    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


class AlreadySignedUp(Exception):
    """This email address has an Anmeldung for this event already."""


@transaction.atomic
def signups_delete(*, signup_ids, now: datetime | None = None) -> int:
    """Staff delete sign-ups (a duplicate, a test): a place they held is given to the waiting
    list, as after a cancellation."""
    return _delete_and_move_up(EventSignup.objects.filter(pk__in=signup_ids), now=now)


def _delete_and_move_up(signups: QuerySet[EventSignup], *, now: datetime | None) -> int:
    """Deletes these sign-ups event by event, each event locked, and gives freed places to its
    waiting list (inside the caller's transaction)."""
    now = now or clock.now()
    setup_ids = sorted(set(signups.values_list("setup_id", flat=True)))
    deleted = 0
    for setup_id in setup_ids:
        setup = _locked_setup(setup_id)
        _total, per_model = signups.filter(setup_id=setup_id).delete()
        deleted += per_model.get(EventSignup._meta.label, 0)
        waiting_list_move_up(setup=setup, now=now)
    return deleted


class SignupNotChangeable(Exception):
    """Cancelled already, or the event has begun."""


class NotEnoughPlaces(Exception):
    """More persons than places are free (changing the number of persons)."""

    def __init__(self, free: int):
        super().__init__(free)
        self.free = free


def _locked_setup(setup_id: int) -> EventSignupSetup:
    return (
        EventSignupSetup.objects.select_for_update(of=("self",))
        .select_related("announcement", "announcement__office")
        .get(pk=setup_id)
    )


def _locked_signup(signup: EventSignup) -> tuple[EventSignupSetup, EventSignup]:
    setup = _locked_setup(signup.setup_id)
    current = EventSignup.objects.get(pk=signup.pk)
    current.setup = setup
    return setup, current


def signed_up_persons(setup: EventSignupSetup) -> int:
    return setup.signups.signed_up().aggregate(total=Sum("persons"))["total"] or 0


def free_places(setup: EventSignupSetup) -> int:
    return max(setup.places - signed_up_persons(setup), 0)


def signup_create(
    *,
    setup: EventSignupSetup,
    name: str,
    email: str,
    persons: int,
    children: int | None = None,
    wheelchair: bool = False,
    interpreter: str = "",
    note: str = "",
    language: str = "de",
    waiting_list_ok: bool = False,
    submission_key: str = "",
    now: datetime | None = None,
) -> EventSignup:
    """Sign up for the event: a place if enough are free (and nobody waiting fits them),
    otherwise the waiting list if `waiting_list_ok`, else EventFull. The mail (with the
    .ics for a place) is queued in the same transaction."""
    now = now or clock.now()
    email = email.strip()
    with transaction.atomic():
        locked = _locked_setup(setup.pk)
        if submission_key:
            same = locked.signups.filter(submission_key=submission_key).first()
            if same is not None and hmac.compare_digest(same.submission_key, submission_key):
                return same  # the same form sent twice: the sign-up the first one made
        if not locked.is_open(now):
            raise SignupClosed
        if persons > locked.max_persons:
            raise TooManyPersons(locked.max_persons)
        submissions.lock_people(
            scope=f"event-{locked.pk}", keys=submissions.identities(email=email)
        )
        key = submissions.email_key(email)
        if locked.signups.active().filter(email__iexact=key).exists():
            raise AlreadySignedUp
        free = max(locked.places - signed_up_persons(locked), 0)
        # Somebody waiting whose group fits the free places comes first.
        waiting_fits = locked.signups.waiting().filter(persons__lte=free).exists()
        if persons <= free and not waiting_fits:
            status = SignupStatus.SIGNED_UP
        elif waiting_list_ok:
            status = SignupStatus.WAITING
        else:
            raise EventFull(free)
        last = locked.signups.aggregate(last=Max("position"))["last"] or 0
        link_key, link_secret = private_links.new_key_and_secret()
        signup = EventSignup(
            setup=locked,
            status=status,
            position=last + 1,
            name=name.strip(),
            email=email,
            persons=persons,
            children=children,
            wheelchair=wheelchair,
            interpreter=interpreter.strip(),
            note=note.strip(),
            language=language,
            consent_given_at=now,
            link_key=link_key,
            link_secret=link_secret,
            submission_key=submission_key,
        )
        signup.full_clean()
        signup.save()
        queue_signup_email(
            signup, "confirmation" if status == SignupStatus.SIGNED_UP else "waiting"
        )
    return signup


def waiting_list_move_up(*, setup: EventSignupSetup, now: datetime) -> list[EventSignup]:
    """Give free places to the waiting list, first come first served among the groups that
    fit; each gets a mail at once. Nobody moves up within the cut-off hours before the
    event: then staff see the waiting list and call. The caller holds the setup row lock."""
    if not setup.moves_up(now) or now >= setup.announcement.event_start:
        return []
    free = setup.places - signed_up_persons(setup)
    moved = []
    for waiting in setup.signups.waiting():
        if free <= 0:
            break
        if waiting.persons > free:
            continue
        waiting.setup = setup
        waiting.status = SignupStatus.SIGNED_UP
        waiting.moved_up_at = now
        waiting.save(update_fields=["status", "moved_up_at"])
        free -= waiting.persons
        queue_signup_email(waiting, "moved_up")
        moved.append(waiting)
    return moved


def signup_cancel(*, signup: EventSignup, now: datetime | None = None) -> EventSignup:
    """The resident cancels (or leaves the waiting list) through their link, until the event
    begins. A freed place goes to the waiting list at once."""
    now = now or clock.now()
    with transaction.atomic():
        setup, current = _locked_signup(signup)
        if not current.can_be_cancelled or now >= setup.announcement.event_start:
            raise SignupNotChangeable
        had_place = current.is_signed_up
        current.status = SignupStatus.CANCELLED
        current.cancelled_at = now
        current.save(update_fields=["status", "cancelled_at"])
        queue_signup_email(current, "cancelled")
        if had_place:
            waiting_list_move_up(setup=setup, now=now)
    return current


def signup_change_persons(
    *, signup: EventSignup, persons: int, now: datetime | None = None
) -> EventSignup:
    """More or fewer persons for an Anmeldung. More needs free places (NotEnoughPlaces);
    fewer frees places for the waiting list."""
    now = now or clock.now()
    with transaction.atomic():
        setup, current = _locked_signup(signup)
        if current.is_cancelled or now >= setup.announcement.event_start:
            raise SignupNotChangeable
        if persons > setup.max_persons:
            raise TooManyPersons(setup.max_persons)
        if persons == current.persons:
            return current
        if current.is_signed_up and persons > current.persons:
            free = setup.places - signed_up_persons(setup)
            if persons - current.persons > free:
                raise NotEnoughPlaces(free)
        current.persons = persons
        if current.children is not None and current.children > persons:
            current.children = persons
        current.full_clean()
        current.save(update_fields=["persons", "children"])
        waiting_list_move_up(setup=setup, now=now)
        current.refresh_from_db()
        current.setup = setup
    return current


# ---------------------------------------------------------------- staff


def signups_moved_to_waiting_by(*, setup: EventSignupSetup, places: int) -> list[EventSignup]:
    """Who would lose their place if the event had `places`: the last to arrive first."""
    signed = list(setup.signups.signed_up().order_by("-position"))
    total = sum(signup.persons for signup in signed)
    moved = []
    for signup in signed:
        if total <= places:
            break
        moved.append(signup)
        total -= signup.persons
    return moved


def setup_save(
    *, setup: EventSignupSetup, now: datetime | None = None
) -> tuple[list[EventSignup], list[EventSignup]]:
    """Save staff's changes to a setup. Fewer places than signed up move the last arrivals to
    the waiting list (each gets a mail); more places let the waiting list move up. Returns
    (moved to the waiting list, moved up)."""
    now = now or clock.now()
    with transaction.atomic():
        setup.full_clean()
        setup.save()
        locked = _locked_setup(setup.pk)
        to_waiting = signups_moved_to_waiting_by(setup=locked, places=locked.places)
        for signup in to_waiting:
            signup.setup = locked
            signup.status = SignupStatus.WAITING
            signup.save(update_fields=["status"])
            queue_signup_email(signup, "to_waiting")
        moved_up = [] if to_waiting else waiting_list_move_up(setup=locked, now=now)
    return to_waiting, moved_up


@transaction.atomic
def signup_check_in(*, signup: EventSignup, present: bool, now: datetime | None = None) -> None:
    """Staff tick "da" at the door (or take the tick back)."""
    now = now or clock.now()
    EventSignup.objects.filter(pk=signup.pk, status=SignupStatus.SIGNED_UP).update(
        checked_in_at=now if present else None
    )


@transaction.atomic
def setup_close_early(*, setup: EventSignupSetup, now: datetime | None = None) -> None:
    """Nobody can sign up or join the waiting list any more; existing sign-ups stay."""
    EventSignupSetup.objects.filter(pk=setup.pk, closed_early_at__isnull=True).update(
        closed_early_at=now or clock.now()
    )


@transaction.atomic
def setup_reopen(*, setup: EventSignupSetup) -> None:
    EventSignupSetup.objects.filter(pk=setup.pk).update(closed_early_at=None)


@transaction.atomic
def message_to_signed_up(*, setup: EventSignupSetup, subject: str, text: str) -> int:
    """A message from staff to everyone with a place, each with their own link."""
    signups = list(setup.signups.signed_up().select_related("setup__announcement__office"))
    for signup in signups:
        queue_staff_message(signup, subject=subject, text=text)
    outbox_nudge()
    return len(signups)


def signup_status_set(
    *, signup: EventSignup, status: SignupStatus, now: datetime | None = None
) -> None:
    """Staff move someone from the waiting list onto a place by hand (within the cut-off)."""
    now = now or clock.now()
    with transaction.atomic():
        _setup, current = _locked_signup(signup)
        if not signup_can_transition(current.status, status):
            raise SignupNotChangeable
        current.status = status
        if status == SignupStatus.SIGNED_UP:
            current.moved_up_at = now
        if status == SignupStatus.CANCELLED:
            current.cancelled_at = now
        current.save()
        if status == SignupStatus.SIGNED_UP:
            queue_signup_email(current, "moved_up")


# ---------------------------------------------------------------- reminders and retention


def signups_send_reminders(*, now: datetime | None = None) -> int:
    """Queue the reminder of every sign-up whose event is within its reminder days (each
    once, however often this runs); returns how many."""
    now = now or clock.now()
    candidates = (
        EventSignup.objects.signed_up()
        .filter(
            reminder_sent_at__isnull=True,
            setup__reminder_days__isnull=False,
            setup__announcement__event_start__gt=now,
            setup__announcement__event_start__lte=now + timedelta(days=14),
        )
        .select_related("setup__announcement__office")
    )
    count = 0
    for signup in candidates:
        setup = signup.setup
        if setup.announcement.event_start - timedelta(days=setup.reminder_days) > now:
            continue
        with transaction.atomic():
            claimed = EventSignup.objects.filter(
                pk=signup.pk, reminder_sent_at__isnull=True, status=SignupStatus.SIGNED_UP
            ).update(reminder_sent_at=now)
            if claimed:
                queue_signup_email(signup, "reminder")
                count += 1
    return count


def signup_retention_days() -> int:
    """Sign-ups are deleted this many days after their event (Datenschutzerklärung)."""
    return settings.RETENTION_DAYS["event_signups"]


def deleted_on(setup: EventSignupSetup) -> datetime:
    return setup.announcement.event_end + timedelta(days=signup_retention_days())


@transaction.atomic
def signups_delete_expired(*, now: datetime | None = None) -> int:
    now = now or clock.now()
    cutoff = now - timedelta(days=signup_retention_days())
    _total, per_model = EventSignup.objects.filter(
        setup__announcement__event_end__lt=cutoff
    ).delete()
    return per_model.get(EventSignup._meta.label, 0)


@transaction.atomic
def signups_erase_for_email(*, email: str, now: datetime | None = None) -> int:
    """Erasure on request: every sign-up of this address goes; a place it held is given to
    the waiting list."""
    key = submissions.email_key(email)
    return _delete_and_move_up(EventSignup.objects.filter(email__iexact=key), now=now)
