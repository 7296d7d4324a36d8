"""Details of the fund team's pages: the decision preview after an error, German money and
dates in a payout row, the only fund preselected for a new jury session."""

from datetime import date
from decimal import Decimal

import pytest

from fund_applications.enums import ApplicationStatus
from fund_applications.models import Payout
from quartier.accounts.roles import FUND_TEAM
from tests.factories import ApplicationFactory, login_with_two_factors, staff_user

S = ApplicationStatus
BASE = "/admin/fund_applications"


@pytest.fixture
def team_client(client, db):
    login_with_two_factors(client, staff_user(role=FUND_TEAM, username="fonds"))
    return client


def test_the_decision_preview_keeps_the_typed_amount_after_an_error(team_client, fund):
    session = fund.jury_sessions.get()
    application = ApplicationFactory(
        fund=fund,
        status=S.READY_FOR_JURY,
        jury_session=session,
        total_cost=Decimal("500"),
        requested_amount=Decimal("500"),
    )
    url = f"{BASE}/application/{application.pk}/schritt/bewilligt/"

    # The votes are missing: the page comes back with the error and the preview.
    response = team_client.post(
        url, {"action": "ausfuehren", "jury_session": session.pk, "granted_amount": "400,00"}
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert "Bewilligter Betrag: 400,00\u00a0€" in page


def test_a_payout_reads_in_german_money_and_date(fund):
    application = ApplicationFactory(
        fund=fund, status=S.IN_PROGRESS, granted_amount=Decimal("400"), budget_year=2026
    )
    payout = Payout(application=application, amount=Decimal("400.00"), paid_on=date(2026, 12, 7))

    assert str(payout) == "400,00\u00a0€ (07.12.2026)"


def test_a_new_jury_session_belongs_to_the_only_fund(team_client, fund):
    response = team_client.get(f"{BASE}/jurysession/add/")

    assert response.context["adminform"].form.initial["fund"] == fund.pk


def test_a_corrected_title_and_a_public_title_reach_the_register_at_once(
    fund, time_machine, django_capture_on_commit_callbacks
):
    from django.test import Client
    from django.utils import timezone

    from fund_applications import services

    time_machine.move_to("2026-10-01 12:00:00+02:00", tick=False)
    application = ApplicationFactory(
        fund=fund,
        status=S.IN_PROGRESS,
        title="Hochbete im Hof",
        granted_amount=Decimal("300"),
        budget_year=2026,
        publication_consent_given_at=timezone.now(),
    )
    team = staff_user(role=FUND_TEAM, username="fonds")
    reader = Client()  # no cookies: the cached pages
    year_url = "/stadtteilfonds/gefoerderte-projekte/2026/"
    assert "Hochbete im Hof" in reader.get(year_url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.application_correct(
            application=application,
            user=team,
            reason="Tippfehler",
            values={"title": "Hochbeete im Hof"},
        )
    assert "Hochbeete im Hof" in reader.get(year_url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.application_correct(
            application=application,
            user=team,
            reason="Kürzer für die Website",
            values={"public_title": "Hochbeete"},
        )
    page = reader.get(year_url).content.decode()
    assert ">Hochbeete</a>" in page
    assert "Hochbeete im Hof" not in page


def test_a_file_sent_with_an_answer_can_be_released_to_the_jury(client, team_client, fund):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fund_applications import services
    from fund_applications.models import MessageAttachment
    from quartier.accounts.roles import JURY
    from tests.fund_applications.conftest import png_bytes

    session = fund.jury_sessions.get()
    application = ApplicationFactory(fund=fund, status=S.QUESTION, jury_session=session)
    services.application_answer_question(
        application=application,
        body="Hier die Skizze.",
        files=[SimpleUploadedFile("Skizze.png", png_bytes(), content_type="image/png")],
    )
    application.refresh_from_db()
    application.status = S.READY_FOR_JURY
    application.save()
    item = MessageAttachment.objects.get()
    change = team_client.get(f"{BASE}/application/{application.pk}/change/").content.decode()
    share_url = f"{BASE}/application/{application.pk}/antwort/{item.pk}/jury/"

    team_client.get(share_url)  # a GET changes nothing
    item.refresh_from_db()
    assert not item.shared_with_jury
    assert f'formaction="{share_url}"' in change
    team_client.post(share_url, {"jury": "ja"})
    item.refresh_from_db()
    assert item.shared_with_jury

    jury = client.__class__()
    login_with_two_factors(jury, staff_user(role=JURY, username="jury"))
    page = jury.get(f"{BASE}/application/{application.pk}/change/").content.decode()
    download = f"{BASE}/application/{application.pk}/antwort/{item.pk}/"
    pack = jury.get(f"{BASE}/jurysession/{session.pk}/jurymappe/").content.decode()
    assert download in page
    assert jury.get(download).status_code == 200
    assert "Skizze.png" in pack
