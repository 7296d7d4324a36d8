import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from post_office.models import Email

from offices.initiatives.models import Group, GroupChange, JoinRequest
from quartier.core import clock
from tests.factories import (
    AnnouncementFactory,
    AnnouncementTranslationFactory,
    picture_upload,
    truncated_jpeg,
)
from tests.initiatives.factories import GroupFactory

pytestmark = pytest.mark.django_db

JOIN = {
    "name": "Nora Neu",
    "email": "nora@example.org",
    "message": "Ich komme am Samstag.",
    "privacy_consent": "on",
}


def test_directory_lists_published_groups_only(client):
    GroupFactory(name="Gemeinschaftsgarten")
    GroupFactory(name="Noch geheim", proposed=True)
    GroupFactory(name="Ausgeblendet", hidden=True)

    page = client.get("/initiativen/").content.decode()

    assert "Gemeinschaftsgarten" in page
    assert "Noch geheim" not in page
    assert "Ausgeblendet" not in page


@pytest.mark.parametrize("rows", [1, 30])
def test_directory_makes_the_same_queries_for_few_and_many_groups(
    client, django_assert_max_num_queries, rows
):
    GroupFactory.create_batch(rows)

    with django_assert_max_num_queries(3):
        response = client.get("/initiativen/")
    assert "Gruppe" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 10])
def test_group_page_makes_the_same_queries_for_few_and_many_events(
    client, django_assert_max_num_queries, rows
):
    group = GroupFactory()
    AnnouncementFactory.create_batch(rows, event=True, run_by=group)

    with django_assert_max_num_queries(3):
        response = client.get(group.get_absolute_url())
    assert response.content.decode().count('class="event-item"') == min(rows, 5)


def test_group_page_lists_its_events_in_the_page_language(client):
    group = GroupFactory()
    event = AnnouncementFactory(event=True, run_by=group, title="Reparatur-Treff")
    AnnouncementTranslationFactory(announcement=event, language="ar", title="لقاء الإصلاح")

    german = client.get(group.get_absolute_url()).content.decode()
    arabic = client.get(f"/ar{group.get_absolute_url()}").content.decode()

    assert "لقاء الإصلاح" in arabic
    assert "Reparatur-Treff" not in arabic
    assert "Reparatur-Treff" in german


def test_group_page_never_shows_the_contact(client):
    group = GroupFactory(contact_name="Gerda Geheim", contact_email="geheim@example.org")

    page = client.get(group.get_absolute_url()).content.decode()

    assert "geheim@example.org" not in page
    assert "Gerda Geheim" not in page


def test_event_page_names_the_group_that_runs_it(client):
    group = GroupFactory(name="Reparatur-Café")
    event = AnnouncementFactory(event=True, run_by=group)

    page = client.get(event.get_absolute_url()).content.decode()

    assert "Veranstaltet von" in page
    assert group.get_absolute_url() in page


def test_join_form_relays_the_message_and_thanks(client):
    group = GroupFactory()

    response = client.post(group.get_absolute_url(), JOIN, follow=True)

    assert "Danke, Ihre Nachricht ist unterwegs" in response.content.decode()
    assert Email.objects.get().to == [group.contact_email]


def test_join_form_with_errors_keeps_what_was_typed_and_stores_nothing(client):
    group = GroupFactory()

    response = client.post(group.get_absolute_url(), {**JOIN, "message": ""})

    page = response.content.decode()
    assert "Bitte schreiben Sie der Gruppe ein paar Worte." in page
    assert 'value="Nora Neu"' in page
    assert not JoinRequest.objects.exists()


def test_join_form_filled_by_a_bot_is_refused(client):
    group = GroupFactory()

    response = client.post(group.get_absolute_url(), {**JOIN, "homepage": "http://spam"})

    assert "Ihre Angaben konnten nicht gesendet werden." in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_join_form_past_the_address_ceiling_asks_to_wait(client, settings):
    settings.GROUP_JOIN_RATE_LIMIT = 0
    group = GroupFactory()

    response = client.post(group.get_absolute_url(), JOIN)

    assert response.status_code == 429
    assert "Gerade geht es nicht" in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_hidden_group_page_is_not_found(client):
    group = GroupFactory(hidden=True)

    assert client.get(group.get_absolute_url()).status_code == 404


def test_propose_form_stores_a_proposal_not_yet_public(client):
    response = client.post(
        "/initiativen/eintragen/",
        {
            "name": "Lauftreff",
            "activity": "Laufen",
            "meeting_time": "mittwochs",
            "meeting_place": "Mosselde",
            "audience": "alle",
            "languages": "Deutsch",
            "contact_name": "Lena",
            "contact_email": "lena@example.org",
            "privacy_consent": "on",
        },
        follow=True,
    )

    assert "Danke, Ihr Eintrag ist angekommen" in response.content.decode()
    assert not Group.objects.get().is_public


def test_private_link_change_waits_for_review(client):
    group = GroupFactory(name="Alter Name")
    data = {
        "name": "Neuer Name",
        "activity": group.activity,
        "meeting_time": group.meeting_time,
        "meeting_place": group.meeting_place,
        "audience": group.audience,
        "languages": group.languages,
        "contact_name": group.contact_name,
        "contact_email": group.contact_email,
    }

    response = client.post(f"/initiativen/eintrag/{group.token}/aendern/", data, follow=True)

    assert "Ihre Änderung wartet auf Prüfung" in response.content.decode()
    assert GroupChange.objects.get().name == "Neuer Name"
    assert "Alter Name" in client.get(group.get_absolute_url()).content.decode()


def test_private_link_removal_asks_first_and_hides_after_the_button(client):
    group = GroupFactory()
    url = f"/initiativen/eintrag/{group.token}/entfernen/"

    client.get(url)
    group.refresh_from_db()
    assert group.is_public
    response = client.post(url)

    assert "Der Eintrag ist entfernt" in response.content.decode()
    assert client.get(group.get_absolute_url()).status_code == 404


def test_private_link_with_a_forged_token_is_not_found(client):
    group = GroupFactory()

    response = client.get(f"/initiativen/eintrag/{group.link_key}{'A' * 32}/")

    assert response.status_code == 404
    assert group.contact_email not in response.content.decode()


PROPOSAL = {
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


def test_propose_with_a_picture_stores_it_resized_and_without_its_gps_position(client):
    from django.core.files.storage import default_storage
    from PIL import Image

    response = client.post(
        "/initiativen/eintragen/",
        {
            **PROPOSAL,
            "picture": picture_upload(gps=True),
            "picture_alt": "Menschen laufen im Park",
        },
    )

    assert response.status_code == 302
    group = Group.objects.get()
    assert group.picture_alt == "Menschen laufen im Park"
    assert {r.image_format for r in group.renditions} == {"jpeg", "webp"}
    with default_storage.open(group.picture.name) as stored:
        assert not Image.open(stored).getexif()


def test_propose_with_a_broken_picture_says_so_and_stores_nothing(client):
    response = client.post(
        "/initiativen/eintragen/",
        {
            **PROPOSAL,
            "picture": SimpleUploadedFile("kaputt.jpg", truncated_jpeg()),
            "picture_alt": "Ein Bild",
        },
    )

    page = response.content.decode()
    assert "Bitte prüfen Sie Ihre Angaben" in page
    assert 'value="Lauftreff"' in page
    assert not Group.objects.exists()


def test_propose_with_a_picture_but_no_description_asks_for_one(client):
    response = client.post("/initiativen/eintragen/", {**PROPOSAL, "picture": picture_upload()})

    assert "Bitte beschreiben Sie kurz, was auf dem Bild zu sehen ist." in (
        response.content.decode()
    )
    assert not Group.objects.exists()


def test_propose_keeps_the_picture_across_a_form_error(client):
    first = client.post("/initiativen/eintragen/", {**PROPOSAL, "picture": picture_upload()})
    page = first.content.decode()
    reference = re.search(r'name="picture__kept" value="([^"]+)"', page)
    assert "ist aufbewahrt" in page
    assert not Group.objects.exists()

    second = client.post(
        "/initiativen/eintragen/",
        {**PROPOSAL, "picture__kept": reference.group(1), "picture_alt": "Beete im Garten"},
    )

    assert second.status_code == 302
    group = Group.objects.get()
    assert group.picture_alt == "Beete im Garten"
    assert {r.image_format for r in group.renditions} == {"jpeg", "webp"}


def test_propose_says_when_the_kept_picture_is_gone_and_stores_nothing(client, time_machine):
    time_machine.move_to(clock.now(), tick=False)
    first = client.post("/initiativen/eintragen/", {**PROPOSAL, "picture": picture_upload()})
    reference = re.search(r'name="picture__kept" value="([^"]+)"', first.content.decode())
    time_machine.shift(timedelta(days=1, minutes=1))

    second = client.post(
        "/initiativen/eintragen/",
        {**PROPOSAL, "picture__kept": reference.group(1), "picture_alt": "Beete im Garten"},
    )

    assert "Ihr Bild von vorhin ist nicht mehr aufbewahrt" in second.content.decode()
    assert not Group.objects.exists()


def test_group_text_in_turkish_is_marked_as_turkish_on_a_german_page(client):
    group = GroupFactory(name="Mahalle Bahçesi", text_language="tr")

    page = client.get(group.get_absolute_url()).content.decode()

    assert '<h1 lang="tr" dir="ltr">Mahalle Bahçesi</h1>' in page
