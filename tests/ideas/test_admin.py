"""Staff side of Anregungen und Ideen: publish with an answer, answer privately, change the
status with a link, invite to the Stadtteilfonds, "Heute zu tun", Auskunft and erasure."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client

from quartier.accounts.roles import COORDINATORS, FUND_TEAM, OFFICE_STAFF
from quartier.core import clock
from quartier.ideas.enums import IdeaStatus
from quartier.ideas.models import Idea, Support, Topic
from quartier.ideas.services import erasure, invitations, supports
from quartier.staff_today import staff_today
from tests.factories import AnnouncementFactory, FundFactory
from tests.ideas.factories import IdeaFactory, TopicFactory

pytestmark = pytest.mark.django_db


def change_url(idea) -> str:
    return f"/admin/ideas/idea/{idea.pk}/change/"


def form_data(idea, **overrides) -> dict:
    data = {
        "title": idea.title,
        "text": idea.text,
        "topic": idea.topic_id,
        "place": idea.place,
        "language": idea.language,
        "picture_alt": idea.picture_alt,
        "answer": idea.answer,
        "answer_due_on": idea.answer_due_on.strftime("%d.%m.%Y"),
        "announcement": "",
        "funded_project": "",
        "new_status": "",
        "status_note": "",
        "new_private_answer": "",
        "status_changes-TOTAL_FORMS": "1",
        "status_changes-INITIAL_FORMS": "1",
        "status_changes-MIN_NUM_FORMS": "0",
        "status_changes-MAX_NUM_FORMS": "1000",
        "status_changes-0-id": str(idea.status_changes.get().pk),
        "status_changes-0-idea": str(idea.pk),
    }
    data.update(overrides)
    return data


@pytest.fixture
def coordinator(staff_client):
    return staff_client(role=COORDINATORS)


def test_changelist_and_change_form_open_for_coordinators(coordinator):
    idea = IdeaFactory(title="Bank am Spielplatz")
    TopicFactory(name="Verkehr")

    listing = coordinator.get("/admin/ideas/idea/").content.decode()
    form = coordinator.get(change_url(idea)).content.decode()
    topics = coordinator.get("/admin/ideas/topic/").content.decode()
    topic_form = coordinator.get(f"/admin/ideas/topic/{Topic.objects.first().pk}/change/")

    assert "Bank am Spielplatz" in listing
    assert 'href="/admin/ideas/idea/auskunft/"' in listing
    assert "Jetzt veröffentlichen" in form
    assert "Antwort per E-Mail an die Person" in form
    assert "idee@example.org" in form
    assert "Verkehr" in topics
    assert topic_form.status_code == 200


@pytest.mark.parametrize("role", [OFFICE_STAFF, FUND_TEAM])
def test_other_roles_do_not_see_ideas(staff_client, role):
    idea = IdeaFactory()
    client = staff_client(role=role)

    assert client.get("/admin/ideas/idea/").status_code == 403
    assert client.get(change_url(idea)).status_code == 403


def test_supports_have_no_admin_staff_see_only_the_count(coordinator):
    IdeaFactory(published=True, support_count=7)

    listing = coordinator.get("/admin/ideas/idea/").content.decode()

    assert coordinator.get("/admin/ideas/support/").status_code == 404
    assert ">7<" in listing


def test_publish_with_answer_makes_the_idea_public_and_mails_the_author(
    coordinator, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(text="Eine Bank. Der Nachbar Herr X ist schuld.")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            change_url(idea),
            form_data(
                idea,
                text="Eine Bank.",
                edited_by_office="on",
                publish="on",
                answer="Danke, wir prüfen das mit dem Grünflächenamt.",
                new_status=IdeaStatus.REVIEWING,
            ),
        )

    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.published_at is not None
    assert idea.answered_in_time is True
    assert idea.status == IdeaStatus.REVIEWING
    page = Client().get(f"/ideen/{idea.pk}/").content.decode()
    assert "Danke, wir prüfen das" in page
    assert "Bearbeitet vom Büro" in page
    assert "Herr X" not in page
    subjects = [message.subject for message in mail.outbox]
    assert any("jetzt öffentlich" in subject for subject in subjects)


def test_publish_is_not_offered_without_the_authors_consent(coordinator):
    idea = IdeaFactory(may_publish=False)

    form = coordinator.get(change_url(idea)).content.decode()

    assert "Jetzt veröffentlichen" not in form


def test_private_answer_goes_through_the_outbox_and_shows_on_the_private_page(
    coordinator, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(may_publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(
            change_url(idea),
            form_data(idea, new_private_answer="Das gehört zum Ordnungsamt; wir leiten es weiter."),
        )

    idea.refresh_from_db()
    (message,) = mail.outbox
    assert "Ordnungsamt" in message.body
    assert message.to == ["idee@example.org"]
    assert idea.answered_at is not None
    assert idea.published_at is None
    assert "Ordnungsamt" in Client().get(idea.get_private_url()).content.decode()


def test_taken_up_needs_a_link_and_then_shows_the_event(
    coordinator, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(published=True)
    event = AnnouncementFactory(
        title="Bank-Einweihung",
        event_start=clock.now() + timedelta(days=3),
        event_end=clock.now() + timedelta(days=3, hours=1),
        event_place="Spielplatz",
    )

    missing = coordinator.post(
        change_url(idea), form_data(idea, new_status=IdeaStatus.TAKEN_UP)
    ).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(
            change_url(idea),
            form_data(idea, new_status=IdeaStatus.TAKEN_UP, announcement=event.pk),
        )

    assert "Bitte wählen Sie, was aus der Idee geworden ist" in missing
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.TAKEN_UP
    assert idea.announcement == event
    assert "Neuer Stand" in mail.outbox[-1].subject
    assert "Bank-Einweihung" in Client().get(f"/ideen/{idea.pk}/").content.decode()


def test_not_possible_needs_a_reason(coordinator):
    idea = IdeaFactory(published=True)

    page = coordinator.post(
        change_url(idea), form_data(idea, new_status=IdeaStatus.NOT_POSSIBLE)
    ).content.decode()

    assert "warum die Idee nicht möglich ist" in page
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.RECEIVED


def test_invitation_leads_to_a_fund_draft_with_the_ideas_text(
    client, django_capture_on_commit_callbacks
):
    FundFactory()
    idea = IdeaFactory(title="Hochbeete im Hof", text="Drei Beete.", place="Innenhof")
    with django_capture_on_commit_callbacks(execute=True):
        invitations.idea_invite_to_fund(idea=idea)
    (message,) = mail.outbox
    link = re.search(r"https?://[^/]+(/ideen/meine/\S+/antrag/)", message.body).group(1)

    page = client.get(link)
    assert "Antrag beginnen" in page.content.decode()
    response = client.post(link)
    again = client.post(link)

    idea.refresh_from_db()
    draft = idea.fund_draft
    assert draft.data["steps"]["projekt"]["values"] == {
        "title": "Hochbeete im Hof",
        "summary": "Drei Beete.",
        "place": "Innenhof",
    }
    assert response["Location"] == f"/stadtteilfonds/antrag/{draft.token}/"
    assert again["Location"] == response["Location"]
    step = client.get(f"/stadtteilfonds/antrag/{draft.token}/projekt/").content.decode()
    assert 'value="Hochbeete im Hof"' in step


def test_fund_page_of_an_idea_without_invitation_is_not_found(client):
    idea = IdeaFactory()

    assert client.get(f"/ideen/meine/{idea.token}/antrag/").status_code == 404


def test_staff_today_counts_waiting_and_overdue_ideas(staff_client):
    coordinator = staff_client(role=COORDINATORS).user
    IdeaFactory()
    IdeaFactory(answer_due_on=clock.today() - timedelta(days=1))
    IdeaFactory(answered_at=clock.now())

    (section,) = [s for s in staff_today(coordinator) if s.title == "Anregungen und Ideen"]

    assert [line.count for line in section.lines] == [2, 1]
    assert "antwort=ueberfaellig" in section.lines[1].url


def test_subject_access_and_erasure_for_one_address(coordinator):
    unpublished = IdeaFactory(email="anna@example.org")
    published = IdeaFactory(email="anna@example.org", published=True, private_answer="Privat")
    other = IdeaFactory(published=True)
    supports.support_request(idea=other, email="anna@example.org", language="de")
    supports.support_confirm(key=Support.objects.get().key)

    report = coordinator.get("/admin/ideas/idea/auskunft/?email=anna@example.org")
    coordinator.post("/admin/ideas/idea/auskunft/", {"email": "Anna@example.org"})

    body = report.content.decode()
    assert unpublished.title in body
    assert "Privat" in body
    assert other.title in body
    assert not Idea.objects.filter(pk=unpublished.pk).exists()
    published.refresh_from_db()
    other.refresh_from_db()
    assert published.email == ""
    assert published.private_answer == ""
    assert Support.objects.count() == 0
    assert other.support_count == 1


def test_retention_blanks_contact_data_a_year_after_closing(settings):
    closed = IdeaFactory(
        published=True,
        status=IdeaStatus.DONE,
        closed_at=clock.now() - timedelta(days=settings.RETENTION_DAYS["ideas_closed"] + 1),
    )
    supports.Support.objects.create(
        idea=closed, email_hash="x" * 64, key="k" * 20, created_at=clock.now()
    )
    open_idea = IdeaFactory(published=True)

    erasure.retention_closed(clock.now())

    closed.refresh_from_db()
    open_idea.refresh_from_db()
    assert closed.email == ""
    assert closed.personal_data_erased_at is not None
    assert Support.objects.count() == 0
    assert open_idea.email == "idee@example.org"


def test_starting_an_application_without_an_open_fund_says_so(client):
    idea = IdeaFactory(fund_invited_at=clock.now())

    response = client.post(f"/ideen/meine/{idea.token}/antrag/")

    assert response.status_code == 409
    assert "Zurzeit nimmt der Stadtteilfonds keine Anträge an" in response.content.decode()
    idea.refresh_from_db()
    assert idea.fund_draft is None
