"""Staff side of Neuigkeiten per E-Mail: Koordination composes, previews, tests and sends an
issue; suppresses addresses; answers an Auskunft. Other roles see none of it."""

import pytest
from django.core import mail

from quartier.accounts.roles import COORDINATORS, FUND_TEAM, OFFICE_STAFF
from quartier.newsletter.enums import IssueStatus, SuppressionReason
from quartier.newsletter.models import NewsletterIssue, SuppressedAddress
from tests.factories import (
    NewsletterIssueFactory,
    NewsletterSubscriberFactory,
    OfficeFactory,
    login_with_two_factors,
    staff_user,
)

pytestmark = pytest.mark.django_db

ISSUES = "/admin/newsletter/newsletterissue/"
SUBSCRIBERS = "/admin/newsletter/newslettersubscriber/"


@pytest.fixture
def coordinator(client):
    user = staff_user(role=COORDINATORS, username="koord")
    login_with_two_factors(client, user)
    return user


@pytest.mark.parametrize(
    "url",
    [
        ISSUES,
        ISSUES + "add/",
        ISSUES + "{issue}/change/",
        ISSUES + "{issue}/vorschau/",
        ISSUES + "{issue}/senden/",
        SUBSCRIBERS,
        SUBSCRIBERS + "{subscriber}/change/",
        SUBSCRIBERS + "auskunft/?email=leser@example.org",
        "/admin/newsletter/suppressedaddress/",
        "/admin/newsletter/suppressedaddress/add/",
    ],
)
def test_every_newsletter_admin_page_opens_for_koordination(client, coordinator, url):
    issue = NewsletterIssueFactory()
    subscriber = NewsletterSubscriberFactory(email="leser@example.org")
    response = client.get(url.format(issue=issue.pk, subscriber=subscriber.pk))
    assert response.status_code == 200, url
    assert "Neuigkeiten" in response.content.decode() or "Ausgabe" in response.content.decode()


@pytest.mark.parametrize("role", [OFFICE_STAFF, FUND_TEAM])
def test_other_roles_cannot_open_the_newsletter_admin(client, role):
    login_with_two_factors(client, staff_user(role=role, offices=[OfficeFactory()]))
    issue = NewsletterIssueFactory()
    for url in [ISSUES, SUBSCRIBERS, ISSUES + f"{issue.pk}/vorschau/"]:
        assert client.get(url).status_code in {403, 302}, url
    assert client.post(ISSUES + f"{issue.pk}/senden/").status_code in {403, 302}
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT


def test_koordination_composes_previews_and_sends_an_issue_once(
    client, coordinator, django_capture_on_commit_callbacks
):
    office = OfficeFactory(short_name="Jobcenter")
    reader = NewsletterSubscriberFactory(events=False, offices=[office])
    response = client.post(
        ISSUES + "add/",
        {
            "subject": "Neue Sprechzeiten",
            "body": "Ab Montag **länger** geöffnet.",
            "offices": [office.pk],
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    issue = NewsletterIssue.objects.get()
    assert issue.created_by == coordinator

    preview = client.get(ISSUES + f"{issue.pk}/vorschau/").content.decode()
    assert "vorschau/de.html" in preview
    frame = client.get(ISSUES + f"{issue.pk}/vorschau/de.html")
    assert "<strong>länger</strong>" in frame.content.decode()
    assert "frame-ancestors 'self'" in frame["Content-Security-Policy"]
    assert "Ab Montag **länger** geöffnet." in preview  # the plain-text part
    assert "1 bestätigte Adresse" in preview
    assert mail.outbox == []

    confirm_page = client.get(ISSUES + f"{issue.pk}/senden/")
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT  # GET only asks
    assert "geht an 1 bestätigte Adresse" in confirm_page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(ISSUES + f"{issue.pk}/senden/")
        again = client.post(ISSUES + f"{issue.pk}/senden/", follow=True)

    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    assert [m.to for m in mail.outbox] == [[reader.email]]
    assert "schon versandt" in again.content.decode()
    # A sent issue cannot be edited any more.
    form = client.get(ISSUES + f"{issue.pk}/change/").content.decode()
    assert 'name="subject"' not in form


def test_an_issue_without_any_topic_is_refused(client, coordinator):
    response = client.post(
        ISSUES + "add/",
        {
            "subject": "Für niemanden",
            "body": "Text",
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "mindestens ein Thema" in response.content.decode()
    assert not NewsletterIssue.objects.exists()


def test_test_send_goes_to_the_staff_members_own_address(
    client, coordinator, django_capture_on_commit_callbacks
):
    NewsletterSubscriberFactory()
    issue = NewsletterIssueFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ISSUES + f"{issue.pk}/test-senden/", follow=True)

    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert mail.outbox[0].subject == "[Test] Sommerfest im Quartier"
    assert "Die Test-E-Mail geht an" in response.content.decode()
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT
    # GET sends nothing.
    client.get(ISSUES + f"{issue.pk}/test-senden/")
    assert len(mail.outbox) == 1


def test_suppress_action_asks_for_a_reason_and_blocks_the_address(
    client, coordinator, django_capture_on_commit_callbacks
):
    subscriber = NewsletterSubscriberFactory(email="zurueck@example.org")
    data = {"action": "suppress", "_selected_action": [subscriber.pk]}
    asked = client.post(SUBSCRIBERS, data)
    assert "Grund" in asked.content.decode()
    assert not SuppressedAddress.objects.exists()

    client.post(SUBSCRIBERS, {**data, "reason": SuppressionReason.BOUNCE, "note": "3 Bounces"})

    blocked = SuppressedAddress.objects.get()
    assert (blocked.email, blocked.reason, blocked.created_by) == (
        "zurueck@example.org",
        SuppressionReason.BOUNCE,
        coordinator,
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ISSUES + f"{NewsletterIssueFactory().pk}/senden/")
    assert mail.outbox == []


def test_auskunft_shows_and_downloads_the_subscribers_data(client, coordinator):
    NewsletterSubscriberFactory(email="anna@example.org", language="tr")
    page = client.get(SUBSCRIBERS + "auskunft/?email=anna@example.org").content.decode()
    assert "&quot;language&quot;: &quot;tr&quot;" in page
    download = client.get(SUBSCRIBERS + "auskunft/?email=anna@example.org&format=json")
    assert download.json()["subscription"]["language"] == "tr"
    nothing = client.get(SUBSCRIBERS + "auskunft/?email=niemand@example.org").content.decode()
    assert "Zu dieser Angabe ist nichts gespeichert." in nothing
