"""The Jurymappe as PDF is made once per change of what it shows: a second download comes from
the shared cache, and a change to an application, a decision, a released file or the budget
makes a new one at once."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from fund_applications import pdf, services
from fund_applications.enums import ApplicationStatus, Decision, MessageSender
from fund_applications.models import ApplicationMessage, FundBudget, MessageAttachment
from quartier.accounts.roles import FUND_TEAM, JURY
from tests.factories import ApplicationFactory, login_with_two_factors, staff_user
from tests.fund_applications.conftest import PDF_BYTES
from tests.fund_applications.test_staff_admin import BASE, attach

S = ApplicationStatus


@pytest.fixture
def team(db):
    return staff_user(role=FUND_TEAM, username="fonds")


@pytest.fixture
def jury_client(client, db):
    login_with_two_factors(client, staff_user(role=JURY, username="jury"))
    return client


@pytest.fixture
def pdfs_made(monkeypatch):
    """Counts the PDFs WeasyPrint makes; each is still made for real."""
    made = []
    real = pdf.render_pdf

    def counting(*args, **kwargs):
        made.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf, "render_pdf", counting)
    return made


@pytest.fixture
def session(fund):
    return fund.jury_sessions.get()


@pytest.fixture
def ready(fund, session):
    return ApplicationFactory(
        fund=fund, status=S.READY_FOR_JURY, jury_session=session, title="Hochbeete"
    )


def download(client, session) -> bytes:
    response = client.get(f"{BASE}/jurysession/{session.pk}/jurymappe.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]  # the browser keeps no copy
    return response.content


def test_second_download_makes_no_new_pdf(jury_client, session, ready, pdfs_made):
    first = download(jury_client, session)
    second = download(jury_client, session)

    assert len(pdfs_made) == 1
    assert second == first
    assert first.startswith(b"%PDF-")


def test_the_pack_as_a_page_shows_a_change_after_a_download(
    jury_client, session, ready, team, pdfs_made
):
    download(jury_client, session)
    _correct_title(ready, team)

    html = jury_client.get(f"{BASE}/jurysession/{session.pk}/jurymappe/").content.decode()

    assert "Hochbeete im Hof" in html


def _correct_title(ready, team):
    services.application_correct(
        application=ready, user=team, reason="Tippfehler", values={"title": "Hochbeete im Hof"}
    )


def _decide(ready, team):
    services.application_decide(
        application=ready,
        user=team,
        decision=Decision.APPROVED,
        jury_session=ready.jury_session,
        granted_amount=Decimal("250.00"),
        votes_for=7,
        votes_against=1,
        early_confirmed=True,
    )


def _release_attachment(ready, team):
    attachment = ready.attachments.get()
    attachment.shared_with_jury = True
    attachment.save()


def _release_answer_file(ready, team):
    message = ApplicationMessage.objects.create(
        application=ready,
        sender=MessageSender.APPLICANT,
        body="Hier die Skizze.",
        created_at=timezone.now(),
    )
    answer_file = MessageAttachment.objects.create(
        message=message,
        file=ContentFile(PDF_BYTES, name="Skizze.pdf"),
        original_name="Skizze.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
    )
    services.message_attachment_share(attachment=answer_file, shared=True)


def _change_budget(ready, team):
    FundBudget.objects.create(
        fund=ready.fund, year=services.decision_year(ready.jury_session), amount=Decimal("12345.00")
    )


@pytest.mark.parametrize(
    "change",
    [_correct_title, _decide, _release_attachment, _release_answer_file, _change_budget],
    ids=["application", "decision", "attachment", "answer-file", "budget"],
)
def test_a_change_makes_a_new_pdf_at_once(jury_client, session, ready, team, pdfs_made, change):
    attach(ready, name="Lageplan.pdf", shared=False)
    before = download(jury_client, session)

    change(ready, team)
    after = download(jury_client, session)
    again = download(jury_client, session)

    assert len(pdfs_made) == 2
    assert after != before
    assert again == after
