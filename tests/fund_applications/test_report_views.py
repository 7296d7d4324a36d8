"""The applicant's side after the decision: status page with the grant, and the
Verwendungsnachweis page behind the status link."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fund_applications.enums import ApplicationStatus
from fund_applications.models import JuryDecision
from quartier.core import clock
from tests.factories import BROKEN_PICTURES, ApplicationFactory, CostItemFactory
from tests.fund_applications.conftest import PDF_BYTES, png_bytes
from tests.public_pages import page_query_counts

S = ApplicationStatus


@pytest.fixture
def running(fund):
    application = ApplicationFactory(
        fund=fund,
        status=S.IN_PROGRESS,
        granted_amount=Decimal("250.00"),
        budget_year=2026,
        report_due_on=clock.today() + dt.timedelta(days=20),
    )
    CostItemFactory(application=application, description="Holz", amount=Decimal("200.00"))
    CostItemFactory(application=application, description="Kuchen", amount=Decimal("100.00"))
    JuryDecision.objects.create(
        application=application,
        decision="bewilligt",
        granted_amount=Decimal("250.00"),
        conditions="Ohne Verpflegung",
        recorded_at=clock.now(),
    )
    return application


def report_url(application):
    return application.get_status_url() + "nachweis/"


def test_status_page_shows_grant_conditions_and_the_report_link(client, running):
    html = client.get(running.get_status_url()).content.decode()

    assert "Bewilligt: <strong>250,00\u00a0€</strong>" in html
    assert "Ohne Verpflegung" in html
    assert report_url(running) in html


def test_report_page_is_closed_before_the_project_runs(client, fund):
    application = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY)

    response = client.get(report_url(application))

    assert response.status_code == 302
    assert response["Location"] == application.get_status_url()


def test_receipt_upload_books_it_and_shows_planned_against_actual(client, running):
    holz = running.cost_items.get(description="Holz")

    response = client.post(
        report_url(running),
        {
            "action": "beleg",
            "file": SimpleUploadedFile("Baumarkt.pdf", PDF_BYTES),
            "cost_item": holz.pk,
            "amount": "180,40",
        },
    )
    html = client.get(report_url(running)).content.decode()

    assert response.status_code == 302
    assert running.receipts.get().amount == Decimal("180.40")
    assert "Baumarkt.pdf" in html
    assert "180,40\u00a0€" in html
    assert "200,00\u00a0€" in html


def test_receipt_errors_are_listed_at_the_top_and_keep_the_amount(client, running):
    response = client.post(
        report_url(running),
        {
            "action": "beleg",
            "file": SimpleUploadedFile("Beleg.pdf", b"MZ" + b"\0" * 40),
            "amount": "12,50",
        },
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert 'href="#id_file"' in html
    assert "keine PDF-, JPEG- oder PNG-Datei" in html
    assert 'value="12,50"' in html
    assert not running.receipts.exists()


def test_photo_upload_and_remove(client, running, django_capture_on_commit_callbacks):
    client.post(
        report_url(running),
        {"action": "foto", "photo": SimpleUploadedFile("Fest.png", png_bytes())},
    )
    photo = running.report_photos.get()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(report_url(running), {"foto_entfernen": photo.pk})

    assert not running.report_photos.exists()


def test_submit_without_receipt_shows_errors_and_keeps_the_text(client, running):
    response = client.post(
        report_url(running), {"action": "einreichen", "report_text": "Schön war's."}
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "Bitte laden Sie mindestens einen Beleg hoch." in html
    assert "Schön war&#x27;s." in html
    running.refresh_from_db()
    assert running.status == S.IN_PROGRESS


def test_submit_with_receipt_hands_the_report_in(
    client, running, mailoutbox, django_capture_on_commit_callbacks
):
    client.post(
        report_url(running),
        {"action": "beleg", "file": SimpleUploadedFile("Beleg.pdf", PDF_BYTES), "amount": "99"},
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            report_url(running), {"action": "einreichen", "report_text": "Es war toll."}
        )

    running.refresh_from_db()
    assert response["Location"] == running.get_status_url()
    assert running.status == S.REPORT_SUBMITTED
    assert (
        "Verwendungsnachweis eingereicht" in client.get(running.get_status_url()).content.decode()
    )
    assert len(mailoutbox) == 2


def test_report_page_makes_the_same_queries_with_more_receipts(running):
    from fund_applications.models import Receipt

    def add_receipts(count):
        Receipt.objects.bulk_create(
            Receipt(
                application=running,
                file="stadtteilfonds/x.pdf",
                original_name=f"Beleg {n}.pdf",
                content_type="application/pdf",
                size=10,
                amount=Decimal("1.00"),
                cost_item=running.cost_items.first(),
            )
            for n in range(count)
        )

    add_receipts(1)
    before = page_query_counts(Client(), [report_url(running)])
    add_receipts(20)

    after = page_query_counts(Client(), [report_url(running)])

    assert after == before


@pytest.mark.parametrize("name", BROKEN_PICTURES)
@pytest.mark.parametrize("kind", ["foto", "beleg"])
def test_truncated_photo_or_receipt_is_a_german_form_error(client, running, media_root, kind, name):
    upload = SimpleUploadedFile(name, BROKEN_PICTURES[name]())
    data = {"action": "foto", "photo": upload} if kind == "foto" else {}
    data = data or {"action": "beleg", "file": upload, "amount": "20", "cost_item": ""}

    response = client.post(report_url(running), data)

    assert response.status_code == 422
    assert f"Das Bild „{name}“ ist beschädigt" in response.content.decode()
    assert not running.report_photos.exists()
    assert not running.receipts.exists()
