"""The same "Mitmachen" message sent twice at once (a double click on a slow phone) reaches the
group once; a proposal sent twice at once is stored once. On SQLite and PostgreSQL."""

import pytest
from django.test import Client
from post_office.models import Email

from offices.initiatives.models import Group, JoinRequest
from tests.concurrency import at_once
from tests.initiatives.factories import GroupFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _twice_at_once(url: str, data: dict) -> list[int]:
    def send(number: int) -> int:
        return Client().post(url, data).status_code

    outcomes, errors = at_once(send, 2)
    assert errors == []
    return outcomes


def test_join_message_sent_twice_at_once_reaches_the_group_once():
    group = GroupFactory()
    data = {
        "name": "Nora",
        "email": "nora@example.org",
        "message": "Ich komme am Samstag.",
        "privacy_consent": "on",
    }

    assert _twice_at_once(group.get_absolute_url(), data) == [302, 302]
    assert JoinRequest.objects.count() == 1
    assert Email.objects.filter(to=[group.contact_email]).count() == 1


def test_proposal_sent_twice_at_once_is_stored_once():
    data = {
        "name": "Lauftreff",
        "activity": "Laufen",
        "meeting_time": "mittwochs",
        "meeting_place": "Mosselde",
        "audience": "alle",
        "languages": "Deutsch",
        "contact_name": "Lena",
        "contact_email": "lena@example.org",
        "privacy_consent": "on",
    }

    assert _twice_at_once("/initiativen/eintragen/", data) == [302, 302]
    assert Group.objects.count() == 1
