"""The one place where an application's status changes, from "eingegangen" to "abgeschlossen".

status_enter checks enums.TRANSITIONS, fills the dates and sends the emails that enums.ON_ENTER
names, and writes the timeline entry with the outbox entry of the applicant's email, all in the
caller's transaction. The other service modules call it for the steps that need more than the
status (a question, a decision record, a report)."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fund_applications import selectors
from fund_applications.emails import ApplicantEmail, status_email, team_email
from fund_applications.enums import (
    ATTENTION_STATUSES,
    DECISION_STATUSES,
    GRANTED_STATUSES,
    ON_ENTER,
    Actor,
    ApplicationStatus,
    MessageSender,
    can_transition,
)
from fund_applications.models import (
    Application,
    ApplicationMessage,
    ApplicationStatusChange,
    JuryDecision,
    JurySession,
)
from quartier.core import clock, page_cache, recipient_limit
from quartier.core.mail import queue_email

S = ApplicationStatus


def email_send(email: ApplicantEmail):
    """Into the outbox, in the caller's transaction; the outbox entry, or None (no address)."""
    return queue_email(
        to=email.to,
        subject=email.subject,
        body=email.body,
        reply_to=email.reply_to,
        topic="fund",
    )


def report_due_date(application: Application) -> date:
    return application.end_date + timedelta(days=settings.FUND_REPORT_DUE_DAYS)


def _fill_dates(application: Application, names: tuple[str, ...], now: datetime) -> list[str]:
    """The dates enums.ON_ENTER names for the new status; returns the fields it set."""
    changed = []
    for name in names:
        if name == "report_due_on":
            if application.report_due_on is not None:
                continue  # a report handed back keeps its due date
            application.report_due_on = report_due_date(application)
        elif name in {"report_submitted_at", "submitted_at"}:
            setattr(application, name, now)
        else:
            raise ValueError(f"ON_ENTER names an unknown date: {name}")
        changed.append(name)
    return changed


def status_enter(
    locked: Application,
    *,
    to_status: str,
    actor: str,
    user=None,
    comment: str = "",
    personal_message: str = "",
    question: str = "",
    decision: JuryDecision | None = None,
    team_message: str = "",
    from_status: str | None = None,
) -> ApplicationStatusChange:
    """Change the status of a locked (or just created) application; see the module docstring.

    Raises ValidationError with code "transition_not_allowed" for any change
    enums.TRANSITIONS does not allow. Must run inside a transaction."""
    from_status = locked.status if from_status is None else from_status
    if from_status:
        check_step(from_status, to_status, actor)
    effects = ON_ENTER[to_status]
    now = clock.now()
    locked.status = to_status
    locked.status_changed_at = now
    changed = _fill_dates(locked, effects.dates, now)
    if locked.pk:
        locked.save(update_fields=["status", "status_changed_at", "updated_at", *changed])

    outbox_entry = None
    subject = ""
    if actor in effects.email_applicant:
        email = status_email(
            locked,
            from_status=from_status,
            to_status=to_status,
            personal_message=personal_message,
            question=question,
            decision=decision,
        )
        # The applicant's own step mails the address they typed: it counts toward that
        # address's daily limit, so nobody floods someone else's inbox with applications.
        if actor != Actor.APPLICANT or all(recipient_limit.allow(to) for to in email.to):
            outbox_entry = email_send(email)
        subject = email.subject if outbox_entry else ""
    if actor == Actor.APPLICANT and effects.tell_team:
        email_send(team_email(locked, to_status=to_status, message=team_message))
        if to_status in ATTENTION_STATUSES:
            # "neu" in the staff lists until someone of the fund team opens it.
            locked.staff_attention_since = now
            if locked.pk:
                locked.save(update_fields=["staff_attention_since"])
    if from_status in GRANTED_STATUSES or to_status in GRANTED_STATUSES:
        # The public fund page may show the remaining budget.
        transaction.on_commit(page_cache.content_changed)
    return ApplicationStatusChange.objects.create(
        application=locked,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        changed_by=user,
        comment=comment,
        email_subject=subject[:200],
        email=outbox_entry,
        created_at=now,
    )


def timeline_note(
    locked: Application, *, event: str, user=None, comment: str, email=None, subject: str = ""
) -> ApplicationStatusChange:
    """A timeline entry that keeps the status: a session move, a correction."""
    return ApplicationStatusChange.objects.create(
        application=locked,
        from_status=locked.status,
        to_status=locked.status,
        event=event,
        actor=Actor.STAFF,
        changed_by=user,
        comment=comment,
        email_subject=subject[:200] if email else "",
        email=email,
        created_at=clock.now(),
    )


def check_step(from_status: str, to_status: str, actor: str) -> None:
    """Raise ValidationError (code "transition_not_allowed") unless TRANSITIONS allows it."""
    if not can_transition(from_status, to_status, actor):
        raise ValidationError(
            _("Der Schritt von „%(from)s“ nach „%(to)s“ ist nicht erlaubt.")
            % {
                "from": S(from_status).label,
                "to": S(to_status).label if to_status in S.values else to_status,
            },
            code="transition_not_allowed",
        )


def application_locked(application: Application) -> Application:
    # Only the application's row is locked (PostgreSQL refuses FOR UPDATE on outer joins).
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("fund__office", "jury_session")
        .get(pk=application.pk)
    )


def application_transition(
    *,
    application: Application,
    to_status: str,
    actor: str,
    user=None,
    comment: str = "",
    team_message: str = "",
) -> Application:
    """A status change that needs nothing but itself (no question, no decision record)."""
    with transaction.atomic():
        status_enter(
            application_locked(application),
            to_status=to_status,
            actor=actor,
            user=user,
            comment=comment,
            team_message=team_message,
        )
    application.refresh_from_db()
    return application


def application_withdraw(*, application: Application, reason: str = "") -> Application:
    """The applicant withdraws through the status link; the team is told."""
    return application_transition(
        application=application,
        to_status=S.WITHDRAWN,
        actor=Actor.APPLICANT,
        comment=reason,
        team_message=reason,
    )


def application_staff_transition(
    *,
    application: Application,
    to_status: str,
    user,
    comment: str = "",
    personal_message: str = "",
    question: str = "",
    jury_session: JurySession | None = None,
) -> Application:
    """Staff move the application on; the applicant gets the email staff saw in the preview.

    Decisions (bewilligt/abgelehnt) need the jury's record: use application_decide."""
    if to_status in DECISION_STATUSES:
        raise ValidationError(
            _("Bitte tragen Sie die Entscheidung der Jury mit Betrag und Stimmen ein."),
            code="decision_needs_record",
        )
    if to_status == S.QUESTION and not question.strip():
        raise ValidationError(
            {"question": _("Bitte schreiben Sie Ihre Frage an die Antragsteller.")},
            code="question_missing",
        )
    with transaction.atomic():
        locked = application_locked(application)
        if to_status == S.QUESTION:
            message = ApplicationMessage(
                application=locked,
                sender=MessageSender.STAFF,
                sent_by=user,
                body=question.strip(),
                created_at=clock.now(),
            )
            message.full_clean()
            message.save()
        if to_status == S.READY_FOR_JURY:
            locked.jury_session = jury_session or selectors.jury_session_open(
                fund=locked.fund, on_date=clock.today()
            )
            locked.save(update_fields=["jury_session", "updated_at"])
        # A refused step raises here and rolls the question and the session back.
        status_enter(
            locked,
            to_status=to_status,
            actor=Actor.STAFF,
            user=user,
            comment=comment or question,
            personal_message=personal_message,
            question=question,
        )
    application.refresh_from_db()
    return application
