"""Many presses at the same moment, on SQLite and PostgreSQL: one support per address and idea,
each confirmation counted once, one idea for one double-clicked form."""

import pytest
from django.test import Client

from quartier.ideas.models import Idea, Support
from quartier.ideas.services import supports
from tests.concurrency import at_once
from tests.ideas.factories import IdeaFactory, TopicFactory

PARALLEL = 8


@pytest.mark.django_db(transaction=True)
def test_one_address_asking_to_support_at_once_gives_one_support():
    idea = IdeaFactory(published=True)

    def ask(number: int):
        supports.support_request(idea=idea, email="ben@example.org", language="de")

    _outcomes, errors = at_once(ask, PARALLEL)

    assert errors == []
    assert Support.objects.filter(idea=idea).count() == 1


@pytest.mark.django_db(transaction=True)
def test_confirming_one_support_at_once_counts_it_once():
    idea = IdeaFactory(published=True)
    supports.support_request(idea=idea, email="ben@example.org", language="de")
    key = Support.objects.get().key

    outcomes, errors = at_once(lambda number: supports.support_confirm(key=key), PARALLEL)

    assert errors == []
    assert sum(1 for outcome in outcomes if outcome.counted_now) == 1
    idea.refresh_from_db()
    assert idea.support_count == 1


@pytest.mark.django_db(transaction=True)
def test_many_supporters_at_once_are_all_counted():
    idea = IdeaFactory(published=True)
    for number in range(PARALLEL):
        supports.support_request(idea=idea, email=f"n{number}@example.org", language="de")
    keys = list(Support.objects.values_list("key", flat=True))

    _outcomes, errors = at_once(lambda number: supports.support_confirm(key=keys[number]), PARALLEL)

    assert errors == []
    idea.refresh_from_db()
    assert idea.support_count == PARALLEL


@pytest.mark.django_db(transaction=True)
def test_one_idea_sent_twice_at_once_is_stored_once():
    topic = TopicFactory()

    def send(number: int):
        return (
            Client(REMOTE_ADDR=f"198.51.100.{number}")
            .post(
                "/ideen/neu/",
                {
                    "title": "Bank am Spielplatz",
                    "text": "Zum Ausruhen.",
                    "topic": topic.pk,
                    "language": "de",
                    "publish": "ja",
                    "email": "anna@example.org",
                    "consent": "on",
                },
            )
            .status_code
        )

    outcomes, errors = at_once(send, PARALLEL)

    assert errors == []
    assert outcomes == [302] * PARALLEL
    assert Idea.objects.count() == 1
