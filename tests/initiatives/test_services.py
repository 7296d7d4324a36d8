from datetime import timedelta

import pytest
from django.http import Http404
from post_office.models import Email

from offices.initiatives import selectors, services
from offices.initiatives.enums import GroupStatus
from offices.initiatives.models import Group, GroupChange, JoinRequest
from quartier import retention
from quartier.core import clock
from tests.factories import AnnouncementFactory
from tests.initiatives.factories import GroupFactory, JoinRequestFactory

pytestmark = pytest.mark.django_db

ENTRY = {
    "name": "Lauftreff Mosselde",
    "activity": "Wir laufen gemeinsam.",
    "meeting_time": "mittwochs, 18 Uhr",
    "meeting_place": "Parkplatz am Mosselde",
    "audience": "alle",
    "languages": "Deutsch",
    "contact_name": "Lena Lauf",
    "contact_email": "lauf@example.org",
}


def test_group_propose_stores_a_hidden_entry_and_mails_the_private_link():
    group = services.group_propose(entry=ENTRY)

    assert group.status == GroupStatus.PROPOSED
    assert not selectors.group_list().exists()
    mail = Email.objects.get(to=["lauf@example.org"])
    assert group.token in mail.message


def test_group_propose_twice_in_a_moment_stores_one_entry():
    first = services.group_propose(entry=ENTRY)
    second = services.group_propose(entry=ENTRY)

    assert first.pk == second.pk
    assert Group.objects.count() == 1
    assert Email.objects.count() == 1


def test_group_propose_beyond_the_daily_limit_is_refused(settings):
    settings.GROUP_PROPOSALS_PER_PERSON = 1
    services.group_propose(entry=ENTRY)

    with pytest.raises(services.LimitReached):
        services.group_propose(entry={**ENTRY, "name": "Noch eine Gruppe"})
    assert Group.objects.count() == 1


def test_group_set_status_publishes_once_and_tells_the_contact():
    group = GroupFactory(proposed=True)

    services.group_set_status(group=group, status=GroupStatus.PUBLISHED)

    assert selectors.group_get(slug=group.slug) == group
    assert Email.objects.filter(to=[group.contact_email]).count() == 1


def test_join_request_is_relayed_to_the_contact_with_reply_to_the_resident():
    group = GroupFactory(contact_email="garten@example.org")

    join = services.join_request_create(
        group=group, name="Nora Neu", email="nora@example.org", message="Ich komme <b>gern</b>."
    )

    assert join.relayed
    mail = Email.objects.get()
    assert mail.to == ["garten@example.org"]
    assert mail.headers["Reply-To"] == "nora@example.org"
    assert "Ich komme <b>gern</b>." in mail.message  # plain text, as typed


def test_join_request_sent_twice_is_relayed_once():
    group = GroupFactory()
    for _attempt in range(2):
        services.join_request_create(
            group=group, name="Nora", email="nora@example.org", message="Hallo"
        )

    assert JoinRequest.objects.count() == 1
    assert Email.objects.count() == 1


def test_join_request_beyond_the_daily_limit_is_refused(settings):
    settings.GROUP_JOIN_REQUESTS_PER_PERSON = 2
    group = GroupFactory()
    for number in range(2):
        services.join_request_create(
            group=group, name="Nora", email="nora@example.org", message=f"Hallo {number}"
        )

    with pytest.raises(services.LimitReached):
        services.join_request_create(
            group=group, name="Nora", email="NORA@example.org", message="Noch einmal"
        )


def test_join_request_past_the_contacts_daily_mails_waits_for_staff(settings):
    settings.GROUP_JOIN_MAILS_PER_DAY = 1
    group = GroupFactory()
    services.join_request_create(group=group, name="A", email="a@example.org", message="Hallo")

    held = services.join_request_create(
        group=group, name="B", email="b@example.org", message="Hallo"
    )

    assert not held.relayed
    assert Email.objects.count() == 1


def test_group_change_waits_and_the_public_entry_stays_until_applied():
    group = GroupFactory(name="Alter Name")

    change = services.group_change_propose(
        group=group, entry={**ENTRY, "name": "Neuer Name", "contact_email": group.contact_email}
    )

    assert selectors.group_get(slug=group.slug).name == "Alter Name"
    assert next(row[0] for row in change.changed_fields()) == "Name der Gruppe"
    services.group_change_apply(change=change)
    assert selectors.group_get(slug=group.slug).name == "Neuer Name"
    assert not GroupChange.objects.exists()


def test_group_change_of_an_unpublished_entry_applies_at_once():
    group = GroupFactory(proposed=True)

    services.group_change_propose(group=group, entry=ENTRY)

    group.refresh_from_db()
    assert group.name == "Lauftreff Mosselde"
    assert not GroupChange.objects.exists()


def test_group_remove_by_contact_hides_the_entry_at_once():
    group = GroupFactory()

    services.group_remove_by_contact(group=group)

    with pytest.raises(Http404):
        selectors.group_get(slug=group.slug)


def test_group_by_token_refuses_a_forged_token():
    group = GroupFactory()

    with pytest.raises(Http404):
        selectors.group_by_token(token=group.link_key + "x" * 32)
    assert selectors.group_by_token(token=group.token) == group


def test_group_coming_events_lists_only_public_coming_events():
    group = GroupFactory()
    coming = AnnouncementFactory(event=True, run_by=group, title="Pflanztag")
    AnnouncementFactory(event=True, run_by=group, draft=True)
    AnnouncementFactory(event=True, title="Anderes Fest")

    assert selectors.group_coming_events(group=group) == [coming]


def test_retention_deletes_old_messages_and_old_hidden_entries(settings):
    now = clock.now()
    old = now - timedelta(days=400)
    JoinRequestFactory(created_at=old)
    fresh = JoinRequestFactory()
    hidden = GroupFactory(hidden=True)
    Group.objects.filter(pk=hidden.pk).update(updated_at=old)
    public = GroupFactory()
    Group.objects.filter(pk=public.pk).update(updated_at=old)

    results = retention.retention_apply(now=now)

    assert results["Initiativen und Gruppen: Mitmachen-Nachrichten"] == 1
    assert list(JoinRequest.objects.all()) == [fresh]
    assert list(Group.objects.filter(pk__in=[hidden.pk, public.pk])) == [public]


def test_person_erase_deletes_messages_and_entries_of_the_address():
    group = GroupFactory(contact_email="kontakt@example.org")
    JoinRequestFactory(email="Kontakt@example.org")
    other = JoinRequestFactory(group=GroupFactory())

    erased = services.person_erase(email="kontakt@example.org")

    assert erased["groups"] == 1
    assert not Group.objects.filter(pk=group.pk).exists()
    assert list(JoinRequest.objects.all()) == [other]
