import re
from datetime import date, datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fund_applications import services
from fund_applications.enums import ApplicationStatus
from fund_applications.models import Application, ApplicationDraft, CostItem
from fund_applications.services import drafts
from quartier.core import clock
from tests.factories import (
    BROKEN_PICTURES,
    ApplicationDraftFactory,
    ApplicationFactory,
    JurySessionFactory,
)
from tests.fund_applications.conftest import DECLARATIONS, PDF_BYTES, step_values


def step_post(fund, slug: str) -> dict:
    values = step_values(fund)[slug]
    if slug != "kosten":
        return values
    rows = values["rows"]
    data = {"kosten-TOTAL_FORMS": str(len(rows)), "kosten-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"kosten-{index}-{name}": value for name, value in row.items()})
    return {**data, **values["funding"]}


def start_draft(client) -> tuple[str, str]:
    response = client.post("/stadtteilfonds/antrag/", {"homepage": ""})
    assert response.status_code == 302
    url = response["Location"]
    token = re.search(r"/antrag/([A-Za-z0-9_-]{44})/", url).group(1)
    return url, token


def test_fund_page_shows_budget_deadline_goals_and_help_without_cookie(fund):
    response = Client().get("/stadtteilfonds/")

    html = response.content.decode()
    assert response.status_code == 200
    assert not response.cookies
    assert "35.000,00\u00a0€" in html
    assert "1.500,00\u00a0€" in html
    assert "Einreichen bis <strong>" in html
    assert "Nachbarschaft" in html
    assert 'href="/partner/quartiersmanagement/"' in html
    assert 'href="/stadtteilfonds/antrag/"' in html


def test_fund_page_hides_remaining_budget_unless_staff_chose_to_show_it(fund):
    fund.show_remaining_budget = False
    fund.save()

    html = Client().get("/stadtteilfonds/").content.decode()

    assert "übrig" not in html


def test_fund_page_remaining_budget_subtracts_granted_amounts(fund):
    session_year = clock.local(fund.jury_sessions.get().starts_at).year
    ApplicationFactory(
        fund=fund,
        status=ApplicationStatus.APPROVED,
        granted_amount="1000.00",
        budget_year=session_year,
    )

    html = Client().get("/stadtteilfonds/").content.decode()

    assert f"Für das Jahr {session_year} sind noch <strong>34.000,00\u00a0€</strong> übrig" in html


def test_fund_page_in_december_names_next_years_budget_and_the_deadline(fund, time_machine):
    time_machine.move_to("2026-12-07 10:00:00+01:00", tick=False)
    fund.jury_sessions.all().delete()
    JurySessionFactory(
        fund=fund,
        starts_at=datetime(2027, 3, 10, 18, 0, tzinfo=clock.BERLIN),
        submission_deadline=date(2027, 2, 17),
    )
    ApplicationFactory(
        fund=fund, status=ApplicationStatus.APPROVED, granted_amount="7690.00", budget_year=2026
    )

    html = Client().get("/stadtteilfonds/").content.decode()

    # This year's money is for sessions that have passed; the next jury grants from 2027's.
    assert "Für das Jahr 2027 sind noch <strong>35.000,00\u00a0€</strong> übrig." in html
    assert "bis zum <strong>17. Februar 2027</strong> eingehen" in html
    assert "entscheidet die Jury am 10. März 2027" in html
    assert "In diesem Jahr" not in html


def test_fund_page_without_coming_session_names_this_years_budget(fund, time_machine):
    time_machine.move_to("2026-12-07 10:00:00+01:00", tick=False)
    fund.jury_sessions.all().delete()

    html = Client().get("/stadtteilfonds/").content.decode()

    assert "Für das Jahr 2026 sind noch <strong>35.000,00\u00a0€</strong> übrig." in html
    assert "eingehen, entscheidet" not in html


def test_start_page_sets_csrf_cookie_and_post_creates_a_draft(client, fund):
    page = client.get("/stadtteilfonds/antrag/")

    url, token = start_draft(client)

    assert "csrftoken" in page.cookies
    assert url == f"/stadtteilfonds/antrag/{token}/antragsteller/"
    assert ApplicationDraft.objects.count() == 1


def test_start_with_honeypot_filled_creates_nothing(client, fund):
    response = client.post("/stadtteilfonds/antrag/", {"homepage": "http://spam.example"})

    assert response.status_code == 200
    assert ApplicationDraft.objects.count() == 0


def test_start_is_rate_limited_per_address(client, fund, settings):
    settings.FUND_START_RATE_LIMIT = 20
    for _ in range(20):
        client.post("/stadtteilfonds/antrag/", {"homepage": ""})

    response = client.post("/stadtteilfonds/antrag/", {"homepage": ""})

    assert response.status_code == 429
    assert "Bitte warten Sie einen Moment" in response.content.decode()
    assert ApplicationDraft.objects.count() == 20


def test_step_shows_progress_with_current_step(client, fund):
    url, _token = start_draft(client)

    html = client.get(url.replace("antragsteller", "kosten")).content.decode()

    assert "Schritt 3 von 4: Kosten" in html
    assert re.search(r'<li class="wizard-progress__item is-current" aria-current="step">', html)
    assert html.count('aria-current="step"') == 1


def test_step_with_errors_shows_linked_summary_and_keeps_input(client, fund):
    url, _token = start_draft(client)

    response = client.post(url, {"contact_name": "Anna", "street": "", "action": "weiter"})

    html = response.content.decode()
    assert response.status_code == 422
    assert 'href="#id_street"' in html
    assert 'href="#id_applicant_type_0"' in html
    assert "Bitte geben Sie eine E-Mail-Adresse oder eine Telefonnummer an." in html
    assert 'value="Anna"' in html


def test_back_saves_unchecked_input_and_returns_to_previous_step(client, fund):
    url, token = start_draft(client)
    client.post(url, {**step_post(fund, "antragsteller"), "action": "weiter"})
    project_url = f"/stadtteilfonds/antrag/{token}/projekt/"

    response = client.post(project_url, {"title": "Halb fertig", "action": "zurueck"})
    again = client.get(project_url)

    assert response["Location"] == url
    assert 'value="Halb fertig"' in again.content.decode()
    assert "Bitte prüfen Sie Ihre Angaben" not in again.content.decode()


def test_add_and_remove_cost_rows_without_javascript(client, fund):
    _url, token = start_draft(client)
    costs_url = f"/stadtteilfonds/antrag/{token}/kosten/"
    first = {"kosten-TOTAL_FORMS": "1", "kosten-INITIAL_FORMS": "0"}
    first |= {"kosten-0-category": "material", "kosten-0-description": "Holz"}
    first |= {"kosten-0-amount": "12,50"}

    added = client.post(costs_url, {**first, "action": "zeile"})
    html_two_rows = client.get(costs_url).content.decode()
    client.post(
        costs_url,
        {
            **first,
            "kosten-TOTAL_FORMS": "2",
            "kosten-1-description": "Erde",
            "zeile_entfernen": "0",
        },
    )
    html_one_row = client.get(costs_url).content.decode()

    assert added["Location"].endswith("#zeile-2")
    assert 'id="zeile-2"' in html_two_rows
    assert 'value="12,50"' in html_two_rows
    assert 'id="zeile-2"' not in html_one_row
    assert 'value="Erde"' in html_one_row


def test_costs_above_fund_maximum_are_refused_with_a_message_at_the_field(client, fund):
    _url, token = start_draft(client)
    data = {"kosten-TOTAL_FORMS": "1", "kosten-INITIAL_FORMS": "0"}
    data |= {"kosten-0-category": "material", "kosten-0-description": "Bühne"}
    data |= {"kosten-0-amount": "2000", "action": "weiter"}

    response = client.post(f"/stadtteilfonds/antrag/{token}/kosten/", data)

    html = response.content.decode()
    assert response.status_code == 422
    assert "höchstens 1.500,00\u00a0€ pro Antrag" in html
    assert 'href="#id_other_funding"' in html


def test_cost_row_errors_link_to_the_row_field(client, fund):
    _url, token = start_draft(client)
    data = {"kosten-TOTAL_FORMS": "2", "kosten-INITIAL_FORMS": "0"}
    data |= {"kosten-1-category": "material", "kosten-1-amount": "-5", "action": "weiter"}

    html = client.post(f"/stadtteilfonds/antrag/{token}/kosten/", data).content.decode()

    assert 'href="#id_kosten-1-description"' in html
    assert "Zeile 2, Betrag in Euro – Der Betrag darf nicht negativ sein." in html


def test_attachment_upload_keeps_file_with_the_draft(client, fund):
    _url, token = start_draft(client)
    upload = SimpleUploadedFile("Angebot.pdf", PDF_BYTES, content_type="application/pdf")

    response = client.post(
        f"/stadtteilfonds/antrag/{token}/anlagen/", {"file": upload, "action": "hochladen"}
    )
    html = client.get(f"/stadtteilfonds/antrag/{token}/anlagen/").content.decode()

    draft = ApplicationDraft.objects.get()
    assert response.status_code == 302
    assert "Angebot.pdf" in html
    assert draft.attachments.get().content_type == "application/pdf"


@pytest.mark.parametrize("name", BROKEN_PICTURES)
def test_attachment_truncated_picture_is_refused_on_the_page(client, fund, name):
    _url, token = start_draft(client)
    upload = SimpleUploadedFile(name, BROKEN_PICTURES[name]())

    response = client.post(
        f"/stadtteilfonds/antrag/{token}/anlagen/", {"file": upload, "action": "hochladen"}
    )

    assert response.status_code == 422
    assert f"Das Bild „{name}“ ist beschädigt" in response.content.decode()
    assert 'href="#id_file"' in response.content.decode()
    assert ApplicationDraft.objects.get().attachments.count() == 0


def test_attachment_exe_renamed_pdf_is_refused_on_the_page(client, fund):
    _url, token = start_draft(client)
    upload = SimpleUploadedFile("Angebot.pdf", b"MZ\x90\x00" + b"\x00" * 100)

    response = client.post(
        f"/stadtteilfonds/antrag/{token}/anlagen/", {"file": upload, "action": "hochladen"}
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "ist keine PDF-, JPEG- oder PNG-Datei" in html
    assert 'href="#id_file"' in html
    assert ApplicationDraft.objects.get().attachments.count() == 0


def test_submit_creates_application_with_cost_plan_attachment_and_email(
    client, filled_draft, django_capture_on_commit_callbacks
):
    services.draft_attachment_add(
        draft=filled_draft, upload=SimpleUploadedFile("Angebot.pdf", PDF_BYTES)
    )
    token = filled_draft.token

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/stadtteilfonds/antrag/{token}/absenden/", DECLARATIONS)
    confirmation = client.get(response["Location"])

    application = Application.objects.get()
    html = confirmation.content.decode()
    assert response["Location"] == f"/stadtteilfonds/antrag/{token}/bestaetigung/"
    assert application.reference in html
    assert f"/stadtteilfonds/status/{token}/" in html
    assert str(application.total_cost) == "330.50"
    assert str(application.requested_amount) == "300.00"
    assert application.attachments.get().original_name == "Angebot.pdf"
    assert application.organisation_name == "Hofgemeinschaft Westerfilde"
    assert len(mail.outbox) == 1
    assert application.reference in mail.outbox[0].subject
    assert f"/stadtteilfonds/status/{token}/" in mail.outbox[0].body


def test_submit_without_declarations_shows_errors_and_creates_nothing(client, filled_draft):
    response = client.post(
        f"/stadtteilfonds/antrag/{filled_draft.token}/absenden/",
        {"declares_not_started": "on", "homepage": ""},
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert 'href="#id_declares_no_other_funding"' in html
    assert 'href="#id_consents_to_privacy"' in html
    assert "Bitte stimmen Sie der Nutzung Ihrer Angaben zu" in html
    assert Application.objects.count() == 0


def test_double_submit_creates_one_application_and_same_confirmation(client, filled_draft):
    url = f"/stadtteilfonds/antrag/{filled_draft.token}/absenden/"

    first = client.post(url, DECLARATIONS)
    second = client.post(url, DECLARATIONS)

    assert Application.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert "bestaetigung" in second["Location"]


def test_interrupted_submission_leaves_no_half_application_and_tells_the_user(
    client, filled_draft, monkeypatch
):
    services.draft_attachment_add(
        draft=filled_draft, upload=SimpleUploadedFile("Angebot.pdf", PDF_BYTES)
    )

    def crash(**kwargs):
        assert Application.objects.count() == 1  # the row is written at this point
        raise RuntimeError("disk full")

    monkeypatch.setattr(drafts, "_move_draft_attachments", crash)

    response = client.post(f"/stadtteilfonds/antrag/{filled_draft.token}/absenden/", DECLARATIONS)

    html = response.content.decode()
    filled_draft.refresh_from_db()
    assert response.status_code == 500
    assert "Ihr Antrag konnte gerade nicht gespeichert werden" in html
    assert Application.objects.count() == 0
    assert CostItem.objects.count() == 0
    assert filled_draft.application_id is None
    assert filled_draft.attachments.count() == 1
    assert filled_draft.data["steps"]["projekt"]["values"]["title"] == "Hochbeete im Hof"


def test_submit_with_an_incomplete_step_links_to_it(client, fund):
    draft = ApplicationDraftFactory(fund=fund)

    response = client.post(f"/stadtteilfonds/antrag/{draft.token}/absenden/", DECLARATIONS)

    html = response.content.decode()
    assert response.status_code == 422
    assert f"/stadtteilfonds/antrag/{draft.token}/antragsteller/?pruefen=1" in html
    assert Application.objects.count() == 0


def test_resume_link_goes_to_first_incomplete_step_then_review(client, fund, filled_draft):
    empty = ApplicationDraftFactory(fund=fund)

    to_step = client.get(f"/stadtteilfonds/antrag/{empty.token}/")
    to_review = client.get(f"/stadtteilfonds/antrag/{filled_draft.token}/")

    assert to_step["Location"].endswith("/antragsteller/")
    assert to_review["Location"].endswith("/pruefen/")


def test_review_shows_everything_typed_with_computed_totals(client, filled_draft):
    html = client.get(f"/stadtteilfonds/antrag/{filled_draft.token}/pruefen/").content.decode()

    assert "Hofgemeinschaft Westerfilde" in html
    assert "Hochbeete im Hof" in html
    assert "330,50\u00a0€" in html
    assert "300,00\u00a0€" in html
    assert "Antrag absenden" in html


@pytest.mark.parametrize("path", ["antrag/{token}/", "status/{token}/"])
def test_wrong_secret_is_404(client, filled_draft, path):
    wrong = filled_draft.key + "x" * 32

    response = client.get("/stadtteilfonds/" + path.format(token=wrong))

    assert response.status_code == 404


def test_private_pages_are_not_cached_or_indexed(client, filled_draft):
    response = client.get(f"/stadtteilfonds/antrag/{filled_draft.token}/pruefen/")

    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"


def test_status_page_shows_status_in_plain_german_and_withdraw_link(client, fund):
    application = ApplicationFactory(fund=fund)

    response = Client().get(application.get_status_url())

    html = response.content.decode()
    assert not response.cookies
    assert '<span class="status-badge">eingegangen</span>' in html
    assert "Ihr Antrag ist bei uns angekommen" in html
    assert "Antrag zurückziehen …" in html


def test_withdraw_needs_confirmation_then_changes_status(client, fund):
    application = ApplicationFactory(fund=fund)
    url = application.get_status_url() + "zurueckziehen/"

    confirm_page = client.get(url)
    application.refresh_from_db()
    status_before = application.status
    response = client.post(url, {"reason": "Kein Platz mehr"})

    application.refresh_from_db()
    assert "Ja, Antrag zurückziehen" in confirm_page.content.decode()
    assert status_before == ApplicationStatus.SUBMITTED
    assert response["Location"] == application.get_status_url()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.status_changes.last().comment == "Kein Platz mehr"


def test_answer_question_puts_application_back_into_review(client, fund):
    application = ApplicationFactory(fund=fund, status=ApplicationStatus.IN_REVIEW)
    services.application_staff_transition(
        application=application,
        to_status=ApplicationStatus.QUESTION,
        user=None,
        question="Wie viele Hochbeete?",
    )
    url = application.get_status_url() + "antworten/"

    status_html = client.get(application.get_status_url()).content.decode()
    empty = client.post(url, {"body": ""})
    response = client.post(url, {"body": "Drei Stück."})

    application.refresh_from_db()
    assert "Frage beantworten" in status_html
    assert "Wie viele Hochbeete?" in status_html
    assert empty.status_code == 422
    assert 'href="#id_body"' in empty.content.decode()
    assert response.status_code == 302
    assert application.status == ApplicationStatus.IN_REVIEW
    assert list(application.messages.values_list("body", flat=True)) == [
        "Wie viele Hochbeete?",
        "Drei Stück.",
    ]


def test_answer_page_without_question_redirects_to_status(client, fund):
    application = ApplicationFactory(fund=fund)

    response = client.get(application.get_status_url() + "antworten/")

    assert response["Location"] == application.get_status_url()


def test_home_teaser_names_next_deadline(client, fund):
    html = client.get("/").content.decode()

    assert "Stadtteilfonds: Geld für Ihre Idee" in html
    assert "Einreichen bis <strong>" in html
    assert 'href="/stadtteilfonds/"' in html


def test_continue_later_link_restores_everything_in_another_browser(client, filled_draft):
    services.draft_attachment_add(
        draft=filled_draft, upload=SimpleUploadedFile("Skizze.pdf", PDF_BYTES)
    )
    other_browser = Client()

    resume = other_browser.get(f"/stadtteilfonds/antrag/{filled_draft.token}/")
    applicant = other_browser.get(f"/stadtteilfonds/antrag/{filled_draft.token}/antragsteller/")
    costs = other_browser.get(f"/stadtteilfonds/antrag/{filled_draft.token}/kosten/")
    files = other_browser.get(f"/stadtteilfonds/antrag/{filled_draft.token}/anlagen/")

    assert resume["Location"].endswith("/pruefen/")
    assert 'value="Anna Beispiel"' in applicant.content.decode()
    assert 'value="250,50"' in costs.content.decode()
    assert 'value="Kaffee und Kuchen"' in costs.content.decode()
    assert "Skizze.pdf" in files.content.decode()


def test_save_for_later_shows_the_private_link(client, fund):
    url, token = start_draft(client)

    response = client.post(url, {"contact_name": "Anna", "action": "spaeter"}, follow=True)

    html = response.content.decode()
    assert "Ihr Entwurf ist gespeichert" in html
    assert f"http://testserver/stadtteilfonds/antrag/{token}/" in html


def test_submit_is_rate_limited_per_address(client, fund, settings):
    settings.FUND_SUBMIT_RATE_LIMIT = 5
    drafts = [services.draft_create(fund=fund) for _ in range(6)]
    for draft in drafts:
        for slug, values in step_values(fund).items():
            services.draft_save_step(draft=draft, step=slug, values=values, valid=True)

    responses = [
        client.post(f"/stadtteilfonds/antrag/{draft.token}/absenden/", DECLARATIONS)
        for draft in drafts
    ]

    assert [r.status_code for r in responses] == [302] * 5 + [429]
    assert Application.objects.count() == 5


def test_residents_applying_together_at_the_office_pc_are_not_stopped(fund):
    client = Client(REMOTE_ADDR="203.0.113.7")  # the office's PC on a deadline day
    drafts = [services.draft_create(fund=fund) for _ in range(8)]
    for draft in drafts:
        for slug, values in step_values(fund).items():
            services.draft_save_step(draft=draft, step=slug, values=values, valid=True)

    responses = [
        client.post(f"/stadtteilfonds/antrag/{draft.token}/absenden/", DECLARATIONS)
        for draft in drafts
    ]

    assert [r.status_code for r in responses] == [302] * 8
    assert Application.objects.count() == 8


def test_submit_with_honeypot_filled_creates_nothing(client, filled_draft):
    response = client.post(
        f"/stadtteilfonds/antrag/{filled_draft.token}/absenden/",
        {**DECLARATIONS, "homepage": "http://spam.example"},
    )

    assert response.status_code == 422
    assert Application.objects.count() == 0


def test_english_wizard_step_is_translated(client, fund):
    _url, token = start_draft(client)

    html = client.get(f"/en/stadtteilfonds/antrag/{token}/kosten/").content.decode()

    assert "Step 3 of 4: Costs" in html
    assert "Add a line" in html


@pytest.mark.parametrize(("phone", "email"), [("", ""), ("0231 4711", "qm@example.org")])
def test_confirmation_promises_only_the_contact_routes_the_office_has(
    client, filled_draft, phone, email
):
    office = filled_draft.fund.office
    office.phone, office.email = phone, email
    office.save()
    token = filled_draft.token

    response = client.post(f"/stadtteilfonds/antrag/{token}/absenden/", DECLARATIONS)
    confirmation = client.get(response["Location"]).content.decode()

    assert "anrufen" not in confirmation
    assert ("0231 4711" in confirmation) == bool(phone)
    assert ("qm@example.org" in confirmation) == bool(email)
