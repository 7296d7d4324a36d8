from django.core import mail

from quartier.models import AccessibilityFeedback

URL = "/barrierefreiheit/rueckmeldung/"


def test_feedback_is_stored_and_mailed_after_commit(
    client, db, settings, django_capture_on_commit_callbacks
):
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = "barrierefreiheit@example.org"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"message": "Der Kalender ist zu klein.", "page": "Start"})

    assert response.status_code == 302
    assert response["Location"] == "/barrierefreiheit/rueckmeldung/danke/"
    assert AccessibilityFeedback.objects.get().page == "Start"
    assert "Der Kalender ist zu klein." in mail.outbox[0].body


def test_feedback_without_message_shows_linked_error_and_keeps_input(client, db):
    response = client.post(URL, {"message": "", "page": "Sprechzeiten", "email": "kaputt"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_message"' in html
    assert 'href="#id_email"' in html
    assert 'value="Sprechzeiten"' in html
    assert 'value="kaputt"' in html
    assert not AccessibilityFeedback.objects.exists()


def test_feedback_honeypot_filled_is_not_stored(client, db):
    response = client.post(URL, {"message": "Spam", "homepage": "http://spam.example"})

    assert response.status_code == 200
    assert not AccessibilityFeedback.objects.exists()


def test_feedback_rate_limited_per_address(client, db, settings):
    settings.ACCESSIBILITY_FEEDBACK_RATE_LIMIT = 5
    for i in range(5):
        client.post(URL, {"message": f"Nr. {i}"}, REMOTE_ADDR="203.0.113.9")

    response = client.post(URL, {"message": "Nr. 6"}, REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 429
    assert "in einer Stunde" in response.content.decode()
    assert "Nr. 6" in response.content.decode()
    assert AccessibilityFeedback.objects.count() == 5


def test_feedback_mistakes_do_not_count_towards_the_limit(client, db):
    for _ in range(6):
        client.post(URL, {"message": ""}, REMOTE_ADDR="203.0.113.10")

    response = client.post(URL, {"message": "Endlich geklappt."}, REMOTE_ADDR="203.0.113.10")

    assert response.status_code == 302
    assert AccessibilityFeedback.objects.get().message == "Endlich geklappt."
