import datetime as dt
import threading
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, connection, connections, transaction
from post_office.models import STATUS, Email

from fund_applications import services
from fund_applications.cost_plan import check_totals, cost_totals
from fund_applications.enums import (
    TRANSITIONS,
    Actor,
    ApplicationStatus,
    can_transition,
)
from fund_applications.models import Application, ApplicationDraft, DraftAttachment
from fund_applications.storage import private_storage
from quartier.core import clock
from quartier.core.tasks import send_outbox
from tests.factories import ApplicationFactory
from tests.fund_applications.conftest import PDF_BYTES, step_values


def submit(draft, fund, *, declarations=True, lines=None, language="de"):
    values = step_values(fund)
    applicant = values["antragsteller"]
    project = values["projekt"]
    fields = {
        **applicant,
        **{k: v for k, v in project.items() if k != "goals"},
        "start_date": dt.date.fromisoformat(project["start_date"]),
        "end_date": dt.date.fromisoformat(project["end_date"]),
        "expected_participants": 25,
        "volunteer_hours": 40,
        "other_funding": Decimal("30.50"),
        "other_funding_source": "Spenden",
        "declares_not_started": declarations,
        "declares_no_other_funding": declarations,
        "consents_to_privacy": declarations,
    }
    if lines is None:
        lines = [
            services.CostLine("material", "Holz", Decimal("250.50")),
            services.CostLine("verpflegung", "Kuchen", Decimal("80.00")),
        ]
    return services.application_submit(
        draft=draft,
        fields=fields,
        goals=list(fund.goals.all()[:1]),
        cost_lines=lines,
        language=language,
    )


# ---------------------------------------------------------------- money


def test_totals_sum_lines_and_subtract_other_funding():
    totals = cost_totals([Decimal("250.50"), Decimal("80"), Decimal("0.10")], Decimal("30.60"))

    assert totals.total == Decimal("330.60")
    assert totals.requested == Decimal("300.00")


def test_totals_without_other_funding_request_everything():
    totals = cost_totals([Decimal("19.99")], None)

    assert totals.requested == Decimal("19.99")


def test_requested_above_maximum_is_refused_with_the_missing_amount():
    totals = cost_totals([Decimal("2000")], Decimal("0"))

    with pytest.raises(ValidationError) as error:
        check_totals(totals, max_per_application=Decimal("1500"))

    message = error.value.message_dict["other_funding"][0]
    assert "höchstens 1.500,00\xa0€" in message
    assert "mindestens 500,00\xa0€" in message


def test_requested_exactly_at_maximum_is_fine():
    check_totals(cost_totals([Decimal("1500")], Decimal("0")), max_per_application=Decimal("1500"))


def test_no_maximum_means_any_amount():
    check_totals(cost_totals([Decimal("99999")], Decimal("0")), max_per_application=None)


def test_other_funding_above_total_is_refused():
    with pytest.raises(ValidationError) as error:
        check_totals(cost_totals([Decimal("100")], Decimal("150")), max_per_application=None)

    assert "höher als die Gesamtkosten" in error.value.message_dict["other_funding"][0]


def test_plan_without_money_is_refused():
    with pytest.raises(ValidationError):
        check_totals(cost_totals([Decimal("0")], Decimal("0")), max_per_application=None)


def test_database_refuses_requested_amount_that_is_not_total_minus_other(fund):
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(
            fund=fund,
            total_cost=Decimal("100"),
            other_funding=Decimal("10"),
            requested_amount=Decimal("100"),
        )


# ---------------------------------------------------------------- submitting


@time_machine.travel(dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC), tick=False)
def test_submit_computes_money_and_numbers_per_year(fund):
    first, created = submit(services.draft_create(fund=fund), fund)
    second, _ = submit(services.draft_create(fund=fund), fund)

    assert created
    assert first.reference == "SF-2026-0001"
    assert second.reference == "SF-2026-0002"
    assert first.total_cost == Decimal("330.50")
    assert first.requested_amount == Decimal("300.00")
    assert [item.amount for item in first.cost_items.all()] == [Decimal("250.50"), Decimal("80")]
    assert first.status_changes.get().to_status == ApplicationStatus.SUBMITTED


def test_reference_numbers_start_again_each_year(fund):
    with time_machine.travel(dt.datetime(2026, 12, 31, 12, tzinfo=dt.UTC), tick=False):
        last_of_year, _ = submit(services.draft_create(fund=fund), fund)
    with time_machine.travel(dt.datetime(2027, 1, 1, 12, tzinfo=dt.UTC), tick=False):
        first_of_year, _ = submit(services.draft_create(fund=fund), fund)

    assert last_of_year.reference == "SF-2026-0001"
    assert first_of_year.reference == "SF-2027-0001"


def test_declarations_are_required_by_the_database(fund):
    with pytest.raises(ValidationError) as error:
        submit(services.draft_create(fund=fund), fund, declarations=False)

    assert error.value.messages == ["Bitte bestätigen Sie alle drei Erklärungen."]
    assert Application.objects.count() == 0


def test_submit_above_maximum_is_refused_by_the_service(fund):
    lines = [services.CostLine("material", "Bühne", Decimal("5000"))]

    with pytest.raises(ValidationError):
        submit(services.draft_create(fund=fund), fund, lines=lines)

    assert Application.objects.count() == 0


def test_submit_twice_returns_the_first_application(fund):
    draft = services.draft_create(fund=fund)

    first, created_first = submit(draft, fund)
    second, created_second = submit(draft, fund)

    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert Application.objects.count() == 1
    assert ApplicationDraft.objects.get().data == {}


def test_submit_moves_draft_files_without_copying(fund):
    draft = services.draft_create(fund=fund)
    stored = services.draft_attachment_add(
        draft=draft, upload=SimpleUploadedFile("Angebot.pdf", PDF_BYTES)
    )

    application, _ = submit(draft, fund)

    attachment = application.attachments.get()
    assert attachment.file.name == stored.file.name
    assert attachment.file.name.startswith("stadtteilfonds/")
    assert "Angebot" not in attachment.file.name
    assert DraftAttachment.objects.count() == 0
    assert private_storage.exists(attachment.file.name)


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_the_same_moment_get_different_numbers(fund):
    drafts = [services.draft_create(fund=fund) for _ in range(2)]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def send(draft):
        try:
            barrier.wait(timeout=10)
            results.append(submit(draft, fund)[0].reference)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    year = clock.today().year
    assert errors == []
    assert sorted(results) == [f"SF-{year}-0001", f"SF-{year}-0002"]
    assert connection.vendor in {"sqlite", "postgresql"}


@pytest.mark.django_db(transaction=True)
def test_double_click_at_the_same_moment_creates_one_application(fund):
    draft = services.draft_create(fund=fund)
    barrier = threading.Barrier(2)
    created, errors = [], []

    def send():
        try:
            barrier.wait(timeout=10)
            created.append(submit(draft, fund)[1])
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(created) == [False, True]
    assert Application.objects.count() == 1


# ---------------------------------------------------------------- email


def test_confirmation_mail_goes_out_only_after_commit(fund, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        application, _ = submit(services.draft_create(fund=fund), fund)
        assert mail.outbox == []

    for callback in callbacks:
        callback()
    entry = application.status_changes.get()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@example.org"]
    assert mail.outbox[0].message()["Reply-To"] == "qm@example.org"
    assert entry.email.status == STATUS.sent
    assert entry.email_subject == mail.outbox[0].subject


def test_no_mail_when_the_submission_rolls_back(fund, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        submit(services.draft_create(fund=fund), fund, declarations=False)

    assert mail.outbox == []
    assert not Email.objects.exists()


def test_mail_failure_keeps_application_and_the_outbox_retries(
    fund, django_capture_on_commit_callbacks, settings, time_machine
):
    time_machine.move_to("2026-03-02 10:00+01:00", tick=False)
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "tests.fund_applications.failing_mail.FailingBackend"},
    }

    with django_capture_on_commit_callbacks(execute=True):
        application, _ = submit(services.draft_create(fund=fund), fund)

    email = application.status_changes.get().email
    email.refresh_from_db()
    assert Application.objects.count() == 1
    assert email.status == STATUS.requeued
    assert "connection refused" in email.logs.get().message

    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.locmem.EmailBackend"},
    }
    send_outbox.call()
    assert mail.outbox == []  # not due yet: the first retry waits five minutes

    time_machine.shift(dt.timedelta(minutes=6))
    send_outbox.call()

    email.refresh_from_db()
    assert email.status == STATUS.sent
    assert [m.subject for m in mail.outbox] == [email.subject]


def test_confirmation_mail_is_in_the_applicants_language(fund, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(services.draft_create(fund=fund), fund, language="en")

    assert "has been received" in mail.outbox[0].subject


# ---------------------------------------------------------------- statuses


@pytest.mark.parametrize(
    ("from_status", "to_status", "actor"),
    [
        (s, t, a)
        for s in ApplicationStatus.values
        for t in ApplicationStatus.values
        for a in Actor.values
    ],
)
def test_transition_table_is_the_only_rule(fund, from_status, to_status, actor):
    application = ApplicationFactory(fund=fund, status=from_status)
    allowed = actor in TRANSITIONS[from_status].get(to_status, set())

    if allowed:
        services.application_transition(application=application, to_status=to_status, actor=actor)
        application.refresh_from_db()
        assert application.status == to_status
        assert application.status_changes.get().from_status == from_status
    else:
        with pytest.raises(ValidationError):
            services.application_transition(
                application=application, to_status=to_status, actor=actor
            )
        application.refresh_from_db()
        assert application.status == from_status


def test_applicant_can_withdraw_until_the_project_runs():
    withdrawable = [
        s for s in ApplicationStatus.values if can_transition(s, "zurueckgezogen", "antragsteller")
    ]

    assert withdrawable == [
        "eingegangen",
        "in_pruefung",
        "rueckfrage",
        "bereit_fuer_jury",
        "bewilligt",
    ]


def test_withdraw_notifies_the_team(fund, django_capture_on_commit_callbacks):
    application = ApplicationFactory(fund=fund)

    with django_capture_on_commit_callbacks(execute=True):
        services.application_withdraw(application=application, reason="Kein Platz")

    to_team = [m for m in mail.outbox if m.to == ["qm@example.org"]]
    to_applicant = [m for m in mail.outbox if m.to == ["anna@example.org"]]
    assert len(to_team) == len(to_applicant) == 1
    assert application.reference in to_team[0].subject
    assert "Kein Platz" in to_team[0].body
    assert "zurückgezogen" in to_applicant[0].subject


# ---------------------------------------------------------------- drafts


def test_purge_deletes_drafts_untouched_for_30_days_with_their_files(fund):
    with time_machine.travel(clock.now() - dt.timedelta(days=31)):
        old = services.draft_create(fund=fund)
        old_file = services.draft_attachment_add(
            draft=old, upload=SimpleUploadedFile("a.pdf", PDF_BYTES)
        )
    recent = services.draft_create(fund=fund)

    call_command("apply_retention", stdout=StringIO())

    assert list(ApplicationDraft.objects.all()) == [recent]
    assert not private_storage.exists(old_file.file.name)


def test_draft_attachment_remove_deletes_the_file(fund, django_capture_on_commit_callbacks):
    draft = services.draft_create(fund=fund)
    stored = services.draft_attachment_add(
        draft=draft, upload=SimpleUploadedFile("a.pdf", PDF_BYTES)
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.draft_attachment_remove(draft=draft, attachment_id=stored.pk)

    assert not private_storage.exists(stored.file.name)
    assert draft.attachments.count() == 0


def test_saving_a_step_on_a_sent_draft_changes_nothing(fund):
    draft = services.draft_create(fund=fund)
    submit(draft, fund)

    services.draft_save_step(draft=draft, step="projekt", values={"title": "x"}, valid=False)

    assert ApplicationDraft.objects.get().data == {}


def test_draft_keeps_typed_text_without_nul_characters(fund):
    # PostgreSQL refuses NUL in jsonb: a pasted control character must not lose the step.
    draft = services.draft_create(fund=fund)

    services.draft_save_step(
        draft=draft,
        step="antragsteller",
        values={"contact_name": "Anna\x00 Beispiel", "rows": [{"description": "Holz\x00"}]},
        valid=False,
    )

    draft.refresh_from_db()
    saved = draft.data["steps"]["antragsteller"]["values"]
    assert saved == {"contact_name": "Anna Beispiel", "rows": [{"description": "Holz"}]}


def test_applications_with_one_address_mail_it_only_up_to_the_daily_limit(
    fund, settings, django_capture_on_commit_callbacks
):
    settings.RECIPIENT_MAIL_LIMIT = 1
    drafts = [services.draft_create(fund=fund) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        submitted = [submit(draft, fund)[0] for draft in drafts]

    assert [a.status for a in submitted] == [ApplicationStatus.SUBMITTED] * 2
    (confirmation,) = mail.outbox
    assert confirmation.to == [submitted[0].email]
    assert f"Ihr Antrag {submitted[0].reference}" in confirmation.subject
    second = submitted[1].status_changes.get()
    assert second.email is None


def test_checks_run_before_the_reference_counter_is_locked(filled_draft, fund):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        application, created = submit(filled_draft, fund)

    sql = [query["sql"] for query in captured]
    locked_at = next(
        n for n, q in enumerate(sql) if q.startswith("UPDATE") and "referencecounter" in q
    )
    while_locked = sql[locked_at:]
    # Every other submission waits from the counter's UPDATE to the commit: no checks there.
    assert not [q for q in while_locked if '"_check"' in q or 'AS "a" FROM' in q]
    assert not [q for q in while_locked if "jurysession" in q]
    assert created
    assert application.reference == f"SF-{application.reference_year}-0001"
    assert application.reference_number == 1
