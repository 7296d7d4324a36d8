import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from fund_applications import services
from fund_applications.services import drafts
from tests.factories import (
    ApplicationFactory,
    JurySessionFactory,
    UserFactory,
    login_with_two_factors,
)
from tests.fund_applications.conftest import PDF_BYTES


@pytest.fixture
def admin_client(client, db):
    login_with_two_factors(client, UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def application_with_file(fund):
    draft = services.draft_create(fund=fund)
    services.draft_attachment_add(
        draft=draft, upload=SimpleUploadedFile("Angebot <1>.pdf", PDF_BYTES)
    )
    application = ApplicationFactory(fund=fund)
    drafts._move_draft_attachments(draft=draft, application=application)
    return application


@pytest.mark.parametrize("model", ["fund", "jurysession", "application"])
def test_admin_changelist_and_change_form_open(admin_client, fund, model):
    obj = {
        "fund": lambda: fund,
        "jurysession": lambda: JurySessionFactory(fund=fund),
        "application": lambda: ApplicationFactory(fund=fund, title="Hochbeete"),
    }[model]()

    changelist = admin_client.get(f"/admin/fund_applications/{model}/")
    change = admin_client.get(f"/admin/fund_applications/{model}/{obj.pk}/change/")

    assert changelist.status_code == 200
    assert change.status_code == 200
    if model == "application":
        assert obj.reference in changelist.content.decode()
        assert "E-Mail-Bestätigung" in changelist.content.decode()


def test_application_change_form_lists_attachment_with_download_link(
    admin_client, application_with_file
):
    html = admin_client.get(
        f"/admin/fund_applications/application/{application_with_file.pk}/change/"
    ).content.decode()

    attachment = application_with_file.attachments.get()
    assert (
        f"/admin/fund_applications/application/{application_with_file.pk}/anlage/{attachment.pk}/"
        in html
    )


def download_url(application):
    attachment = application.attachments.get()
    return f"/admin/fund_applications/application/{application.pk}/anlage/{attachment.pk}/"


def test_attachment_download_is_a_download_with_nosniff(admin_client, application_with_file):
    response = admin_client.get(download_url(application_with_file))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Angebot" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_attachment_download_needs_view_permission(client, application_with_file):
    staff = UserFactory(username="andere", is_staff=True)
    client.force_login(staff)

    refused = client.get(download_url(application_with_file))
    staff.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_application", "view_all_applications", "view_applicant_contact"]
        )
    )
    staff = type(staff).objects.get(pk=staff.pk)
    client.force_login(staff)
    allowed = client.get(download_url(application_with_file))

    assert refused.status_code == 403
    assert allowed.status_code == 200


def test_attachment_download_anonymous_goes_to_login(client, application_with_file):
    response = client.get(download_url(application_with_file))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_attachment_of_another_application_is_404(admin_client, application_with_file, fund):
    other = ApplicationFactory(fund=fund)
    attachment = application_with_file.attachments.get()

    response = admin_client.get(
        f"/admin/fund_applications/application/{other.pk}/anlage/{attachment.pk}/"
    )

    assert response.status_code == 404


def test_private_files_live_outside_media_and_static(settings, application_with_file):
    from pathlib import Path

    path = Path(application_with_file.attachments.get().file.path).resolve()

    assert Path(settings.PRIVATE_MEDIA_ROOT).resolve() in path.parents
    assert Path(settings.MEDIA_ROOT).resolve() not in path.parents
    assert Path(settings.STATIC_ROOT).resolve() not in path.parents


def test_application_list_reads_newest_first_without_sorting_every_application(admin_client, fund):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "sqlite":
        pytest.skip("the query plan is read in SQLite's words")
    ApplicationFactory.create_batch(3, fund=fund)
    with CaptureQueriesContext(connection) as queries:
        admin_client.get("/admin/fund_applications/application/")
    newest_first = 'ORDER BY "fund_applications_application"."submitted_at" DESC'
    [page_query] = [q["sql"] for q in queries if newest_first in q["sql"]]

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {page_query}")
        # The steps of the list's own query (a subquery's steps have a parent).
        plan = " | ".join(str(row[-1]) for row in cursor.fetchall() if row[1] == 0)

    assert "SCAN fund_applications_application USING INDEX application_newest_first" in plan
    assert "TEMP B-TREE FOR ORDER BY" not in plan


def test_application_list_names_each_status_by_its_label(admin_client, fund):
    from fund_applications.enums import ApplicationStatus

    ApplicationFactory(fund=fund, status=ApplicationStatus.IN_REVIEW)
    ApplicationFactory(fund=fund, status=ApplicationStatus.REPORT_SUBMITTED)

    html = admin_client.get("/admin/fund_applications/application/").content.decode()

    cell = '<td data-label="Status" class="field-status_and_marker">'
    assert f"{cell}in Prüfung</td>" in html
    assert f"{cell}Verwendungsnachweis eingereicht</td>" in html


def add_history(application, user, rows: int) -> None:
    """Messages with files, payouts, receipts, report photos, attachments and timeline rows:
    everything an application's page lists below its fields, `rows` of each."""
    from django.utils import timezone

    from fund_applications.enums import Actor, ApplicationStatus, MessageSender
    from fund_applications.models import (
        ApplicationMessage,
        ApplicationStatusChange,
        Attachment,
        CostItem,
        MessageAttachment,
        Payout,
        Receipt,
        ReportPhoto,
    )

    now = timezone.now()
    stored = {"file": "stadtteilfonds/x.pdf", "content_type": "application/pdf", "size": 10}
    for n in range(rows):
        item = CostItem.objects.create(
            application=application, position=n + 10, description=f"Posten {n}", amount=10
        )
        message = ApplicationMessage.objects.create(
            application=application,
            sender=MessageSender.STAFF,
            sent_by=user,
            body=f"Frage {n}",
            created_at=now,
        )
        MessageAttachment.objects.create(message=message, original_name=f"a{n}.pdf", **stored)
        Payout.objects.create(
            application=application, amount=1, paid_on=now.date(), recorded_by=user, recorded_at=now
        )
        Receipt.objects.create(
            application=application, cost_item=item, amount=1, original_name=f"b{n}.pdf", **stored
        )
        ReportPhoto.objects.create(application=application, original_name=f"f{n}.pdf", **stored)
        Attachment.objects.create(application=application, original_name=f"c{n}.pdf", **stored)
        ApplicationStatusChange.objects.create(
            application=application,
            to_status=ApplicationStatus.IN_REVIEW,
            actor=Actor.STAFF,
            changed_by=user,
            comment=f"Schritt {n}",
            created_at=now,
        )


def test_application_page_queries_do_not_grow_with_its_history(admin_client, fund):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fund_applications.enums import ApplicationStatus

    application = ApplicationFactory(
        fund=fund, status=ApplicationStatus.IN_PROGRESS, granted_amount=100, budget_year=2026
    )
    url = f"/admin/fund_applications/application/{application.pk}/change/"
    user = get_user_model().objects.get(username="admin")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(url)
        assert response.status_code == 200
        return len(captured)

    add_history(application, user, 1)
    admin_client.get(url)  # the first page of a session looks up a little more
    few = queries()
    add_history(application, user, 4)

    assert queries() == few
