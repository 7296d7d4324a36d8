"""Anregungen und Ideen for residents: sending an idea without an account, following it by the
private link, the public list and page, supporting after confirming by POST."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client

from quartier.core import clock
from quartier.ideas.enums import IdeaStatus
from quartier.ideas.models import Idea, Support
from quartier.ideas.services import lifecycle, supports
from tests.factories import AnnouncementFactory, picture_upload
from tests.ideas.factories import IdeaFactory, TopicFactory
from tests.public_pages import MAX_QUERIES_PER_PAGE

pytestmark = pytest.mark.django_db

NEW = "/ideen/neu/"


def send_idea(client, **overrides):
    topic = overrides.pop("topic", None) or TopicFactory(name="Grün", slug="gruen")
    data = {
        "title": "Mehr Bäume an der Westerfilder Straße",
        "text": "Zwischen Bäckerei und Haltestelle ist es im Sommer sehr heiß.",
        "topic": topic.pk,
        "place": "Westerfilder Straße",
        "language": "de",
        "publish": "ja",
        "email": "Anna@Example.org",
        "consent": "on",
    }
    data.update(overrides)
    return client.post(NEW, {k: v for k, v in data.items() if v is not None})


def link_in(message, part: str) -> str:
    url = next(u for u in re.findall(r"https?://\S+", message.body) if part in u)
    return re.sub(r"^https?://[^/]+", "", url)


# ---------------------------------------------------------------- sending an idea


def test_send_idea_stores_it_unpublished_and_mails_the_private_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send_idea(client)

    idea = Idea.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ideen/meine/{idea.token}/?neu=1"
    assert idea.email == "anna@example.org"
    assert idea.published_at is None
    assert idea.status == IdeaStatus.RECEIVED
    assert idea.answer_due_on == clock.today() + timedelta(days=14)
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"]
    assert link_in(message, "/ideen/meine/") == f"/ideen/meine/{idea.token}/"

    page = client.get(response["Location"]).content.decode()
    assert "Danke! Ihre Idee ist angekommen" in page
    assert "eingegangen" in page
    assert "Mehr Bäume an der Westerfilder Straße" in page
    assert f"/ideen/meine/{idea.token}/</a>" in page  # the link to keep, without "?neu=1"
    # Nothing is public before staff looked at it.
    assert Client().get(f"/ideen/{idea.pk}/").status_code == 404
    assert "Mehr Bäume" not in Client().get("/ideen/").content.decode()


def test_send_idea_with_errors_keeps_the_input_and_stores_nothing(client):
    response = send_idea(client, title="", text="x" * 3001, consent=None)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Angaben" in body
    assert "Bitte geben Sie Ihrer Idee einen kurzen Titel." in body
    assert "höchstens 3000 Zeichen" in body
    assert 'href="#id_title"' in body
    assert 'value="Anna@Example.org"' in body
    assert Idea.objects.count() == 0


def test_send_idea_keeps_the_photo_across_a_form_error(client):
    first = send_idea(client, picture=picture_upload(gps=True), consent=None)
    reference = re.search(r'name="picture__kept" value="([^"]+)"', first.content.decode())
    assert "ist aufbewahrt" in first.content.decode()

    send_idea(client, picture__kept=reference.group(1), picture_alt="Die heiße Straße")

    idea = Idea.objects.get()
    assert idea.picture_alt == "Die heiße Straße"
    assert {r.image_format for r in idea.renditions} == {"webp", "jpeg"}


def test_send_idea_says_when_the_kept_photo_is_gone_instead_of_sending_without_it(
    client, time_machine
):
    time_machine.move_to(clock.now(), tick=False)
    first = send_idea(client, picture=picture_upload(), consent=None)
    reference = re.search(r'name="picture__kept" value="([^"]+)"', first.content.decode())
    time_machine.shift(timedelta(days=1, minutes=1))

    second = send_idea(client, picture__kept=reference.group(1), picture_alt="Die heiße Straße")

    body = second.content.decode()
    assert "Ihr Bild von vorhin ist nicht mehr aufbewahrt" in body
    assert 'href="#id_picture"' in body
    assert 'value="Mehr Bäume an der Westerfilder Straße"' in body
    assert not Idea.objects.exists()
    send_idea(client, picture_alt="")  # sent again without a picture: that is the resident's choice
    assert Idea.objects.get().picture.name == ""


def test_send_idea_refuses_a_file_that_is_no_picture(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("foto.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = send_idea(client, picture=fake, picture_alt="Foto")

    assert "kein Bild, das wir lesen können" in response.content.decode()
    assert Idea.objects.count() == 0


def test_send_same_idea_twice_stores_it_once(client):
    send_idea(client)
    topic = Idea.objects.get().topic
    second = send_idea(client, topic=topic)

    assert Idea.objects.count() == 1
    assert second["Location"].startswith(f"/ideen/meine/{Idea.objects.get().token}/")


def test_send_many_ideas_from_one_address_is_refused_with_a_clear_message(client, settings):
    settings.IDEAS_PER_PERSON_AND_DAY = 2
    topic = TopicFactory()
    for number in range(2):
        send_idea(client, topic=topic, title=f"Idee {number}")

    response = send_idea(client, topic=topic, title="Idee 3")

    assert response.status_code == 429
    assert "kamen heute schon mehrere Ideen" in response.content.decode()
    assert Idea.objects.count() == 2


def test_send_idea_with_a_forged_topic_is_a_form_error(client):
    response = send_idea(client, topic=TopicFactory(is_active=False))

    assert "Bitte wählen Sie ein Thema aus der Liste." in response.content.decode()


def test_private_link_with_a_wrong_secret_finds_nothing(client):
    idea = IdeaFactory()

    assert client.get(f"/ideen/meine/{idea.key}{'x' * 32}/").status_code == 404
    assert client.get(f"/ideen/meine/{idea.token}/").status_code == 200


# ---------------------------------------------------------------- the public pages


def test_list_shows_published_ideas_by_status_and_topic():
    green = TopicFactory(name="Grün", slug="gruen")
    IdeaFactory(title="Öffentlich und grün", topic=green, published=True)
    IdeaFactory(title="Aufgegriffen", published=True, status=IdeaStatus.TAKEN_UP)
    IdeaFactory(title="Noch nicht gelesen")

    everything = Client().get("/ideen/").content.decode()
    green_only = Client().get("/ideen/?thema=gruen").content.decode()
    taken_up = Client().get("/ideen/?stand=aufgegriffen").content.decode()

    assert "Öffentlich und grün" in everything
    assert "Aufgegriffen" in everything
    assert "Noch nicht gelesen" not in everything
    assert "Aufgegriffen" not in green_only.split('<ol class="idea-list">')[1]
    assert "Öffentlich und grün" not in taken_up
    assert Client().get("/ideen/?stand=erfunden").status_code == 404


@pytest.mark.parametrize("count", [1, 45])
def test_list_makes_the_same_queries_for_few_and_many_ideas(count, django_assert_max_num_queries):
    topic = TopicFactory()
    for _ in range(count):
        IdeaFactory(topic=topic, published=True, support_count=3)

    with django_assert_max_num_queries(MAX_QUERIES_PER_PAGE):
        response = Client().get("/ideen/?seite=2" if count > 20 else "/ideen/")
    assert "3 Unterstützungen" in response.content.decode()


def test_idea_page_shows_answer_dated_steps_and_the_event_that_came_of_it():
    event = AnnouncementFactory(
        title="Pflanzaktion am Samstag",
        event_start=clock.now() + timedelta(days=5),
        event_end=clock.now() + timedelta(days=5, hours=2),
        event_place="Spielplatz",
    )
    idea = IdeaFactory(published=True, answer="Gute Idee, wir machen mit.", edited_by_office=True)
    lifecycle.idea_transition(idea=idea, to=IdeaStatus.TAKEN_UP, announcement=event, note="Los!")

    page = Client().get(f"/ideen/{idea.pk}/").content.decode()

    assert "Gute Idee, wir machen mit." in page
    assert "Bearbeitet vom Büro" in page
    assert "aufgegriffen" in page
    assert "Los!" in page
    assert f'href="{event.get_absolute_url()}"' in page
    assert "idee@example.org" not in page


def test_idea_page_marks_the_residents_language():
    idea = IdeaFactory(published=True, title="Bir takas rafı", language="tr")

    page = Client().get(f"/ideen/{idea.pk}/").content.decode()

    assert '<h1 lang="tr" dir="ltr">Bir takas rafı</h1>' in page


def test_list_shows_the_share_of_ideas_answered_in_time():
    IdeaFactory(published=True, answered_at=clock.now(), answered_in_time=True)
    IdeaFactory(
        published=True,
        answer_due_on=clock.today() - timedelta(days=1),
    )

    page = Client().get("/ideen/").content.decode()

    assert "1 von 2 Ideen haben rechtzeitig eine Antwort bekommen (50 %)" in page


# ---------------------------------------------------------------- supporting an idea


def test_support_counts_only_after_the_confirmation_post(
    client, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(published=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/ideen/{idea.pk}/unterstuetzen/", {"email": "ben@example.org", "consent": "on"}
        )
    assert response["Location"] == f"/ideen/{idea.pk}/unterstuetzen/danke/"
    (message,) = mail.outbox
    link = link_in(message, "/ideen/unterstuetzung/")

    scanner = Client().get(link)
    idea.refresh_from_db()
    assert idea.support_count == 0  # a mail scanner opened it: nothing counted
    assert "Ja, ich unterstütze das" in scanner.content.decode()

    done = Client().post(link)
    again = Client().post(link)
    idea.refresh_from_db()
    assert "Danke für Ihre Unterstützung" in done.content.decode()
    assert "schon gezählt" in again.content.decode()
    assert idea.support_count == 1
    assert "1 Person unterstützt diese Idee" in Client().get(f"/ideen/{idea.pk}/").content.decode()


def test_support_again_with_the_same_address_counts_once(django_capture_on_commit_callbacks):
    idea = IdeaFactory(published=True)
    with django_capture_on_commit_callbacks(execute=True):
        supports.support_request(idea=idea, email="ben@example.org", language="de")
    support = Support.objects.get()
    supports.support_confirm(key=support.key)

    with django_capture_on_commit_callbacks(execute=True):
        supports.support_request(idea=idea, email=" BEN@example.org ", language="de")

    idea.refresh_from_db()
    assert Support.objects.count() == 1
    assert idea.support_count == 1
    assert "unterstützen Sie die Idee" in mail.outbox[-1].body
    assert "ben@example.org" not in str(Support.objects.values().get())


def test_support_link_forged_is_a_clear_german_error(client):
    response = client.get("/ideen/unterstuetzung/abcdefghijklmnopqrstuvwxyz.abc/")

    assert response.status_code == 404
    assert "Dieser Link gilt nicht (mehr)" in response.content.decode()


def test_support_form_without_consent_keeps_the_address(client):
    idea = IdeaFactory(published=True)

    response = client.post(f"/ideen/{idea.pk}/unterstuetzen/", {"email": "ben@example.org"})

    assert "Bitte stimmen Sie zu" in response.content.decode()
    assert 'value="ben@example.org"' in response.content.decode()
    assert Support.objects.count() == 0


def test_closed_idea_takes_no_more_support(client):
    idea = IdeaFactory(published=True, status=IdeaStatus.DONE)

    response = client.get(f"/ideen/{idea.pk}/unterstuetzen/")

    assert "Diese Idee ist abgeschlossen" in response.content.decode()


# ---------------------------------------------------------------- feeds, Leichte Sprache


def test_feeds_list_new_and_answered_ideas_without_addresses():
    IdeaFactory(published=True, title="Neue Idee")
    IdeaFactory(
        published=True, title="Beantwortet", answer="Wir prüfen das.", answered_at=clock.now()
    )
    IdeaFactory(title="Geheim")

    new = Client().get("/ideen/feed/").content.decode()
    answered = Client().get("/ideen/feed/antworten/").content.decode()

    assert "Neue Idee" in new
    assert "Beantwortet" in new
    assert "Geheim" not in new
    assert "Wir prüfen das." in answered
    assert "Neue Idee" not in answered
    assert "example.org" not in new + answered


def test_easy_read_page_explains_how_to_send_an_idea():
    page = Client().get("/en/ideen/so-gehts/").content.decode()

    assert "So schicken Sie uns eine Idee" in page
    assert 'href="/ideen/neu/"' in page


def test_demo_has_ideas_in_every_status_with_answers(demo_data):
    published = Idea.objects.published()

    assert {idea.status for idea in Idea.objects.all()} == set(IdeaStatus.values)
    assert published.exclude(answer="").count() >= 4
    assert published.filter(announcement__isnull=False).exists()
    assert Idea.objects.filter(published_at__isnull=True).exists()


def test_sitemap_lists_published_ideas_only():
    shown = IdeaFactory(published=True)
    hidden = IdeaFactory()

    sitemap = Client().get("/sitemap.xml").content.decode()

    assert f"/ideen/{shown.pk}/" in sitemap
    assert f"/ideen/{hidden.pk}/" not in sitemap
    assert "/ideen/so-gehts/" in sitemap


def test_topics_read_in_the_page_language_and_german_names_are_marked(client):
    green = TopicFactory(name="Grün", slug="gruen", name_ar="المساحات الخضراء")
    traffic = TopicFactory(name="Verkehr", slug="verkehr")
    IdeaFactory(published=True, topic=green)
    idea = IdeaFactory(published=True, topic=traffic)

    listing = client.get("/ar/ideen/").content.decode()
    detail = client.get(f"/ar/ideen/{idea.pk}/").content.decode()
    form = client.get("/ar/ideen/neu/").content.decode()

    assert "<span>المساحات الخضراء</span>" in listing
    assert 'lang="de" dir="ltr">Verkehr</a>' in listing  # the topic filter, German only
    assert '<span lang="de" dir="ltr">Verkehr</span>' in listing
    assert '<dd lang="de" dir="ltr">Verkehr</dd>' in detail
    assert ">المساحات الخضراء</option>" in form
    assert "Grün" not in listing


def test_list_pages_count_only_published_ideas_with_and_without_a_filter(
    client, django_assert_num_queries
):
    green = TopicFactory(name="Grün", slug="gruen")
    IdeaFactory.create_batch(21, published=True, topic=green)
    IdeaFactory.create_batch(3, published=True)
    IdeaFactory.create_batch(5)  # not published yet

    with django_assert_num_queries(3):  # topics; the promise with the count; one page
        everything = client.get("/ideen/").content.decode()
    green_only = client.get("/ideen/?thema=gruen").content.decode()
    last_page = client.get("/ideen/?seite=2").content.decode()

    assert "Seite 1 von 2" in everything
    assert "Seite 1 von 2" in green_only
    assert last_page.count('class="idea-card"') == 4
