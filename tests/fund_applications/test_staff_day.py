"""The fund team's day without traps: "neu" for answers and reports with an email to
the team, the to-do lists, answers with files, session moves, "einsammeln" with reasons,
decisions before the session, "Angaben korrigieren", the jury pack as the jury page shows it
(and as PDF), the paid-out column and every budget year."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from post_office.models import Email

from fund_applications import services
from fund_applications.enums import ApplicationStatus, Decision
from fund_applications.models import Application, MessageAttachment, Payout
from quartier.accounts.roles import FUND_TEAM, JURY
from quartier.core import clock
from quartier.core.mail import TOPIC_HEADER
from tests.factories import (
    ApplicationFactory,
    JurySessionFactory,
    login_with_two_factors,
    staff_user,
)
from tests.fund_applications.conftest import PDF_BYTES, png_bytes
from tests.fund_applications.test_staff_admin import BASE, attach

S = ApplicationStatus


@pytest.fixture
def team(db):
    return staff_user(role=FUND_TEAM, username="fonds")


@pytest.fixture
def team_client(client, team):
    login_with_two_factors(client, team)
    return client


def ask(application, team):
    services.application_staff_transition(
        application=application, to_status=S.QUESTION, user=team, question="Wie viele Beete?"
    )


def outbox(subject_part: str) -> list[Email]:
    return [mail for mail in Email.objects.order_by("pk") if subject_part in mail.subject]


# ---------------------------------------------------------------- "neu" and the team's email


def test_answer_emails_the_team_and_is_new_until_the_team_opens_it(team_client, team, fund):
    application = ApplicationFactory(fund=fund, status=S.IN_REVIEW, title="Hochbeete")
    ask(application, team)

    services.application_answer_question(application=application, body="Drei Beete.")

    [notice] = outbox("Antwort zu Antrag")
    assert notice.to == ["qm@example.org"]
    assert notice.headers[TOPIC_HEADER] == "fund"
    assert "Drei Beete." in notice.message
    assert f"/admin/fund_applications/application/{application.pk}/change/" in notice.message
    assert list(Application.objects.needs_staff_attention()) == [application]
    listing = team_client.get(f"{BASE}/application/").content.decode()
    assert '<span class="fund-new">neu</span> Antwort' in listing
    todo = team_client.get(f"{BASE}/application/?zu_tun=neu").content.decode()
    assert "Hochbeete" in todo

    page = team_client.get(f"{BASE}/application/{application.pk}/change/").content.decode()

    assert "Die Antragsteller haben geantwortet." in page
    assert not Application.objects.needs_staff_attention().exists()
    again = team_client.get(f"{BASE}/application/").content.decode()
    assert "fund-new" not in again


def test_report_is_new_for_the_team(fund, team):
    application = ApplicationFactory(
        fund=fund, status=S.IN_PROGRESS, granted_amount=Decimal("200.00"), budget_year=2026
    )
    services.receipt_add(
        application=application,
        upload=SimpleUploadedFile("Beleg.pdf", PDF_BYTES),
        amount=Decimal("150.00"),
        cost_item=None,
    )

    services.report_submit(application=application, text="Es war schön.")

    assert list(Application.objects.needs_staff_attention()) == [application]
    assert outbox("Verwendungsnachweis zu Antrag")[-1].to == ["qm@example.org"]
    assert list(Application.objects.payout_due()) == [application]
    Payout.objects.create(
        application=application,
        amount=Decimal("200.00"),
        paid_on=dt.date(2026, 12, 1),
        recorded_at=clock.now(),
    )
    assert not Application.objects.payout_due().exists()


def test_team_address_setting_then_group_members(fund, team, settings):
    application = ApplicationFactory(fund=fund, status=S.IN_REVIEW)
    ask(application, team)
    settings.FUND_TEAM_EMAIL = "fonds@example.org"
    services.application_answer_question(application=application, body="Erste Antwort")
    assert outbox("Antwort zu Antrag")[-1].to == ["fonds@example.org"]

    settings.FUND_TEAM_EMAIL = ""
    fund.office.email = ""
    fund.office.save()
    team.email = "fatma@example.org"
    team.save()
    staff_user(role=FUND_TEAM, username="weg").__class__.objects.filter(username="weg").update(
        is_active=False, email="weg@example.org"
    )
    ask(application, team)
    services.application_answer_question(application=application, body="Zweite Antwort")
    assert outbox("Antwort zu Antrag")[-1].to == ["fatma@example.org"]


def test_to_do_querysets(fund):
    new = ApplicationFactory(fund=fund, status=S.SUBMITTED)
    ApplicationFactory(fund=fund, status=S.IN_REVIEW)
    overdue = ApplicationFactory(
        fund=fund,
        status=S.IN_PROGRESS,
        granted_amount=Decimal("100"),
        report_due_on=clock.today() - dt.timedelta(days=1),
    )
    ApplicationFactory(
        fund=fund,
        status=S.IN_PROGRESS,
        granted_amount=Decimal("100"),
        report_due_on=clock.today() + dt.timedelta(days=1),
    )

    assert list(Application.objects.new()) == [new]
    assert list(Application.objects.report_overdue()) == [overdue]


# ---------------------------------------------------------------- answers with files


def test_answer_with_files_on_the_status_page(client, team_client, team, fund):
    application = ApplicationFactory(fund=fund, status=S.IN_REVIEW)
    ask(application, team)
    url = application.get_status_url().rstrip("/") + "/antworten/"

    response = client.post(
        url,
        {
            "body": "Hier das Angebot.",
            "files": [
                SimpleUploadedFile("Angebot.pdf", PDF_BYTES),
                SimpleUploadedFile("Skizze.png", png_bytes()),
            ],
        },
    )

    assert response.status_code == 302
    files = list(MessageAttachment.objects.order_by("pk"))
    assert [f.original_name for f in files] == ["Angebot.pdf", "Skizze.png"]
    assert files[0].content_type == "application/pdf"
    status_page = client.get(application.get_status_url()).content.decode()
    assert "Angebot.pdf, Skizze.png" in status_page
    assert "Angebot.pdf, Skizze.png" in outbox("Antwort zu Antrag")[-1].message
    admin_page = team_client.get(f"{BASE}/application/{application.pk}/change/").content.decode()
    link = re.search(r'href="([^"]+/antwort/\d+/)">Angebot.pdf', admin_page).group(1)
    download = team_client.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_answer_with_a_disguised_file_stores_nothing_and_says_choose_again(client, team, fund):
    application = ApplicationFactory(fund=fund, status=S.IN_REVIEW)
    ask(application, team)
    url = application.get_status_url().rstrip("/") + "/antworten/"

    refused = client.post(
        url, {"body": "Anbei", "files": [SimpleUploadedFile("Angebot.pdf", b"MZ not a pdf")]}
    )
    missing_text = client.post(
        url, {"body": "", "files": [SimpleUploadedFile("Angebot.pdf", PDF_BYTES)]}
    )

    assert refused.status_code == 422
    html = refused.content.decode()
    assert 'href="#id_files"' in html
    assert "Bitte wählen Sie sie noch einmal aus." in html
    assert "Anbei" in html  # the text typed is kept
    assert "„Angebot.pdf“" in missing_text.content.decode()
    assert "noch einmal aus" in missing_text.content.decode()
    assert not MessageAttachment.objects.exists()
    application.refresh_from_db()
    assert application.status == S.QUESTION


# ---------------------------------------------------------------- sessions


def test_move_to_another_session_is_a_step_with_reason_timeline_and_email(team_client, fund):
    first = fund.jury_sessions.get()
    later = JurySessionFactory(fund=fund, starts_at=first.starts_at + dt.timedelta(days=60))
    application = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY, jury_session=first)
    change = team_client.get(f"{BASE}/application/{application.pk}/change/").content.decode()
    assert 'name="jury_session"' not in change  # no silent dropdown
    url = f"{BASE}/application/{application.pk}/sitzung-verschieben/"

    refused = team_client.post(url, {"jury_session": later.pk, "reason": ""})
    moved = team_client.post(url, {"jury_session": later.pk, "reason": "Zu viele Anträge"})

    assert refused.status_code == 422
    assert moved.status_code == 302
    application.refresh_from_db()
    assert application.jury_session == later
    entry = application.status_changes.get(event="sitzung")
    old_date = timezone.localtime(first.starts_at).strftime("%-d.")
    assert "Von der Sitzung am" in entry.comment
    assert "Zu viele Anträge" in entry.comment
    assert old_date in entry.comment
    [mail] = outbox("andere Jurysitzung")
    assert mail.to == ["anna@example.org"]
    assert "Die Jury entscheidet jetzt am" in mail.message
    assert timezone.localtime(later.starts_at).strftime("%Y") in mail.message
    page = team_client.get(f"{BASE}/application/{application.pk}/change/").content.decode()
    assert "Jurysitzung verschoben" in page


def test_collect_says_what_it_did_and_why_it_left_applications_out(team_client, fund):
    session = fund.jury_sessions.get()
    ready = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY, title="Kinderkino")
    checking = ApplicationFactory(fund=fund, status=S.IN_REVIEW, title="Hochbeete")

    response = team_client.post(f"{BASE}/jurysession/{session.pk}/sammeln/", follow=True)

    text = response.content.decode()
    assert (
        f"1 Antrag eingesammelt und per E-Mail über den Termin informiert. {ready.reference}"
        in text
    )
    assert f"Nicht eingesammelt: {checking.reference} „Hochbeete“ – noch in Prüfung." in text
    ready.refresh_from_db()
    assert ready.jury_session == session


def test_decision_before_the_session_asks_for_confirmation(team_client, fund):
    session = fund.jury_sessions.get()
    application = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY, jury_session=session)
    url = f"{BASE}/application/{application.pk}/schritt/abgelehnt/"
    data = {
        "action": "ausfuehren",
        "jury_session": session.pk,
        "reason": "Passt nicht.",
        "votes_for": "0",
        "votes_against": "5",
        "votes_abstain": "0",
    }

    refused = team_client.post(url, data)
    accepted = team_client.post(url, {**data, "early_confirmed": "on"})

    assert refused.status_code == 422
    assert 'href="#id_early_confirmed"' in refused.content.decode()
    assert "ist erst in" in refused.content.decode()
    assert accepted.status_code == 302
    application.refresh_from_db()
    assert application.status == S.REJECTED


def test_decision_on_the_session_day_needs_no_confirmation(fund, team):
    session = JurySessionFactory(fund=fund, starts_at=clock.now() - dt.timedelta(hours=1))
    application = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY, jury_session=session)

    services.application_decide(
        application=application,
        user=team,
        decision=Decision.REJECTED,
        jury_session=session,
        reason="Passt nicht.",
    )

    assert Application.objects.get(pk=application.pk).status == S.REJECTED


def test_deciding_never_moves_an_application_to_another_session_on_the_side(fund, team):
    from django.core.exceptions import ValidationError

    on_it = JurySessionFactory(fund=fund, starts_at=clock.now() - dt.timedelta(hours=1))
    other = JurySessionFactory(fund=fund, starts_at=clock.now() - dt.timedelta(hours=2))
    application = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY, jury_session=on_it)

    with pytest.raises(ValidationError) as refused:
        services.application_decide(
            application=application,
            user=team,
            decision=Decision.REJECTED,
            jury_session=other,
            reason="Passt nicht.",
        )

    assert "verschieben" in str(refused.value.message_dict["jury_session"])
    application.refresh_from_db()
    assert (application.status, application.jury_session) == (S.READY_FOR_JURY, on_it)


def test_the_decision_form_shows_the_session_the_application_is_on_as_fixed(team_client, fund):
    session = JurySessionFactory(fund=fund, starts_at=clock.now() - dt.timedelta(hours=1))
    JurySessionFactory(fund=fund, starts_at=clock.now() + dt.timedelta(days=30))
    application = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY, jury_session=session)

    page = team_client.get(f"{BASE}/application/{application.pk}/schritt/bewilligt/")

    assert page.status_code == 200
    field = page.context["form"]["jury_session"]
    assert field.field.disabled
    assert field.value() == session.pk


# ---------------------------------------------------------------- read-only and corrections


def test_applicant_data_are_read_only_and_corrected_with_reason_and_old_new_values(
    team_client, fund
):
    application = ApplicationFactory(fund=fund, status=S.IN_REVIEW, contact_name="Anna Alt")
    change_url = f"{BASE}/application/{application.pk}/change/"
    page = team_client.get(change_url).content.decode()
    assert 'name="contact_name"' not in page
    assert "Angaben korrigieren" in page
    url = f"{BASE}/application/{application.pk}/angaben-korrigieren/"
    form = team_client.get(url).context["form"]
    data = {name: form[name].value() for name in services.CORRECTABLE_FIELDS}
    data = {name: "" if value is None else value for name, value in data.items()}
    data["start_date"] = application.start_date.isoformat()
    data["end_date"] = application.end_date.isoformat()

    refused = team_client.post(url, {**data, "contact_name": "Anna Neu", "reason": ""})
    done = team_client.post(
        url, {**data, "contact_name": "Anna Neu", "phone": "0231 1", "reason": "Anruf"}
    )

    assert refused.status_code == 422
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.contact_name == "Anna Neu"
    entry = application.status_changes.get(event="korrektur")
    assert "Grund: Anruf" in entry.comment
    assert "Ansprechperson: „Anna Alt“ → „Anna Neu“" in entry.comment
    assert "Telefon:" in entry.comment
    page = team_client.get(change_url).content.decode()
    assert "Angaben korrigiert" in page
    assert "Ansprechperson: „Anna Alt“ → „Anna Neu“" in page


def test_timeline_shows_status_words_not_codes(team_client, team, fund):
    application = ApplicationFactory(fund=fund, status=S.SUBMITTED)
    services.application_staff_transition(application=application, to_status=S.IN_REVIEW, user=team)
    services.application_staff_transition(
        application=application, to_status=S.READY_FOR_JURY, user=team
    )

    page = team_client.get(f"{BASE}/application/{application.pk}/change/").content.decode()

    timeline = page.split("Verlauf", 1)[-1]
    assert "in Prüfung → bereit für Jury" in timeline
    assert "in_pruefung" not in timeline
    assert "bereit_fuer_jury" not in timeline.replace("schritt/bereit_fuer_jury", "")


# ---------------------------------------------------------------- jury


@pytest.fixture
def jury_client(client, db):
    login_with_two_factors(client, staff_user(role=JURY, username="jury"))
    return client


def test_jury_pack_shows_what_the_jury_page_shows_and_decisions(jury_client, fund, team):
    session = fund.jury_sessions.get()
    open_one = ApplicationFactory(
        fund=fund,
        status=S.READY_FOR_JURY,
        jury_session=session,
        applicant_type="verein",
        organisation_name="Gartenfreunde e.V.",
        title="Hochbeete",
    )
    decided = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY, jury_session=session)
    services.application_decide(
        application=decided,
        user=team,
        decision=Decision.APPROVED,
        jury_session=session,
        granted_amount=Decimal("250.00"),
        votes_for=7,
        votes_against=1,
        early_confirmed=True,
    )
    attach(open_one, name="Lageplan.png", content=png_bytes(), shared=True)

    detail = jury_client.get(f"{BASE}/application/{open_one.pk}/change/").content.decode()
    pack = jury_client.get(f"{BASE}/jurysession/{session.pk}/jurymappe/").content.decode()

    assert "Gartenfreunde" not in detail
    assert "Gartenfreunde" not in pack
    assert "Lageplan.png" in detail
    assert "Lageplan.png" in pack
    assert "Schon entschieden: bewilligt" in pack
    assert "250,00" in pack
    assert pack.count("☐ bewilligt") == 1  # only the open one has empty boxes


def test_jury_pack_pdf(jury_client, fund):
    session = fund.jury_sessions.get()
    ApplicationFactory(fund=fund, status=S.READY_FOR_JURY, jury_session=session)

    response = jury_client.get(f"{BASE}/jurysession/{session.pk}/jurymappe.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert len(response.content) > 2000


def decided_in(session, team, decision=Decision.REJECTED, **values):
    application = ApplicationFactory(
        fund=session.fund, status=S.READY_FOR_JURY, jury_session=session, **values
    )
    services.application_decide(
        application=application,
        user=team,
        decision=decision,
        jury_session=session,
        granted_amount=Decimal("250.00") if decision == Decision.APPROVED else None,
        reason="" if decision == Decision.APPROVED else "Nein",
        early_confirmed=True,
    )
    return application


def opens_a_page(client, link) -> bool:
    """The link opens a page: no 403 or 404, no redirect to "… existiert nicht"."""
    response = client.get(link, follow=True)
    if response.status_code != 200:
        return False
    return not response["Content-Type"].startswith("text/html") or (
        "existiert nicht" not in response.content.decode()
    )


def test_every_application_on_the_session_page_opens_for_the_jury(jury_client, fund, team):
    session = fund.jury_sessions.get()
    ready = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY, jury_session=session)
    decided = decided_in(session, team)

    page = jury_client.get(f"{BASE}/jurysession/{session.pk}/change/").content.decode()
    content = page.split('id="content"', 1)[-1]
    links = set(re.findall(r'href="(/admin/[^"#]*)"', content))

    assert f"/admin/fund_applications/application/{ready.pk}/change/" in links
    assert f"/admin/fund_applications/application/{decided.pk}/change/" in links
    for link in links:
        assert opens_a_page(jury_client, link), link


def test_a_link_to_an_application_decided_meanwhile_still_opens_for_the_jury(
    jury_client, fund, team
):
    # The session page on a phone during the session: opened while it waited, tapped after
    # the fund team entered the decision.
    session = fund.jury_sessions.get()
    application = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY, jury_session=session)
    page = jury_client.get(f"{BASE}/jurysession/{session.pk}/change/").content.decode()
    link = f"/admin/fund_applications/application/{application.pk}/change/"
    assert link in page
    services.application_decide(
        application=application,
        user=team,
        decision=Decision.APPROVED,
        jury_session=session,
        granted_amount=Decimal("250.00"),
        early_confirmed=True,
    )

    assert opens_a_page(jury_client, link)


def test_jury_reads_a_decided_application_read_only_without_contact_data(jury_client, fund, team):
    session = fund.jury_sessions.get()
    decided = decided_in(
        session,
        team,
        Decision.APPROVED,
        title="Hochbeete",
        contact_name="Karla Kontakt",
        email="karla@example.org",
        phone="0231 999",
    )
    Application.objects.filter(pk=decided.pk).update(status=S.IN_PROGRESS)

    detail = jury_client.get(f"{BASE}/application/{decided.pk}/change/").content.decode()
    listed = jury_client.get(f"{BASE}/application/?jury_session__id__exact={session.pk}")

    assert "Hochbeete" in detail
    assert "Hochbeete" in listed.content.decode()
    for personal in ["Karla", "karla@example.org", "0231 999", "Westerfilder Straße 1"]:
        assert personal not in detail, personal
    assert "schritt" not in detail  # no workflow buttons
    assert "auszahlung" not in detail
    assert "/history/" not in detail
    assert jury_client.post(f"{BASE}/application/{decided.pk}/change/", {}).status_code == 403


def test_jury_still_reads_only_what_the_jury_gets(jury_client, fund, team):
    session = fund.jury_sessions.get()
    in_review = ApplicationFactory(fund=fund, status=S.IN_REVIEW, jury_session=session)
    not_on_a_session = ApplicationFactory(fund=fund, status=S.IN_PROGRESS)
    withdrawn = decided_in(session, team, Decision.APPROVED)
    services.application_staff_transition(application=withdrawn, to_status=S.WITHDRAWN, user=team)

    page = jury_client.get(f"{BASE}/jurysession/{session.pk}/change/").content.decode()

    for application in [in_review, not_on_a_session, withdrawn]:
        link = f"/admin/fund_applications/application/{application.pk}/change/"
        assert link not in page
        assert not opens_a_page(jury_client, link)


# ---------------------------------------------------------------- export and budget years


def test_csv_has_the_paid_out_amount(team_client, fund, team):
    application = ApplicationFactory(
        fund=fund, status=S.IN_PROGRESS, granted_amount=Decimal("300.00"), budget_year=2026
    )
    for amount in ["100.00", "50.50"]:
        services.application_record_payout(
            application=application,
            user=team,
            amount=Decimal(amount),
            paid_on=dt.date(2026, 11, 2),
        )

    response = team_client.get(f"{BASE}/application/export/csv/")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    column = rows[0].index("Ausgezahlt (€)")
    assert rows[1][column] == "150,50"


def test_fund_page_shows_every_year_with_sessions_or_grants(team_client, fund):
    JurySessionFactory(
        fund=fund,
        starts_at=timezone.make_aware(dt.datetime(2028, 3, 1, 18)),
        submission_deadline=dt.date(2028, 2, 1),
    )
    ApplicationFactory(fund=fund, status=S.CLOSED, granted_amount=Decimal("10"), budget_year=2023)

    html = team_client.get(f"{BASE}/fund/{fund.pk}/change/").content.decode()

    for year in ["2028", "2027", "2026", "2023"]:
        assert f"Budget {year}" in html, year


# ---------------------------------------------------------------- Bewilligungsbescheid


def test_approval_email_points_to_the_notice_pdf_on_the_status_page(client, fund, team):
    session = fund.jury_sessions.get()
    application = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY, jury_session=session)
    services.application_decide(
        application=application,
        user=team,
        decision=Decision.APPROVED,
        jury_session=session,
        granted_amount=Decimal("250.00"),
        votes_for=7,
        early_confirmed=True,
    )
    notice_url = application.get_status_url() + "bewilligungsbescheid.pdf"

    [mail] = outbox("Bewilligt:")
    page = client.get(application.get_status_url()).content.decode()
    response = client.get(notice_url)

    assert "Bewilligungsbescheid laden Sie als PDF über Ihren persönlichen Link" in mail.message
    assert application.get_status_url() in mail.message
    assert notice_url in page
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_no_notice_before_a_grant(client, fund):
    application = ApplicationFactory(fund=fund, status=S.IN_REVIEW)

    response = client.get(application.get_status_url() + "bewilligungsbescheid.pdf")

    assert response.status_code == 404


def test_making_a_pdf_leaves_the_picture_checks_strict():
    from PIL import ImageFile

    from fund_applications import pdf

    body = pdf.render_pdf(
        "fund_applications/emails/team_notice.txt", {}, stylesheet="css/approval-notice.css"
    )

    assert body.startswith(b"%PDF-")

    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_answer_files_are_in_the_subject_access_report_and_erased_with_the_data(
    fund, team, django_capture_on_commit_callbacks
):
    from fund_applications import services
    from fund_applications.storage import private_storage

    application = ApplicationFactory(fund=fund, status=S.IN_REVIEW)
    ask(application, team)
    services.application_answer_question(
        application=application,
        body="Anbei",
        files=[SimpleUploadedFile("Angebot.pdf", PDF_BYTES)],
    )
    stored = MessageAttachment.objects.get()

    report = services.subject_access_report(application.reference)
    with_files = [m for m in report["applications"][0]["messages"] if m["files"]]
    assert with_files[0]["files"][0]["name"] == "Angebot.pdf"

    with django_capture_on_commit_callbacks(execute=True):
        services.application_anonymise(application=application)

    assert not MessageAttachment.objects.exists()
    assert not private_storage.exists(stored.file.name)
