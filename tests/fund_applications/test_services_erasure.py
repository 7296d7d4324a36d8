"""Retention of Stadtteilfonds data: anonymising rejected, withdrawn and completed applications
when their time is up, and purging drafts, through `manage.py apply_retention`."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from fund_applications import services
from fund_applications.enums import ApplicationStatus
from fund_applications.models import (
    Application,
    ApplicationDraft,
    ApplicationMessage,
    Attachment,
)
from fund_applications.services import application_anonymise
from fund_applications.storage import private_storage
from quartier.core import clock
from tests.factories import ApplicationFactory, CostItemFactory, login_with_two_factors
from tests.fund_applications.test_staff_admin import attach

S = ApplicationStatus


def aged(application, days):
    Application.objects.filter(pk=application.pk).update(
        status_changed_at=clock.now() - dt.timedelta(days=days)
    )
    return application


@pytest.fixture
def periods(settings):
    settings.RETENTION_DAYS = {
        **settings.RETENTION_DAYS,
        "fund_unfunded": 365,
        "fund_completed": 3653,
    }


def test_anonymise_blanks_personal_data_keeps_numbers_and_deletes_files(
    fund, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(
        fund=fund,
        status=S.REJECTED,
        organisation_name="Familie Muster",
        phone="0231 1",
        granted_amount=None,
    )
    application.goals.set(fund.goals.all()[:1])
    CostItemFactory(application=application, amount=Decimal("300.00"))
    ApplicationMessage.objects.create(
        application=application, sender="team", body="Frau Muster, …", created_at=clock.now()
    )
    file_name = attach(application).file.name
    old_link = application.get_status_url()

    with django_capture_on_commit_callbacks(execute=True):
        application_anonymise(application=application)

    application.refresh_from_db()
    for field in ["contact_name", "organisation_name", "street", "email", "phone", "city"]:
        assert getattr(application, field) == "", field
    assert application.anonymised_at is not None
    assert application.requested_amount == Decimal("300.00")
    assert list(application.goals.values_list("name", flat=True)) == ["Nachbarschaft"]
    assert application.cost_items.count() == 1
    assert not application.messages.exists()
    assert not Attachment.objects.exists()
    assert not private_storage.exists(file_name)
    assert application.get_status_url() != old_link
    assert application.applicant_display == "(gelöscht)"


def test_retention_erases_only_what_is_past_its_period(periods, fund, caplog):
    old_rejected = aged(ApplicationFactory(fund=fund, status=S.REJECTED), 366)
    old_withdrawn = aged(ApplicationFactory(fund=fund, status=S.WITHDRAWN), 400)
    young_rejected = aged(ApplicationFactory(fund=fund, status=S.REJECTED), 300)
    old_running = aged(ApplicationFactory(fund=fund, status=S.IN_PROGRESS), 4000)
    closed_recently = aged(ApplicationFactory(fund=fund, status=S.CLOSED), 3000)
    closed_long_ago = aged(ApplicationFactory(fund=fund, status=S.CLOSED), 3654)
    out = StringIO()

    with caplog.at_level("INFO", logger="quartier.retention"):
        call_command("apply_retention", stdout=out)

    erased = set(
        Application.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True)
    )
    assert erased == {old_rejected.pk, old_withdrawn.pk, closed_long_ago.pk}
    for kept in [young_rejected, old_running, closed_recently]:
        kept.refresh_from_db()
        assert kept.contact_name == "Anna Beispiel"
    assert "Stadtteilfonds: abgelehnte und zurückgezogene Anträge: 2 gelöscht" in out.getvalue()
    assert "Stadtteilfonds: abgeschlossene Projekte: 1 gelöscht" in out.getvalue()
    assert "fund application anonymised" in caplog.text


def test_retention_period_is_configurable(settings, fund):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "fund_unfunded": 30}
    aged(ApplicationFactory(fund=fund, status=S.WITHDRAWN), 31)

    call_command("apply_retention", stdout=StringIO())

    assert Application.objects.get().anonymised_at is not None


def test_retention_runs_twice_without_erasing_again(periods, fund):
    application = aged(ApplicationFactory(fund=fund, status=S.REJECTED), 400)
    out = StringIO()

    call_command("apply_retention", stdout=StringIO())
    first = Application.objects.get(pk=application.pk).anonymised_at
    call_command("apply_retention", stdout=out)

    assert Application.objects.get(pk=application.pk).anonymised_at == first
    assert "abgelehnte und zurückgezogene Anträge: 0 gelöscht" in out.getvalue()


def test_retention_purges_drafts_never_sent_after_30_days(fund):
    old = services.draft_create(fund=fund)
    fresh = services.draft_create(fund=fund)
    ApplicationDraft.objects.filter(pk=old.pk).update(
        updated_at=clock.now() - dt.timedelta(days=31)
    )
    out = StringIO()

    call_command("apply_retention", stdout=out)

    assert list(ApplicationDraft.objects.all()) == [fresh]
    assert "Stadtteilfonds: nie abgeschickte Entwürfe: 1 gelöscht" in out.getvalue()


def test_anonymised_application_still_counts_in_the_statistic(periods, fund):
    from fund_applications.exports import year_statistic

    application = ApplicationFactory(
        fund=fund, status=S.CLOSED, granted_amount=Decimal("500.00"), budget_year=2026
    )
    application.goals.set(fund.goals.all()[:1])
    aged(application, 4000)

    call_command("apply_retention", stdout=StringIO())

    statistic = year_statistic(fund=fund, year=2026)
    assert statistic.projects == 1
    assert statistic.by_goal[0].granted == Decimal("500.00")


def test_superuser_deleting_an_application_in_the_admin_removes_its_files(
    client, fund, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    application = ApplicationFactory(fund=fund)
    names = [attach(application, name=f"Angebot{n}.pdf").file.name for n in range(2)]
    assert all(private_storage.exists(name) for name in names)
    login_with_two_factors(client, UserFactory(username="root", is_staff=True, is_superuser=True))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/fund_applications/application/{application.pk}/delete/", {"post": "yes"}
        )

    assert response.status_code == 302
    assert not Application.objects.filter(pk=application.pk).exists()
    assert not any(private_storage.exists(name) for name in names)
