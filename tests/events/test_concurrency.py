"""Thirty residents sign up at the same moment for the last five places: exactly five get a
place, the other 25 are on the waiting list in the order they came, nothing is lost or
doubled. The setup row lock decides (FOR UPDATE on PostgreSQL; SQLite's one writer)."""

import pytest
from django.test import Client

from offices.events import services
from offices.events.enums import SignupStatus
from offices.events.models import EventSignup
from tests.concurrency import at_once
from tests.events.factories import EventSignupFactory, EventSignupSetupFactory

PARALLEL = 30


@pytest.mark.django_db(transaction=True)
def test_thirty_signups_for_the_last_five_places_give_five_places_and_a_waiting_list():
    setup = EventSignupSetupFactory(places=30)
    EventSignupFactory(setup=setup, persons=25, position=1, email="gruppe@example.org")

    def sign_up(number: int):
        signup = services.signup_create(
            setup=setup,
            name=f"Person {number}",
            email=f"person{number}@example.org",
            persons=1,
            waiting_list_ok=True,
        )
        return signup.status

    outcomes, errors = at_once(sign_up, PARALLEL)

    assert errors == []
    assert sorted(outcomes) == [SignupStatus.SIGNED_UP] * 5 + [SignupStatus.WAITING] * 25
    rows = list(EventSignup.objects.filter(setup=setup).order_by("position"))
    assert len(rows) == PARALLEL + 1
    assert len({row.email for row in rows}) == PARALLEL + 1
    assert [row.position for row in rows] == list(range(1, PARALLEL + 2))
    # Arrival order: the first five to get the lock have places, everyone after waits.
    statuses = [row.status for row in rows[1:]]
    assert statuses == [SignupStatus.SIGNED_UP] * 5 + [SignupStatus.WAITING] * 25
    created = [row.created_at for row in rows[1:]]
    assert created == sorted(created)
    assert services.signed_up_persons(setup) == 30


@pytest.mark.django_db(transaction=True)
def test_twenty_cancellations_and_signups_at_once_never_overbook():
    setup = EventSignupSetupFactory(places=10)
    holders = [
        EventSignupFactory(setup=setup, position=n + 1, email=f"holder{n}@example.org")
        for n in range(10)
    ]
    for n in range(10):
        EventSignupFactory(
            setup=setup, status=SignupStatus.WAITING, position=11 + n, email=f"w{n}@example.org"
        )

    def act(number: int):
        if number % 2 == 0:
            services.signup_cancel(signup=holders[number // 2])
            return "cancelled"
        services.signup_create(
            setup=setup,
            name=f"Neu {number}",
            email=f"neu{number}@example.org",
            persons=1,
            waiting_list_ok=True,
        )
        return "signed"

    _outcomes, errors = at_once(act, 20)

    assert errors == []
    assert services.signed_up_persons(setup) == 10
    # The ten freed places went to the ten who were waiting, not to newcomers.
    with_place = EventSignup.objects.filter(setup=setup, status=SignupStatus.SIGNED_UP)
    moved = with_place.filter(position__gt=10)
    assert sorted(moved.values_list("position", flat=True)) == list(range(11, 21))
    assert not with_place.filter(email__startswith="neu").exists()


@pytest.mark.django_db(transaction=True)
def test_twelve_residents_sending_the_form_for_the_last_two_places_hear_clearly_who_was_late():
    setup = EventSignupSetupFactory(places=10)
    EventSignupFactory(setup=setup, persons=8, position=1, email="gruppe@example.org")
    url = f"/aktuelles/{setup.announcement.slug}/anmeldung/"

    def send(number: int):
        client = Client(REMOTE_ADDR=f"198.51.100.{number}")
        response = client.post(
            url,
            {
                "name": f"Person {number}",
                "email": f"person{number}@example.org",
                "persons": "1",
                "privacy_consent": "on",
                "submission": f"{number:032d}",
            },
        )
        return response.status_code, response.content.decode()

    outcomes, errors = at_once(send, 12)

    assert errors == []
    assert sorted(status for status, _html in outcomes) == [302] * 2 + [409] * 10
    late = [html for status, html in outcomes if status == 409]
    assert all("Gerade eben sind die Plätze vergeben worden" in html for html in late)
    assert all('value="person' in html for html in late)  # what they typed is still there
    assert services.signed_up_persons(setup) == 10
    assert EventSignup.objects.filter(setup=setup).count() == 3
