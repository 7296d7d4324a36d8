"""The fund team's admin pages: transition buttons, email preview, decisions, payouts, jury
sessions, exports and the statistic; and who may open which page (table-driven)."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from fund_applications import services
from fund_applications.enums import ApplicationStatus
from fund_applications.exports import safe_cell
from fund_applications.models import Application
from fund_applications.services import drafts
from quartier.accounts.roles import COORDINATORS, FUND_TEAM, JURY, OFFICE_STAFF
from quartier.core.private_links import mask_private_links
from tests.factories import (
    ApplicationFactory,
    CostItemFactory,
    OfficeFactory,
    UserFactory,
    login_with_two_factors,
    staff_user,
)
from tests.fund_applications.conftest import PDF_BYTES, png_bytes

S = ApplicationStatus
BASE = "/admin/fund_applications"


@pytest.fixture
def team(db):
    return staff_user(role=FUND_TEAM, username="fonds")


@pytest.fixture
def team_client(client, team):
    login_with_two_factors(client, team)
    return client


def attach(application, *, name="Angebot.pdf", content=PDF_BYTES, shared=False):
    draft = services.draft_create(fund=application.fund)
    services.draft_attachment_add(draft=draft, upload=SimpleUploadedFile(name, content))
    drafts._move_draft_attachments(draft=draft, application=application)
    attachment = application.attachments.get(original_name=name)
    attachment.shared_with_jury = shared
    attachment.save()
    return attachment


# ---------------------------------------------------------------- transition pages


def test_change_view_offers_exactly_the_allowed_steps_as_links(team_client, fund):
    application = ApplicationFactory(fund=fund, status=S.IN_REVIEW)

    html = team_client.get(f"{BASE}/application/{application.pk}/change/").content.decode()

    for to_status in ["rueckfrage", "bereit_fuer_jury", "abgelehnt", "zurueckgezogen"]:
        assert f"/{application.pk}/schritt/{to_status}/" in html, to_status
    assert f"/{application.pk}/schritt/bewilligt/" not in html
    assert "Rückfrage stellen" in html


def test_transition_page_previews_the_exact_email_with_personal_message(team_client, fund):
    application = ApplicationFactory(fund=fund, status=S.IN_REVIEW)
    url = f"{BASE}/application/{application.pk}/schritt/rueckfrage/"

    first = team_client.get(url)
    preview = team_client.post(
        url,
        {
            "action": "vorschau",
            "question": "Wie viele Beete sollen es werden?",
            "personal_message": "Schön, dass Sie vorbeigekommen sind.",
        },
    )

    html = preview.content.decode()
    assert first.status_code == 200
    assert "Rückfrage zu Ihrem Antrag" in first.content.decode()
    assert "Wie viele Beete sollen es werden?" in html
    assert "Schön, dass Sie vorbeigekommen sind." in html
    # The applicant's private link is masked: whoever reads it could act in their name.
    assert application.get_status_url() not in html
    assert mask_private_links(application.get_status_url()) in html
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW  # a preview changes nothing


def test_transition_sends_what_the_preview_showed(
    team_client, team, fund, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(fund=fund, status=S.IN_REVIEW)
    url = f"{BASE}/application/{application.pk}/schritt/rueckfrage/"
    data = {"question": "Wie viele Beete?", "personal_message": "Bis bald!", "comment": "intern"}
    preview = team_client.post(url, {**data, "action": "vorschau"}).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = team_client.post(url, {**data, "action": "ausfuehren"})

    application.refresh_from_db()
    change = application.status_changes.get()
    assert response.status_code == 302
    assert application.status == S.QUESTION
    assert (change.changed_by, change.comment) == (team, "intern")
    assert len(mailoutbox) == 1
    assert application.get_status_url() in mailoutbox[0].body  # the mail has the real link
    shown = preview.replace("&#x27;", "'").replace("&quot;", '"')
    for line in mailoutbox[0].body.splitlines():
        assert mask_private_links(line.strip()) in shown, line


def test_question_without_text_shows_error_summary_and_keeps_input(team_client, fund):
    application = ApplicationFactory(fund=fund, status=S.IN_REVIEW)

    response = team_client.post(
        f"{BASE}/application/{application.pk}/schritt/rueckfrage/",
        {"action": "ausfuehren", "question": "", "personal_message": "Bleibt stehen"},
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert 'href="#id_question"' in html
    assert "Ihre Frage an die Antragsteller – Bitte schreiben Sie Ihre Frage" in html
    assert "Bleibt stehen" in html
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW


def test_forbidden_step_page_says_so_and_post_changes_nothing(team_client, fund):
    application = ApplicationFactory(fund=fund, status=S.SUBMITTED)
    url = f"{BASE}/application/{application.pk}/schritt/abgeschlossen/"

    page = team_client.get(url)
    post = team_client.post(url, {"action": "ausfuehren"})

    assert "ist nicht erlaubt" in page.content.decode()
    assert post.status_code == 200
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_unknown_status_in_url_is_404(team_client, fund):
    application = ApplicationFactory(fund=fund)

    assert (
        team_client.get(f"{BASE}/application/{application.pk}/schritt/erfunden/").status_code == 404
    )


def test_approval_page_shows_budget_and_over_budget_needs_the_checkbox(team_client, fund):
    from fund_applications.models import FundBudget

    session = fund.jury_sessions.get()
    FundBudget.objects.create(fund=fund, year=session.starts_at.year, amount=Decimal("100.00"))
    application = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY, jury_session=session)
    url = f"{BASE}/application/{application.pk}/schritt/bewilligt/"
    data = {
        "action": "ausfuehren",
        "jury_session": session.pk,
        "granted_amount": "150,00",
        "votes_for": "8",
        "votes_against": "1",
        "votes_abstain": "0",
        "early_confirmed": "on",
    }

    page = team_client.get(url).content.decode()
    refused = team_client.post(url, data)
    accepted = team_client.post(url, {**data, "over_budget_confirmed": "on"})

    assert "Noch verfügbar" in page
    assert "100,00" in page
    assert refused.status_code == 422
    assert 'href="#id_over_budget_confirmed"' in refused.content.decode()
    assert accepted.status_code == 302
    application.refresh_from_db()
    assert application.granted_amount == Decimal("150.00")


def test_payout_page_records_payout_in_german_money(team_client, fund):
    application = ApplicationFactory(
        fund=fund, status=S.REPORT_SUBMITTED, granted_amount=Decimal("1234.50"), budget_year=2026
    )

    response = team_client.post(
        f"{BASE}/application/{application.pk}/auszahlung/",
        {"amount": "1.234,50", "paid_on": "2026-11-02", "note": "Überweisung"},
    )

    assert response.status_code == 302
    assert application.paid_out == Decimal("1234.50")


def test_jury_session_page_lists_applications_budget_and_collects(team_client, fund):
    session = fund.jury_sessions.get()
    ready = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY, title="Kinderkino")

    collected = team_client.post(f"{BASE}/jurysession/{session.pk}/sammeln/")
    html = team_client.get(f"{BASE}/jurysession/{session.pk}/change/").content.decode()

    assert collected.status_code == 302
    ready.refresh_from_db()
    assert ready.jury_session == session
    assert "Kinderkino" in html
    assert "Noch verfügbar" in html
    assert f"/{ready.pk}/schritt/bewilligt/" in html


def test_jury_pack_has_one_section_per_application_without_contact_data(team_client, fund):
    session = fund.jury_sessions.get()
    for title in ["Kinderkino", "Hochbeete"]:
        application = ApplicationFactory(
            fund=fund, status=S.READY_FOR_JURY, jury_session=session, title=title
        )
        CostItemFactory(application=application, description="Leinwand", amount=Decimal("120"))
    attach(application, name="Skizze.png", content=png_bytes())
    attach(application, name="Lageplan.png", content=png_bytes(), shared=True)

    response = team_client.get(f"{BASE}/jurysession/{session.pk}/jurymappe/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="pack-application"') == 2
    assert "Leinwand" in html
    assert "120,00" in html
    # As on the jury's application page: only files released for the jury, by name.
    assert "Lageplan.png" in html
    assert "Skizze.png" not in html
    assert "Eine weitere Anlage ist nur im Quartiersbüro einsehbar." in html
    assert "jury-pack.css" in html
    for personal in ["Anna Beispiel", "anna@example.org", "Westerfilder Straße 1"]:
        assert personal not in html


def test_fund_page_in_admin_shows_this_years_budget(team_client, fund):
    html = team_client.get(f"{BASE}/fund/{fund.pk}/change/").content.decode()

    assert "Bewilligt bisher" in html
    assert "35.000,00" in html


def sessions_days_ago(fund, *days: int) -> list:
    from datetime import timedelta

    from quartier.core import clock
    from tests.factories import JurySessionFactory

    return [
        JurySessionFactory(fund=fund, starts_at=clock.now() - timedelta(days=n)).pk for n in days
    ]


def test_fund_page_edits_coming_and_recent_jury_sessions_and_links_the_older(team_client, fund):
    coming = [*fund.jury_sessions.values_list("pk", flat=True)]
    recent = sessions_days_ago(fund, 10, 85)
    older = sessions_days_ago(fund, 95, 400, 800)

    page = team_client.get(f"{BASE}/fund/{fund.pk}/change/")

    sessions = next(
        formset
        for formset in page.context["inline_admin_formsets"]
        if formset.formset.model.__name__ == "JurySession"
    )
    assert {form.instance.pk for form in sessions.formset.initial_forms} == {*coming, *recent}
    html = page.content.decode()
    assert "3 ältere Jurysitzungen stehen in der Liste der Jurysitzungen" in html
    link = page.context["older_sessions_url"]
    assert f'href="{link.replace("&", "&amp;")}"' in html
    listed = team_client.get(link).context["cl"].result_list
    assert sorted(session.pk for session in listed) == sorted(older)


def test_fund_page_without_older_jury_sessions_has_no_link(team_client, fund):
    html = team_client.get(f"{BASE}/fund/{fund.pk}/change/").content.decode()

    assert "ältere Jurysitzung" not in html


def test_fund_page_saves_as_shown_and_leaves_older_sessions_alone(team_client, fund):
    from fund_applications.models import JurySession
    from tests.html_safety import post_form_values

    older = sessions_days_ago(fund, 200)[0]
    before = JurySession.objects.values().get(pk=older)
    url = f"{BASE}/fund/{fund.pk}/change/"
    values = post_form_values(team_client.get(url).content.decode())
    values["name"] = ["Stadtteilfonds neu"]

    response = team_client.post(url, values)

    assert response.status_code == 302
    fund.refresh_from_db()
    assert fund.name == "Stadtteilfonds neu"
    assert JurySession.objects.values().get(pk=older) == before
    assert fund.jury_sessions.count() == 2


# ---------------------------------------------------------------- exports


def test_csv_export_follows_the_changelist_filter_and_is_formula_safe(team_client, fund):
    ApplicationFactory(fund=fund, status=S.SUBMITTED, title='=HYPERLINK("evil")')
    ApplicationFactory(fund=fund, status=S.IN_REVIEW, title="Nicht gefiltert")

    response = team_client.get(f"{BASE}/application/export/csv/?status__exact=eingegangen")

    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert response["Content-Disposition"].startswith("attachment;")
    assert rows[0][0] == "Antragsnummer"
    assert len(rows) == 2
    assert rows[1][3] == '\'=HYPERLINK("evil")'
    assert rows[1][10] == "300,00"


def test_xlsx_export_has_numbers_and_no_formulas(team_client, fund):
    ApplicationFactory(fund=fund, title="+1+1")

    response = team_client.get(f"{BASE}/application/export/xlsx/")

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[1][3] == "'+1+1"
    assert rows[1][10] == 300


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+49 231", "'+49 231"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Hochbeete", "Hochbeete"),
        (Decimal("-5.00"), Decimal("-5.00")),
        (None, ""),
    ],
)
def test_safe_cell_quotes_what_a_spreadsheet_would_run(value, expected):
    assert safe_cell(value) == expected


def test_statistic_counts_projects_and_sums_per_goal_without_names(team_client, fund):
    nachbarschaft, umwelt, _kultur = fund.goals.all()
    for amount, goals in [("100.00", [nachbarschaft]), ("250.50", [nachbarschaft, umwelt])]:
        application = ApplicationFactory(
            fund=fund, status=S.APPROVED, granted_amount=Decimal(amount), budget_year=2026
        )
        application.goals.set(goals)
    ApplicationFactory(fund=fund, status=S.REJECTED, budget_year=None).goals.set([umwelt])

    page = team_client.get(f"{BASE}/application/statistik/?jahr=2026").content.decode()
    exported = team_client.get(f"{BASE}/application/statistik/?jahr=2026&format=csv")

    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["Ziel", "Geförderte Projekte", "Bewilligt (€)"],
        ["Nachbarschaft", "2", "350,50"],
        ["Umwelt", "1", "250,50"],
        ["Kultur", "0", "0,00"],
        ["Alle Projekte", "2", "350,50"],
    ]
    assert "350,50" in page
    assert "Anna Beispiel" not in page + exported.content.decode("utf-8-sig")


# ---------------------------------------------------------------- data-subject access


def test_subject_access_finds_everything_by_email_as_json(team_client, fund):
    application = ApplicationFactory(fund=fund, email="Anna@Example.org", status=S.IN_REVIEW)
    CostItemFactory(application=application, description="Holz")
    services.application_staff_transition(
        application=application, to_status=S.QUESTION, user=None, question="Wie viele?"
    )
    attach(application)
    ApplicationFactory(fund=fund, email="bernd@example.org")

    page = team_client.get(f"{BASE}/application/auskunft/?query=anna@example.org")
    download = team_client.get(f"{BASE}/application/auskunft/?query=anna@example.org&format=json")

    report = json.loads(download.content)
    assert download["Content-Disposition"] == 'attachment; filename="auskunft.json"'
    assert [a["reference"] for a in report["applications"]] == [application.reference]
    found = report["applications"][0]
    assert found["applicant"]["contact_name"] == "Anna Beispiel"
    assert found["cost_plan"][0]["description"] == "Holz"
    assert found["messages"][0]["body"] == "Wie viele?"
    assert found["attachments"][0]["name"] == "Angebot.pdf"
    assert [step["to"] for step in found["timeline"]] == ["Rückfrage"]
    assert "Wie viele?" in page.content.decode()


def test_subject_access_by_reference_and_nothing_found(team_client, fund):
    application = ApplicationFactory(fund=fund)

    by_reference = team_client.get(
        f"{BASE}/application/auskunft/?query={application.reference.lower()}"
    )
    nothing = team_client.get(f"{BASE}/application/auskunft/?query=niemand@example.org")

    assert application.reference in by_reference.content.decode()
    assert "Zu dieser Angabe ist nichts gespeichert." in nothing.content.decode()


# ---------------------------------------------------------------- jury members


@pytest.fixture
def jury_world(fund):
    session = fund.jury_sessions.get()
    ready = ApplicationFactory(
        fund=fund,
        status=S.READY_FOR_JURY,
        jury_session=session,
        title="Kinderkino",
        contact_name="Karla Kontakt",
        email="karla@example.org",
        phone="0231 999",
    )
    other = ApplicationFactory(fund=fund, status=S.IN_REVIEW, title="Noch in Prüfung")
    return {
        "session": session,
        "ready": ready,
        "other": other,
        "shared": attach(ready, name="Skizze.png", content=png_bytes(), shared=True),
        "private": attach(ready, name="Angebot mit Adresse.pdf"),
    }


def test_jury_reads_ready_applications_without_any_contact_data(client, jury_world):
    login_with_two_factors(client, staff_user(role=JURY, username="jury"))
    ready = jury_world["ready"]

    changelist = client.get(f"{BASE}/application/").content.decode()
    detail = client.get(f"{BASE}/application/{ready.pk}/change/").content.decode()
    search_by_name = client.get(f"{BASE}/application/?q=Karla").content.decode()

    assert "Kinderkino" in changelist
    assert "Noch in Prüfung" not in changelist
    assert "Kinderkino" in detail
    for personal in ["Karla", "karla@example.org", "0231 999", "Westerfilder Straße 1"]:
        assert personal not in changelist, personal
        assert personal not in detail, personal
    assert "Kinderkino" not in search_by_name.split("<tbody>")[-1]
    assert "Skizze.png" in detail
    assert "Angebot mit Adresse.pdf" not in detail
    assert "schritt" not in detail  # no workflow buttons
    assert "/history/" not in detail


def test_superuser_sees_everything(client, jury_world):
    login_with_two_factors(client, UserFactory(username="root", is_staff=True, is_superuser=True))

    detail = client.get(f"{BASE}/application/{jury_world['ready'].pk}/change/").content.decode()

    assert "karla@example.org" in detail


# (role, url template, expected) — 200 for allowed, 403/404/302 for refused.
ALLOWED, DENIED = "allowed", "denied"
MATRIX = [
    *[
        (role, url, DENIED)
        for role in ["jobcenter_staff", "coordinator"]
        for url in [
            "/application/",
            "/application/{ready}/change/",
            "/application/{ready}/anlage/{shared}/",
            "/application/export/csv/",
            "/application/statistik/",
            "/application/auskunft/?query=karla@example.org",
            "/jurysession/{session}/jurymappe/",
            "/jurysession/",
        ]
    ],
    ("fund_team", "/application/", ALLOWED),
    ("fund_team", "/application/{other}/change/", ALLOWED),
    ("fund_team", "/application/{ready}/schritt/bewilligt/", ALLOWED),
    ("fund_team", "/application/{ready}/anlage/{private}/", ALLOWED),
    ("fund_team", "/application/export/csv/", ALLOWED),
    ("fund_team", "/application/export/xlsx/", ALLOWED),
    ("fund_team", "/application/statistik/", ALLOWED),
    ("fund_team", "/application/auskunft/?query=karla@example.org", ALLOWED),
    ("fund_team", "/application/{ready}/history/", ALLOWED),
    ("fund_team", "/jurysession/{session}/change/", ALLOWED),
    ("fund_team", "/jurysession/{session}/jurymappe/", ALLOWED),
    ("fund_team", "/fund/", ALLOWED),
    ("jury", "/application/", ALLOWED),
    ("jury", "/application/{ready}/change/", ALLOWED),
    ("jury", "/application/{ready}/anlage/{shared}/", ALLOWED),
    ("jury", "/application/{ready}/anlage/{private}/", DENIED),
    ("jury", "/application/{other}/change/", DENIED),
    ("jury", "/application/{ready}/history/", DENIED),
    ("jury", "/application/{ready}/schritt/bewilligt/", DENIED),
    ("jury", "/application/{ready}/auszahlung/", DENIED),
    ("jury", "/application/export/csv/", DENIED),
    ("jury", "/application/export/xlsx/", DENIED),
    ("jury", "/application/statistik/", DENIED),
    ("jury", "/application/auskunft/?query=karla@example.org", DENIED),
    ("jury", "/jurysession/{session}/change/", ALLOWED),
    ("jury", "/jurysession/{session}/jurymappe/", ALLOWED),
    ("jury", "/fund/", DENIED),
    ("jury", "/payout/", DENIED),
    ("anonymous", "/application/{ready}/anlage/{shared}/", DENIED),
    ("anonymous", "/application/export/csv/", DENIED),
]


@pytest.mark.parametrize(("role", "url", "expected"), MATRIX)
def test_fund_permission_matrix(client, jury_world, role, url, expected):
    users = {
        "jobcenter_staff": lambda: staff_user(
            role=OFFICE_STAFF, offices=[OfficeFactory()], username="jc"
        ),
        "coordinator": lambda: staff_user(role=COORDINATORS, username="koord"),
        "fund_team": lambda: staff_user(role=FUND_TEAM, username="fonds"),
        "jury": lambda: staff_user(role=JURY, username="jury"),
    }
    if role != "anonymous":
        login_with_two_factors(client, users[role]())
    ids = {key: value.pk for key, value in jury_world.items()}

    response = client.get(BASE + url.format(**ids))

    if expected == ALLOWED:
        assert response.status_code == 200, response.status_code
    else:
        assert response.status_code in {302, 403, 404}, response.status_code
        if response.status_code == 302:  # to the login, or to the index: "does not exist"
            assert response["Location"].split("?")[0] in {"/admin/login/", "/admin/"}
        body = response.content if not hasattr(response, "streaming_content") else b""
        assert b"Karla Kontakt" not in body


def test_jury_cannot_post_a_transition(client, jury_world, mailoutbox):
    login_with_two_factors(client, staff_user(role=JURY, username="jury"))
    ready = jury_world["ready"]

    response = client.post(
        f"{BASE}/application/{ready.pk}/schritt/zurueckgezogen/", {"action": "ausfuehren"}
    )

    assert response.status_code == 403
    assert Application.objects.get(pk=ready.pk).status == S.READY_FOR_JURY
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1.234,50", Decimal("1234.50")),
        ("1234,5", Decimal("1234.5")),
        ("1234.50", Decimal("1234.50")),
        ("1,234.50", Decimal("1234.50")),
        ("250,00 €", Decimal("250.00")),
    ],
)
def test_euro_field_reads_what_staff_type(typed, expected):
    from fund_applications.staff_forms import EuroField

    assert EuroField().clean(typed) == expected


def test_payout_and_statistic_pages_open(team_client, fund):
    application = ApplicationFactory(
        fund=fund, status=S.APPROVED, granted_amount=Decimal("500.00"), budget_year=2026
    )

    payout = team_client.get(f"{BASE}/application/{application.pk}/auszahlung/")
    statistic = team_client.get(f"{BASE}/application/statistik/")

    assert 'value="500,00"' in payout.content.decode()
    assert "Jahresstatistik" in statistic.content.decode()


def test_jury_pack_prints_one_application_per_page(settings):
    css = (settings.BASE_DIR / "static/css/jury-pack.css").read_text()

    assert "break-before: page" in css.split("@media print")[1]


def test_jury_pack_leaves_out_what_the_team_has_not_yet_readied(team_client, fund):
    """The jury decides on reviewed applications only: one still in review or with an open
    question is on the session page for the team, not in the Jurymappe."""
    session = fund.jury_sessions.get()
    ApplicationFactory(fund=fund, status=S.READY_FOR_JURY, jury_session=session, title="Kinderkino")
    ApplicationFactory(
        fund=fund, status=S.IN_REVIEW, jury_session=session, title="Bücherschrank am Markt"
    )
    ApplicationFactory(
        fund=fund, status=S.QUESTION, jury_session=session, title="Sommerfest im Hof"
    )

    html = team_client.get(f"{BASE}/jurysession/{session.pk}/jurymappe/").content.decode()
    session_page = team_client.get(f"{BASE}/jurysession/{session.pk}/change/").content.decode()

    assert html.count('class="pack-application"') == 1
    assert "Kinderkino" in html
    for waiting in ["Bücherschrank am Markt", "Sommerfest im Hof"]:
        assert waiting not in html
        assert waiting in session_page
