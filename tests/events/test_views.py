import re
from datetime import timedelta

import pytest
from django.core.cache import caches
from post_office.models import Email

from offices.enums import AnnouncementStatus
from offices.events.enums import SignupStatus
from offices.events.models import EventSignup
from quartier.core import clock
from tests.events.factories import EventSignupFactory, EventSignupSetupFactory
from tests.factories import AnnouncementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_pages():
    caches["pages"].clear()


def signup_url(setup):
    return f"/aktuelles/{setup.announcement.slug}/anmeldung/"


def form_data(**overrides):
    data = {
        "name": "Aylin Demir",
        "email": "aylin@example.org",
        "persons": "2",
        "privacy_consent": "on",
        "submission": "s" * 32,
    }
    data.update(overrides)
    return data


def test_event_page_shows_the_free_places_and_links_to_the_signup(client):
    setup = EventSignupSetupFactory(places=10)
    EventSignupFactory(setup=setup, persons=3)

    html = client.get(setup.announcement.get_absolute_url()).content.decode()

    assert "noch 7 Plätze frei" in html
    assert signup_url(setup) in html


def test_event_page_of_a_full_event_says_waiting_list(client):
    setup = EventSignupSetupFactory(places=2)
    EventSignupFactory(setup=setup, persons=2)
    EventSignupFactory(setup=setup, status=SignupStatus.WAITING)

    html = client.get(setup.announcement.get_absolute_url()).content.decode()

    assert "Ausgebucht – Warteliste" in html
    assert "Auf die Warteliste" in html


def test_event_list_says_which_events_take_sign_ups_and_how_many_places_are_left(client):
    open_event = EventSignupSetupFactory(places=10)
    EventSignupFactory(setup=open_event, persons=3)
    full_event = EventSignupSetupFactory(places=2)
    EventSignupFactory(setup=full_event, persons=2)
    closed_event = EventSignupSetupFactory(closed_early_at=clock.now())
    later_event = EventSignupSetupFactory(opens_at=clock.now() + timedelta(days=2))
    without_signup = AnnouncementFactory(event=True, title="Stadtteilfest für alle")

    items = _event_items(client.get("/veranstaltungen/").content.decode())

    assert "Mit Anmeldung: noch 7 Plätze frei" in items[open_event.announcement.title]
    assert "Mit Anmeldung: ausgebucht, Warteliste offen" in items[full_event.announcement.title]
    assert "Die Anmeldung ist geschlossen." in items[closed_event.announcement.title]
    assert "Mit Anmeldung ab " in items[later_event.announcement.title]
    assert "Anmeldung" not in items[without_signup.title]


def test_event_list_queries_do_not_grow_with_the_events_that_take_sign_ups(
    client, django_assert_num_queries
):
    EventSignupSetupFactory()
    client.get("/veranstaltungen/")
    caches["pages"].clear()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/veranstaltungen/")
    for setup in EventSignupSetupFactory.create_batch(8):
        EventSignupFactory.create_batch(3, setup=setup)
    caches["pages"].clear()
    with django_assert_num_queries(len(few)):
        client.get("/veranstaltungen/")


def _event_items(html: str) -> dict[str, str]:
    """Each event on the list by its title: the text of its entry."""
    items = {}
    for item in re.findall(r'<article class="event-item".*?</article>', html, re.S):
        text = " ".join(re.sub(r"<[^>]+>", " ", item).split())
        title = re.search(r'class="event-item__title"><a [^>]*>([^<]+)</a>', item).group(1)
        items[title.strip()] = text
    return items


def test_event_page_queries_do_not_grow_with_the_signups(client, django_assert_num_queries):
    setup = EventSignupSetupFactory(places=500)
    EventSignupFactory(setup=setup)
    url = setup.announcement.get_absolute_url()
    client.get(url)
    caches["pages"].clear()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    EventSignupFactory.create_batch(40, setup=setup)
    EventSignupFactory.create_batch(20, setup=setup, status=SignupStatus.WAITING)
    caches["pages"].clear()
    with django_assert_num_queries(len(few)):
        client.get(url)


def test_signup_page_queries_do_not_grow_with_the_signups(client, django_assert_num_queries):
    setup = EventSignupSetupFactory(places=500)
    EventSignupFactory(setup=setup)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(signup_url(setup))
    with CaptureQueriesContext(connection) as few:
        client.get(signup_url(setup))
    EventSignupFactory.create_batch(40, setup=setup)
    with django_assert_num_queries(len(few)):
        response = client.get(signup_url(setup))
    assert "noch 459 Plätze frei" in response.content.decode()


def test_signing_up_leads_to_the_private_page_and_queues_the_mail(client):
    setup = EventSignupSetupFactory(places=10)

    response = client.post(signup_url(setup), form_data(), follow=True)

    html = response.content.decode()
    assert "Sie sind angemeldet" in html
    assert "2 Plätze sind für Sie reserviert" in html
    signup = EventSignup.objects.get()
    assert response.redirect_chain[-1][0].startswith(signup.get_absolute_url())
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    email = Email.objects.get()
    assert signup.get_absolute_url() in email.message


def test_signup_errors_keep_what_was_typed_and_store_nothing(client):
    setup = EventSignupSetupFactory(max_persons=2)

    response = client.post(
        signup_url(setup), form_data(email="keine-adresse", persons="3", privacy_consent="")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Angaben" in html
    assert "name@beispiel.de" in html
    assert "höchstens 2 Personen" in html
    assert 'value="Aylin Demir"' in html
    assert not EventSignup.objects.exists()


def test_too_late_for_the_last_place_says_so_and_offers_the_waiting_list(client):
    setup = EventSignupSetupFactory(places=2)
    EventSignupFactory(setup=setup, persons=1)

    response = client.post(signup_url(setup), form_data(persons="2"))

    html = response.content.decode()
    assert response.status_code == 409
    assert "Gerade eben sind die Plätze vergeben worden" in html
    assert "Es ist nur noch 1 Platz frei" in html
    assert 'value="Aylin Demir"' in html
    assert EventSignup.objects.count() == 1

    response = client.post(
        signup_url(setup), form_data(persons="2", waiting_list="on"), follow=True
    )
    assert "Sie stehen auf der Warteliste" in response.content.decode()


def test_signup_for_a_past_event_is_refused_clearly(client, time_machine):
    setup = EventSignupSetupFactory()
    time_machine.move_to(setup.announcement.event_start + timedelta(minutes=5))

    response = client.post(signup_url(setup), form_data())

    assert response.status_code == 409
    assert "Die Anmeldung ist geschlossen" in response.content.decode()
    assert not EventSignup.objects.exists()


def test_signup_for_an_unknown_event_is_not_found(client):
    response = client.post("/aktuelles/gibt-es-nicht/anmeldung/", form_data())

    assert response.status_code == 404
    assert not EventSignup.objects.exists()


def test_repeated_submit_gives_one_signup(client):
    setup = EventSignupSetupFactory()

    first = client.post(signup_url(setup), form_data())
    second = client.post(signup_url(setup), form_data())

    assert first["Location"] == second["Location"]
    assert EventSignup.objects.count() == 1


def test_same_address_again_gets_a_clear_error(client):
    setup = EventSignupSetupFactory()
    client.post(signup_url(setup), form_data())

    response = client.post(signup_url(setup), form_data(submission="t" * 32))

    assert "Mit dieser E-Mail-Adresse ist schon jemand angemeldet" in response.content.decode()
    assert EventSignup.objects.count() == 1


def test_private_page_get_changes_nothing_and_cancel_is_a_post(client):
    setup = EventSignupSetupFactory(places=1)
    signup = EventSignupFactory(setup=setup)
    waiting = EventSignupFactory(setup=setup, status=SignupStatus.WAITING)
    cancel_url = signup.get_absolute_url() + "absagen/"

    client.get(signup.get_absolute_url())
    page = client.get(cancel_url).content.decode()
    signup.refresh_from_db()
    assert signup.status == SignupStatus.SIGNED_UP
    assert "Ja, absagen" in page

    response = client.post(cancel_url, follow=True)

    assert "Ihre Anmeldung ist abgesagt" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == SignupStatus.SIGNED_UP


def test_changing_persons_through_the_link(client):
    setup = EventSignupSetupFactory(places=3)
    signup = EventSignupFactory(setup=setup, persons=1)
    EventSignupFactory(setup=setup, persons=1)

    too_many = client.post(signup.get_absolute_url() + "personen/", {"persons": "3"})
    assert too_many.status_code == 409
    assert "nur noch 1 Platz frei" in too_many.content.decode()

    client.post(signup.get_absolute_url() + "personen/", {"persons": "2"})
    signup.refresh_from_db()
    assert signup.persons == 2


def test_a_forged_token_is_not_found(client):
    signup = EventSignupFactory()
    forged = signup.link_key + "x" * len(signup.link_secret)

    assert client.get(f"/meine-anmeldung/{forged}/").status_code == 404
    assert client.post(f"/meine-anmeldung/{forged}/absagen/").status_code == 404
    signup.refresh_from_db()
    assert signup.status == SignupStatus.SIGNED_UP


def test_calendar_file_has_the_event_and_no_contact_data(client):
    signup = EventSignupFactory(email="geheim@example.org", name="Geheimer Name")

    body = client.get(signup.get_absolute_url() + "kalender.ics").content.decode()

    assert "BEGIN:VEVENT" in body
    assert signup.setup.announcement.title in body
    assert "geheim@example.org" not in body
    assert "Geheimer Name" not in body


def test_easy_read_page_explains_signing_up(client):
    html = client.get("/leichte-sprache/anmeldung/").content.decode()

    assert "So melden Sie sich für eine Veranstaltung an" in html
    assert "Warte-Liste" in html


def test_signup_for_a_draft_event_is_not_found(client):
    setup = EventSignupSetupFactory(announcement__status=AnnouncementStatus.DRAFT)

    assert client.get(signup_url(setup)).status_code == 404
    assert client.post(signup_url(setup), form_data()).status_code == 404
    assert not EventSignup.objects.exists()
