"""Staff workflow services: every staff step with its email, the jury's decision, budget
arithmetic, payouts, the Verwendungsnachweis and reminders."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from post_office.models import STATUS

from fund_applications import selectors, services
from fund_applications.emails import SUBJECTS_BY_STEP, status_email
from fund_applications.enums import (
    DECISION_STATUSES,
    TRANSITIONS,
    Actor,
    ApplicationStatus,
    Decision,
)
from fund_applications.models import ApplicationMessage, FundBudget, JuryDecision
from quartier.core import clock
from quartier.core.mail import outbox_status_label
from tests.factories import ApplicationFactory, CostItemFactory, JurySessionFactory, UserFactory
from tests.fund_applications.conftest import PDF_BYTES, png_bytes

S = ApplicationStatus

STAFF_STEPS = [
    (from_status, to_status)
    for from_status, targets in TRANSITIONS.items()
    for to_status, actors in targets.items()
    if Actor.STAFF in actors
]


@pytest.fixture
def staff(db):
    return UserFactory(username="fonds", first_name="Fatma", is_staff=True)


def move(application, to_status, staff, **kwargs):
    """One staff step through the services, as the admin page does it."""
    if to_status in DECISION_STATUSES:
        return services.application_decide(
            application=application,
            user=staff,
            decision=Decision(to_status),
            jury_session=application.jury_session,
            granted_amount=Decimal("250.00") if to_status == S.APPROVED else None,
            reason="" if to_status == S.APPROVED else "Passt nicht zu den Regeln.",
            votes_for=9,
            votes_against=3,
            votes_abstain=1,
            **{"early_confirmed": True, **kwargs},
        )
    return services.application_staff_transition(
        application=application,
        to_status=to_status,
        user=staff,
        question="Wie viele Beete?" if to_status == S.QUESTION else "",
        **kwargs,
    )


@pytest.mark.parametrize(("from_status", "to_status"), STAFF_STEPS)
def test_every_staff_step_writes_timeline_and_sends_its_email_after_commit(
    fund, staff, mailoutbox, django_capture_on_commit_callbacks, from_status, to_status
):
    application = ApplicationFactory(
        fund=fund,
        status=from_status,
        jury_session=fund.jury_sessions.first(),
        granted_amount=Decimal("250.00") if from_status in {S.APPROVED, S.IN_PROGRESS} else None,
    )

    with django_capture_on_commit_callbacks(execute=True):
        move(application, to_status, staff, personal_message="Danke für das nette Gespräch!")

    application.refresh_from_db()
    change = application.status_changes.get()
    assert application.status == to_status
    assert (change.from_status, change.to_status, change.actor) == (from_status, to_status, "team")
    assert change.changed_by == staff
    assert change.created_at == application.status_changed_at
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["anna@example.org"]
    assert email.message()["Reply-To"] == "qm@example.org"
    assert application.reference in email.subject
    assert change.email_subject == email.subject
    assert email.body.startswith("Guten Tag Anna Beispiel,")
    assert "Danke für das nette Gespräch!" in email.body
    assert application.get_status_url() in email.body


def test_every_kind_of_staff_step_has_its_own_subject(fund):
    application = ApplicationFactory(fund=fund)
    # Withdrawing says the same whatever the status before; going back a step says so.
    kinds = {(f, t) if (f, t) in SUBJECTS_BY_STEP else t for f, t in STAFF_STEPS}
    subjects = {
        status_email(application, from_status=f, to_status=t).subject for f, t in STAFF_STEPS
    }

    assert len(subjects) == len(kinds) == 12


@pytest.mark.parametrize(
    ("from_status", "to_status", "words"),
    [
        (S.SUBMITTED, S.IN_REVIEW, ["wird jetzt geprüft", "begonnen, Ihren Antrag zu prüfen"]),
        (S.IN_REVIEW, S.QUESTION, ["Rückfrage", "Wie viele Beete?", "Frage beantworten"]),
        (S.IN_REVIEW, S.READY_FOR_JURY, ["Jurysitzung", "in ihrer Sitzung am"]),
        (S.READY_FOR_JURY, S.APPROVED, ["Bewilligt", "250,00\u00a0€", "beantragt waren 300,00"]),
        (S.READY_FOR_JURY, S.REJECTED, ["nicht gefördert", "Passt nicht zu den Regeln."]),
        (S.APPROVED, S.IN_PROGRESS, ["kann starten", "Verwendungsnachweis"]),
        (S.REPORT_SUBMITTED, S.IN_PROGRESS, ["bitte ergänzen", "fehlt aber noch etwas"]),
        (S.REPORT_SUBMITTED, S.CLOSED, ["abgeschlossen", "Vielen Dank für Ihr Engagement"]),
        (S.IN_REVIEW, S.WITHDRAWN, ["zurückgezogen", "nicht weiter bearbeitet"]),
    ],
)
def test_email_subject_and_body_say_what_happened(
    fund, staff, mailoutbox, django_capture_on_commit_callbacks, from_status, to_status, words
):
    application = ApplicationFactory(
        fund=fund,
        status=from_status,
        jury_session=fund.jury_sessions.first(),
        granted_amount=Decimal("250.00") if from_status == S.REPORT_SUBMITTED else None,
    )

    with django_capture_on_commit_callbacks(execute=True):
        move(application, to_status, staff)

    text = mailoutbox[0].subject + "\n" + mailoutbox[0].body
    for word in words:
        assert word in text, word


def test_email_goes_in_the_applicants_language(
    fund, staff, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(fund=fund, language="en")

    with django_capture_on_commit_callbacks(execute=True):
        move(application, S.IN_REVIEW, staff)

    assert mailoutbox[0].subject.startswith("Your application")
    assert mailoutbox[0].body.startswith("Dear Anna Beispiel,")


def test_no_email_without_address_but_the_step_is_saved(
    fund, staff, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(fund=fund, email="", phone="0231 1234")

    with django_capture_on_commit_callbacks(execute=True):
        move(application, S.IN_REVIEW, staff)

    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    assert mailoutbox == []
    assert application.status_changes.get().email_subject == ""


def test_failing_mail_server_keeps_the_step_and_the_mail_waits_in_the_outbox(
    fund, staff, settings, django_capture_on_commit_callbacks
):
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "tests.fund_applications.failing_mail.FailingBackend"},
    }
    application = ApplicationFactory(fund=fund)

    with django_capture_on_commit_callbacks(execute=True):
        move(application, S.IN_REVIEW, staff)

    application.refresh_from_db()
    entry = application.status_changes.get()
    assert application.status == S.IN_REVIEW
    assert entry.email.status == STATUS.requeued
    assert outbox_status_label(entry.email.status) == "wartet auf einen neuen Versuch"


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [
        (f, t)
        for f in S.values
        for t in S.values
        if Actor.STAFF not in TRANSITIONS[f].get(t, frozenset())
    ],
)
def test_every_forbidden_staff_step_is_refused_and_changes_nothing(
    fund, staff, mailoutbox, django_capture_on_commit_callbacks, from_status, to_status
):
    application = ApplicationFactory(fund=fund, status=from_status)

    with pytest.raises(ValidationError) as error, django_capture_on_commit_callbacks(execute=True):
        move(application, to_status, staff)

    application.refresh_from_db()
    assert error.value.code == "transition_not_allowed"
    assert "nicht erlaubt" in error.value.messages[0]
    assert application.status == from_status
    assert not application.status_changes.exists()
    assert not ApplicationMessage.objects.exists()
    assert not JuryDecision.objects.exists()
    assert mailoutbox == []


def test_question_needs_text_and_becomes_a_message(fund, staff):
    application = ApplicationFactory(fund=fund, status=S.IN_REVIEW)

    with pytest.raises(ValidationError):
        services.application_staff_transition(
            application=application, to_status=S.QUESTION, user=staff, question="  "
        )
    move(application, S.QUESTION, staff)

    message = application.messages.get()
    assert (message.sender, message.body, message.sent_by) == ("team", "Wie viele Beete?", staff)


def test_decision_cannot_be_taken_without_the_jury_record(fund, staff):
    application = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY)

    with pytest.raises(ValidationError) as error:
        services.application_staff_transition(
            application=application, to_status=S.APPROVED, user=staff
        )

    assert error.value.code == "decision_needs_record"


def test_ready_for_jury_puts_the_application_on_the_next_open_session(fund, staff):
    session = fund.jury_sessions.get()
    application = ApplicationFactory(fund=fund, status=S.IN_REVIEW)

    move(application, S.READY_FOR_JURY, staff)

    assert application.jury_session == session


def test_in_progress_sets_the_report_due_date(fund, staff, settings):
    settings.FUND_REPORT_DUE_DAYS = 42
    application = ApplicationFactory(fund=fund, status=S.APPROVED, granted_amount=Decimal("1"))

    move(application, S.IN_PROGRESS, staff)

    assert application.report_due_on == application.end_date + dt.timedelta(days=42)


# ---------------------------------------------------------------- decision and budget


def decide(application, staff, amount, **kwargs):
    return services.application_decide(
        application=application,
        user=staff,
        decision=Decision.APPROVED,
        jury_session=kwargs.pop("jury_session", application.jury_session),
        granted_amount=amount,
        votes_for=10,
        **{"early_confirmed": True, **kwargs},
    )


def test_decision_records_lower_amount_conditions_votes_and_conflicts(fund, staff):
    session = fund.jury_sessions.get()
    application = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY, jury_session=session)

    record = decide(
        application,
        staff,
        Decimal("199.99"),
        conditions="Ohne Verpflegung",
        votes_against=2,
        votes_abstain=1,
        conflicted_members="Erika Muster",
    )

    application.refresh_from_db()
    assert application.status == S.APPROVED
    assert application.granted_amount == Decimal("199.99")
    assert application.budget_year == timezone.localtime(session.starts_at).year
    assert (record.votes_for, record.votes_against, record.votes_abstain) == (10, 2, 1)
    assert record.conflicted_members == "Erika Muster"
    assert record.recorded_by == staff
    assert "199,99" in application.status_changes.get().comment


def test_decision_above_requested_amount_is_refused(fund, staff):
    application = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY)

    with pytest.raises(ValidationError) as error:
        decide(application, staff, Decimal("300.01"))

    assert "granted_amount" in error.value.error_dict
    application.refresh_from_db()
    assert application.status == S.READY_FOR_JURY


def test_rejection_needs_a_reason(fund, staff):
    application = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY)

    with pytest.raises(ValidationError) as error:
        services.application_decide(
            application=application,
            user=staff,
            decision=Decision.REJECTED,
            jury_session=None,
            reason=" ",
        )

    assert "reason" in error.value.error_dict


def test_budget_arithmetic_is_exact_in_decimal(fund, staff):
    year = timezone.localtime(fund.jury_sessions.get().starts_at).year
    FundBudget.objects.create(fund=fund, year=year, amount=Decimal("1000.00"))
    session = fund.jury_sessions.get()
    for amount in ["0.10", "0.20", "299.70"]:
        application = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY, jury_session=session)
        decide(application, staff, Decimal(amount))
    withdrawn = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY, jury_session=session)
    decide(withdrawn, staff, Decimal("100.00"))
    services.application_transition(
        application=withdrawn, to_status=S.WITHDRAWN, actor=Actor.APPLICANT
    )
    application.status = S.IN_PROGRESS
    application.save()
    services.application_record_payout(
        application=application, user=staff, amount=Decimal("100.05"), paid_on=clock.today()
    )

    summary = selectors.budget_summary(fund=fund, year=year)

    assert summary.budget == Decimal("1000.00")
    assert summary.granted == Decimal("300.00")  # the withdrawn grant is back in the pot
    assert summary.paid_out == Decimal("100.05")
    assert summary.remaining == Decimal("700.00")
    assert selectors.budget_summary(fund=fund, year=year + 1).remaining == fund.year_budget


def test_grant_above_remaining_budget_needs_explicit_confirmation(fund, staff):
    session = fund.jury_sessions.get()
    year = timezone.localtime(session.starts_at).year
    FundBudget.objects.create(fund=fund, year=year, amount=Decimal("200.00"))
    application = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY, jury_session=session)

    with pytest.raises(ValidationError) as error:
        decide(application, staff, Decimal("200.01"))
    decide(application, staff, Decimal("200.01"), over_budget_confirmed=True)

    assert "over_budget_confirmed" in error.value.error_dict
    assert "200,00" in error.value.error_dict["over_budget_confirmed"][0].messages[0]
    assert selectors.budget_summary(fund=fund, year=year).remaining == Decimal("-0.01")


def test_grant_exactly_the_remaining_budget_needs_no_confirmation(fund, staff):
    session = fund.jury_sessions.get()
    year = timezone.localtime(session.starts_at).year
    FundBudget.objects.create(fund=fund, year=year, amount=Decimal("300.00"))
    application = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY, jury_session=session)

    decide(application, staff, Decimal("300.00"))

    assert selectors.budget_summary(fund=fund, year=year).remaining == Decimal("0.00")


def test_payouts_never_exceed_the_grant(fund, staff):
    application = ApplicationFactory(
        fund=fund, status=S.IN_PROGRESS, granted_amount=Decimal("250.00"), budget_year=2026
    )
    services.application_record_payout(
        application=application, user=staff, amount=Decimal("200.00"), paid_on=clock.today()
    )

    with pytest.raises(ValidationError) as error:
        services.application_record_payout(
            application=application, user=staff, amount=Decimal("50.01"), paid_on=clock.today()
        )

    assert "200,00" in error.value.messages[0]
    assert application.paid_out == Decimal("200.00")


def test_payout_before_the_decision_is_refused(fund, staff):
    application = ApplicationFactory(fund=fund, status=S.IN_REVIEW)

    with pytest.raises(ValidationError):
        services.application_record_payout(
            application=application, user=staff, amount=Decimal("1"), paid_on=clock.today()
        )


def test_collect_takes_ready_applications_sent_before_the_deadline(fund):
    session = fund.jury_sessions.get()
    in_time = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY)
    late = ApplicationFactory(
        fund=fund,
        status=S.READY_FOR_JURY,
        submitted_at=timezone.make_aware(
            dt.datetime.combine(session.submission_deadline + dt.timedelta(days=1), dt.time(12))
        ),
    )
    still_checking = ApplicationFactory(fund=fund, status=S.IN_REVIEW)
    other_session = JurySessionFactory(
        fund=fund, starts_at=session.starts_at + dt.timedelta(days=90)
    )
    planned_later = ApplicationFactory(
        fund=fund, status=S.READY_FOR_JURY, jury_session=other_session
    )

    result = services.jury_session_collect(session=session)

    assert result.collected == [in_time]
    assert list(session.applications.all()) == [in_time]
    for application in [late, still_checking, planned_later]:
        application.refresh_from_db()
    assert late.jury_session is None
    assert planned_later.jury_session == other_session
    reasons = {left.application.pk: left.reason for left in result.left_out}
    assert reasons[late.pk] == "nach dem Einsendeschluss eingegangen"
    assert reasons[still_checking.pk] == "noch in Prüfung"
    assert reasons[planned_later.pk].startswith("einer anderen Sitzung zugeordnet (Sitzung am ")
    # The collected one is a session move: timeline entry and an email with the date.
    entry = in_time.status_changes.get(event="sitzung")
    assert "Sitzung am" in entry.comment
    assert entry.email is not None
    assert "Die Jury entscheidet jetzt am" in entry.email.message


# ---------------------------------------------------------------- Verwendungsnachweis


@pytest.fixture
def running(fund):
    application = ApplicationFactory(
        fund=fund,
        status=S.IN_PROGRESS,
        granted_amount=Decimal("300.00"),
        budget_year=2026,
        report_due_on=clock.today() + dt.timedelta(days=10),
    )
    CostItemFactory(application=application, description="Holz", amount=Decimal("200.00"))
    return application


def test_receipt_is_checked_and_booked_on_a_cost_line(running):
    line = running.cost_items.get()

    receipt = services.receipt_add(
        application=running,
        upload=SimpleUploadedFile("Baumarkt.pdf", PDF_BYTES),
        amount=Decimal("180.40"),
        cost_item=line,
    )

    assert receipt.cost_item == line
    assert receipt.file.name.startswith("stadtteilfonds/")
    assert receipt.original_name == "Baumarkt.pdf"


def test_receipt_with_wrong_content_is_refused(running):
    with pytest.raises(ValidationError) as error:
        services.receipt_add(
            application=running,
            upload=SimpleUploadedFile("Beleg.pdf", b"MZ" + b"\0" * 50),
            amount=Decimal("1"),
            cost_item=None,
        )

    assert "keine PDF-, JPEG- oder PNG-Datei" in error.value.messages[0]
    assert not running.receipts.exists()


def test_receipt_on_another_applications_line_is_refused(running, fund):
    foreign = CostItemFactory(application=ApplicationFactory(fund=fund))

    with pytest.raises(ValidationError):
        services.receipt_add(
            application=running,
            upload=SimpleUploadedFile("Beleg.pdf", PDF_BYTES),
            amount=Decimal("1"),
            cost_item=foreign,
        )


def test_photo_must_be_an_image(running):
    with pytest.raises(ValidationError):
        services.report_photo_add(
            application=running, upload=SimpleUploadedFile("Foto.pdf", PDF_BYTES)
        )
    photo = services.report_photo_add(
        application=running, upload=SimpleUploadedFile("Fest.png", png_bytes())
    )

    assert photo.content_type == "image/png"


def test_report_submit_needs_text_and_a_receipt(running):
    with pytest.raises(ValidationError) as error:
        services.report_submit(application=running, text="")

    assert set(error.value.error_dict) == {"report_text", "file"}
    running.refresh_from_db()
    assert running.status == S.IN_PROGRESS


def test_report_submit_moves_on_and_tells_applicant_and_team(
    running, mailoutbox, django_capture_on_commit_callbacks
):
    services.receipt_add(
        application=running,
        upload=SimpleUploadedFile("Beleg.pdf", PDF_BYTES),
        amount=Decimal("190.00"),
        cost_item=None,
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(application=running, text="Es war ein schönes Fest.")

    running.refresh_from_db()
    change = running.status_changes.get()
    assert running.status == S.REPORT_SUBMITTED
    assert running.report_text == "Es war ein schönes Fest."
    assert running.report_submitted_at is not None
    assert change.actor == Actor.APPLICANT
    assert [m.to for m in mailoutbox] == [["anna@example.org"], ["qm@example.org"]]
    assert "Verwendungsnachweis" in mailoutbox[0].subject


def test_report_cannot_change_after_it_was_handed_in(running):
    running.status = S.REPORT_SUBMITTED
    running.save()

    with pytest.raises(ValidationError):
        services.report_save_text(application=running, text="Nachträglich")


def test_overdue_reports_are_reminded_once_per_interval(
    running, fund, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.FUND_REPORT_REMINDER_DAYS = 14
    not_due = ApplicationFactory(
        fund=fund, status=S.IN_PROGRESS, report_due_on=clock.today() + dt.timedelta(30)
    )
    later = clock.now() + dt.timedelta(days=11)

    with (
        time_machine.travel(later, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        first = services.reports_remind_overdue(now=clock.now())
        again = services.reports_remind_overdue(now=clock.now())
    with time_machine.travel(later + dt.timedelta(days=15), tick=False):
        third = services.reports_remind_overdue(now=clock.now())

    assert (first, again, third) == (1, 0, 1)
    assert mailoutbox[0].to == ["anna@example.org"]
    assert "Erinnerung" in mailoutbox[0].subject
    assert running.get_status_url() in mailoutbox[0].body
    assert not_due.reference not in mailoutbox[0].body
