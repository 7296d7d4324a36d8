"""Every status change of a Stadtteilfonds application, from "eingegangen" to "abgeschlossen".

One function changes the status (_enter): it checks enums.TRANSITIONS, fills the dates and
sends the emails that enums.ON_ENTER names, and writes the timeline entry with the outbox
entry of the applicant's email, all in one transaction. The functions below are the steps
people take: the applicant sends, answers, withdraws, hands in the report; staff move the
application on; the jury's decision is recorded with its votes."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from fund_applications import selectors, uploads
from fund_applications.cost_plan import check_totals, cost_totals
from fund_applications.emails import (
    ApplicantEmail,
    report_reminder_email,
    session_moved_email,
    status_email,
    team_email,
)
from fund_applications.enums import (
    DECISION_STATUSES,
    GRANTED_STATUSES,
    ON_ENTER,
    REPORT_STATUSES,
    Actor,
    ApplicationStatus,
    Decision,
    MessageSender,
    TimelineEvent,
    can_transition,
)
from fund_applications.models import (
    Application,
    ApplicationDraft,
    ApplicationMessage,
    ApplicationStatusChange,
    Attachment,
    CostItem,
    FundGoal,
    JuryDecision,
    JurySession,
    MessageAttachment,
    ReferenceCounter,
)
from fund_applications.services import next_jury_session, report_save_text
from fund_applications.storage import private_storage
from quartier.core import clock, page_cache
from quartier.core.mail import queue_email
from quartier.core.templatetags.formatting import euro, hhmm, long_date

S = ApplicationStatus


def _send(email: ApplicantEmail):
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


def _enter(
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
        outbox_entry = _send(email)
        subject = email.subject if outbox_entry else ""
    if actor == Actor.APPLICANT and effects.tell_team:
        _send(team_email(locked, to_status=to_status, message=team_message))
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


# The applicant's steps that wait for the fund team: an answer, a Verwendungsnachweis.
ATTENTION_STATUSES = frozenset({S.IN_REVIEW, S.REPORT_SUBMITTED})


def _note(
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


def _locked(application: Application) -> Application:
    # Only the application's row is locked (PostgreSQL refuses FOR UPDATE on outer joins).
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("fund__office", "jury_session")
        .get(pk=application.pk)
    )


# ---------------------------------------------------------------- the applicant


@dataclass(frozen=True)
class CostLine:
    category: str
    description: str
    amount: Decimal


def _next_reference(*, year: int) -> tuple[int, str]:
    """Count up this year's number inside the caller's transaction.

    The UPDATE … SET n = n + 1 locks the counter row until commit (PostgreSQL); SQLite runs
    write transactions one after another (IMMEDIATE). Either way no two get the same number,
    and a rolled-back submission gives its number back."""
    ReferenceCounter.objects.bulk_create([ReferenceCounter(year=year)], ignore_conflicts=True)
    ReferenceCounter.objects.filter(year=year).update(last_number=F("last_number") + 1)
    number = ReferenceCounter.objects.get(year=year).last_number
    return number, f"SF-{year}-{number:04d}"


def _move_draft_attachments(*, draft: ApplicationDraft, application: Application) -> None:
    """The files stay where they are; only the rows change owner."""
    Attachment.objects.bulk_create(
        [
            Attachment(
                application=application,
                file=item.file.name,
                original_name=item.original_name,
                content_type=item.content_type,
                size=item.size,
            )
            for item in draft.attachments.all()
        ]
    )
    draft.attachments.all().delete()


def application_submit(
    *,
    draft: ApplicationDraft,
    fields: dict,
    goals: list[FundGoal],
    cost_lines: list[CostLine],
    language: str = "de",
) -> tuple[Application, bool]:
    """Turn a draft into an application, once. Returns (application, created).

    Everything happens in one transaction: the application, its cost plan, its files and the
    confirmation email in the outbox appear together or not at all."""
    with transaction.atomic():
        locked = ApplicationDraft.objects.select_for_update().get(pk=draft.pk)
        if locked.application_id:
            return locked.application, False

        fund = locked.fund
        totals = cost_totals([line.amount for line in cost_lines], fields.get("other_funding", 0))
        check_totals(totals, max_per_application=fund.max_per_application)

        today = clock.today()
        number, reference = _next_reference(year=today.year)
        application = Application(
            fund=fund,
            jury_session=next_jury_session(fund=fund, on_date=today),
            reference=reference,
            reference_year=today.year,
            reference_number=number,
            total_cost=totals.total,
            requested_amount=totals.requested,
            status_key=locked.key,
            status_secret=locked.secret,
            language=language,
            **{**fields, "other_funding": totals.other_funding},
        )
        application.submitted_at = clock.now()  # checked by full_clean; _enter sets it again
        application.full_clean(exclude=["goals"])
        application.save()
        application.goals.set(goals)
        CostItem.objects.bulk_create(
            [
                CostItem(
                    application=application,
                    position=position,
                    category=line.category,
                    description=line.description,
                    amount=line.amount,
                )
                for position, line in enumerate(cost_lines, start=1)
            ]
        )
        _move_draft_attachments(draft=locked, application=application)
        _enter(application, to_status=S.SUBMITTED, actor=Actor.APPLICANT, from_status="")
        # What was typed now lives in the application; the draft keeps only its link.
        locked.application = application
        locked.data = {}
        locked.save(update_fields=["application", "data", "updated_at"])
    return application, True


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
        _enter(
            _locked(application),
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


def check_answer_files(*, application: Application, files: list) -> list[uploads.CheckedFile]:
    """Each file of an answer checked like the application's attachments (type by content,
    size, count); the application's files so far count against the limits."""
    stored = MessageAttachment.objects.filter(message__application=application)
    stored_bytes = sum(stored.values_list("size", flat=True))
    stored_count = stored.count()
    checked = []
    for upload in files:
        item = uploads.check_upload(
            upload, already_stored_bytes=stored_bytes, already_stored_files=stored_count
        )
        stored_bytes += item.size
        stored_count += 1
        checked.append(item)
    return checked


def application_answer_question(
    *, application: Application, body: str, files: list | None = None
) -> ApplicationMessage:
    """The applicant answers, with files if they like; the application goes back into review,
    the team is told and sees it as "neu". A refused file stores nothing."""
    files = files or []
    checked = check_answer_files(application=application, files=files)
    saved_names: list[str] = []
    try:
        with transaction.atomic():
            locked = _locked(application)
            message = ApplicationMessage(
                application=locked,
                sender=MessageSender.APPLICANT,
                body=body,
                created_at=clock.now(),
            )
            message.full_clean()
            message.save()
            for upload, item in zip(files, checked, strict=True):
                stored = MessageAttachment(
                    message=message,
                    original_name=item.original_name,
                    content_type=item.content_type,
                    size=item.size,
                )
                upload.seek(0)
                stored.file.save("upload", upload, save=False)
                saved_names.append(stored.file.name)
                stored.full_clean()
                stored.save()
            team_message = body
            if checked:
                team_message += "\n\n" + _("Dateien: %(names)s") % {
                    "names": ", ".join(item.original_name for item in checked)
                }
            _answer_enter(locked, team_message)
    except Exception:
        for name in saved_names:
            private_storage.delete(name)
        raise
    application.refresh_from_db()
    return message


def _answer_enter(locked: Application, team_message: str) -> None:
    _enter(
        locked,
        to_status=S.IN_REVIEW,
        actor=Actor.APPLICANT,
        comment=_("Antwort auf Rückfrage"),
        team_message=team_message,
    )


def report_submit(*, application: Application, text: str) -> Application:
    """The applicant hands in report and receipts; staff are told, the applicant gets a copy."""
    errors = {}
    if not text.strip():
        errors["report_text"] = _("Bitte schreiben Sie ein paar Sätze, wie das Projekt lief.")
    if not application.receipts.exists():
        errors["file"] = _("Bitte laden Sie mindestens einen Beleg hoch.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked(application)
        report_save_text(application=locked, text=text)
        _enter(
            locked,
            to_status=S.REPORT_SUBMITTED,
            actor=Actor.APPLICANT,
            comment=_("Verwendungsnachweis über den Statuslink eingereicht"),
            team_message=locked.report_text,
        )
    application.refresh_from_db()
    return application


# ---------------------------------------------------------------- staff


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
        locked = _locked(application)
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
            locked.jury_session = jury_session or next_jury_session(
                fund=locked.fund, on_date=clock.today()
            )
            locked.save(update_fields=["jury_session", "updated_at"])
        # A refused step raises here and rolls the question and the session back.
        _enter(
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


def session_in_words(session: JurySession | None) -> str:
    """ "Sitzung am Dienstag, 16. September 2026, 18:00 Uhr" – or "keine Sitzung"."""
    if session is None:
        return _("keine Sitzung")
    return _("Sitzung am %(date)s, %(time)s Uhr") % {
        "date": long_date(session.starts_at),
        "time": hhmm(session.starts_at),
    }


def application_move_session(
    *, application: Application, user, jury_session: JurySession, reason: str
) -> Application:
    """Put the application on another jury session: the timeline says from which to which and
    why, and the applicant is emailed the new date."""
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Bitte geben Sie einen Grund für die Verschiebung an.")},
            code="reason_missing",
        )
    with transaction.atomic():
        locked = _locked(application)
        _move(locked, jury_session=jury_session, user=user, reason=reason.strip())
    application.refresh_from_db()
    return application


def _move(locked: Application, *, jury_session: JurySession, user, reason: str) -> None:
    if locked.status not in MOVABLE_STATUSES:
        raise ValidationError(
            _("Ein Antrag im Status „%(status)s“ kann nicht mehr verschoben werden.")
            % {"status": S(locked.status).label},
            code="not_movable",
        )
    if jury_session.fund_id != locked.fund_id:
        raise ValidationError({"jury_session": _("Diese Sitzung gehört zu einem anderen Fonds.")})
    old = locked.jury_session
    if old is not None and old.pk == jury_session.pk:
        raise ValidationError(
            {"jury_session": _("Der Antrag ist schon dieser Sitzung zugeordnet.")},
            code="same_session",
        )
    locked.jury_session = jury_session
    locked.save(update_fields=["jury_session", "updated_at"])
    email = session_moved_email(locked, old_session=old, new_session=jury_session, reason=reason)
    entry = _send(email)
    comment = _("Von der %(old)s in die %(new)s verschoben. Grund: %(reason)s") % {
        "old": session_in_words(old),
        "new": session_in_words(jury_session),
        "reason": reason,
    }
    if old is None:
        comment = _("Der %(new)s zugeordnet. Grund: %(reason)s") % {
            "new": session_in_words(jury_session),
            "reason": reason,
        }
    _note(
        locked,
        event=TimelineEvent.SESSION_MOVED,
        user=user,
        comment=comment,
        email=entry,
        subject=email.subject,
    )


# Applications that wait for a jury session and may still change it.
MOVABLE_STATUSES = frozenset({S.SUBMITTED, S.IN_REVIEW, S.QUESTION, S.READY_FOR_JURY})


@dataclass(frozen=True)
class LeftOut:
    application: Application
    reason: str


@dataclass(frozen=True)
class CollectResult:
    collected: list[Application]
    already_there: int
    left_out: list[LeftOut]


def _left_out_reason(application: Application, session: JurySession) -> str | None:
    """Why "einsammeln" leaves this application where it is; None: it comes along."""
    if application.status in {S.SUBMITTED, S.IN_REVIEW}:
        return _("noch in Prüfung")
    if application.status == S.QUESTION:
        return _("Rückfrage noch nicht beantwortet")
    if application.submitted_at.astimezone(clock.BERLIN).date() > session.submission_deadline:
        return _("nach dem Einsendeschluss eingegangen")
    other = application.jury_session
    if other is not None and other.starts_at >= clock.now():
        return _("einer anderen Sitzung zugeordnet (%(session)s)") % {
            "session": session_in_words(other)
        }
    return None


def jury_session_collect(*, session: JurySession, user=None) -> CollectResult:
    """Put every application that was ready for the jury by the deadline and has no coming
    session on this session (each a session move with timeline entry and email); say why the
    others waiting for a jury were left out."""
    collected, left_out, already = [], [], 0
    with transaction.atomic():
        waiting = (
            Application.objects.select_for_update(of=("self",))
            .filter(fund=session.fund, status__in=MOVABLE_STATUSES)
            .select_related("fund__office", "jury_session")
            .order_by("reference_year", "reference_number")
        )
        for application in waiting:
            if application.jury_session_id == session.pk:
                already += application.status == S.READY_FOR_JURY
                continue
            why = _left_out_reason(application, session)
            if why:
                left_out.append(LeftOut(application=application, reason=why))
                continue
            reason = _("Für die Sitzung eingesammelt")
            if application.jury_session is not None:
                reason = _("Die bisherige Sitzung ist vorbei; für die nächste eingesammelt")
            _move(application, jury_session=session, user=user, reason=reason)
            collected.append(application)
    return CollectResult(collected=collected, already_there=already, left_out=left_out)


# What staff may correct after submission, on the "Angaben korrigieren" page.
CORRECTABLE_FIELDS = [
    "applicant_type",
    "organisation_name",
    "contact_name",
    "street",
    "postal_code",
    "city",
    "email",
    "phone",
    "title",
    "summary",
    "target_group",
    "place",
    "start_date",
    "end_date",
    "expected_participants",
    "neighbourhood_benefit",
    "volunteer_hours",
    "volunteer_work",
    "other_funding_source",
]


def _in_words(application: Application, name: str) -> str:
    field = Application._meta.get_field(name)
    value = getattr(application, name)
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    elif isinstance(value, date):
        value = long_date(value)
    text = str(value) if value not in (None, "") else "–"
    return f"„{text}“" if text != "–" else text


def application_correct(*, application: Application, user, reason: str, values: dict) -> list[str]:
    """Staff correct what the applicant sent ("Angaben korrigieren"), with a reason; the
    timeline lists every changed field with old and new value. Returns the changed labels."""
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Bitte geben Sie an, warum die Angaben korrigiert werden.")},
            code="reason_missing",
        )
    unknown = set(values) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValueError(f"not correctable: {sorted(unknown)}")
    with transaction.atomic():
        locked = _locked(application)
        if locked.anonymised_at:
            raise ValidationError(_("Die Angaben dieses Antrags sind schon gelöscht."))
        before = {name: _in_words(locked, name) for name in values}
        changed = [name for name, value in values.items() if getattr(locked, name) != value]
        if not changed:
            raise ValidationError(_("Sie haben nichts geändert."), code="nothing_changed")
        for name in changed:
            setattr(locked, name, values[name])
        locked.full_clean(exclude=["goals"])
        locked.save(update_fields=[*changed, "updated_at"])
        lines = [
            _("%(field)s: %(old)s → %(new)s")
            % {
                "field": Application._meta.get_field(name).verbose_name,
                "old": before[name],
                "new": _in_words(locked, name),
            }
            for name in changed
        ]
        _note(
            locked,
            event=TimelineEvent.CORRECTED,
            user=user,
            comment="\n".join([_("Grund: %(reason)s") % {"reason": reason.strip()}, *lines]),
        )
    application.refresh_from_db()
    return [str(Application._meta.get_field(name).verbose_name) for name in changed]


def decision_year(jury_session: JurySession | None) -> int:
    """Grants count against the budget of the year the jury met (or of today)."""
    if jury_session is not None:
        return jury_session.starts_at.astimezone(clock.BERLIN).year
    return clock.today().year


def _decision_comment(record: JuryDecision) -> str:
    votes = _("Stimmen: %(for)d dafür, %(against)d dagegen, %(abstain)d Enthaltungen") % {
        "for": record.votes_for,
        "against": record.votes_against,
        "abstain": record.votes_abstain,
    }
    if record.decision == Decision.APPROVED:
        return f"{euro(record.granted_amount)}. {votes}"
    return f"{record.reason}. {votes}"


def application_decide(
    *,
    application: Application,
    user,
    decision: str,
    jury_session: JurySession | None,
    granted_amount: Decimal | None = None,
    conditions: str = "",
    reason: str = "",
    votes_for: int = 0,
    votes_against: int = 0,
    votes_abstain: int = 0,
    conflicted_members: str = "",
    over_budget_confirmed: bool = False,
    early_confirmed: bool = False,
    personal_message: str = "",
) -> JuryDecision:
    """Record the jury's decision and move the application to bewilligt or abgelehnt.

    A grant larger than what is left of that year's budget needs over_budget_confirmed; a
    decision before the day of its session needs early_confirmed."""
    approved = decision == Decision.APPROVED
    to_status = S.APPROVED if approved else S.REJECTED
    with transaction.atomic():
        locked = _locked(application)
        check_step(locked.status, to_status, Actor.STAFF)
        errors = {}
        if approved:
            if granted_amount is None or granted_amount <= 0:
                errors["granted_amount"] = _("Bitte geben Sie den bewilligten Betrag an.")
            elif granted_amount > locked.requested_amount:
                errors["granted_amount"] = _(
                    "Die Jury kann höchstens den beantragten Betrag (%(requested)s) bewilligen."
                ) % {"requested": euro(locked.requested_amount)}
        else:
            granted_amount = None
            if not reason.strip():
                errors["reason"] = _("Bitte geben Sie die Begründung der Jury an.")
        if (
            jury_session is not None
            and locked.jury_session_id
            and jury_session.pk != locked.jury_session_id
        ):
            errors["jury_session"] = _(
                "Der Antrag ist der %(session)s zugeordnet. Für eine andere Sitzung verschieben "
                "Sie ihn bitte zuerst (mit Begründung)."
            ) % {"session": session_in_words(locked.jury_session)}
        if jury_session is not None and not early_confirmed:
            session_day = jury_session.starts_at.astimezone(clock.BERLIN).date()
            if session_day > clock.today():
                errors["early_confirmed"] = _(
                    "Die %(session)s ist erst in %(days)d Tagen. Bitte bestätigen Sie, dass die "
                    "Jury schon entschieden hat."
                ) % {
                    "session": session_in_words(jury_session),
                    "days": (session_day - clock.today()).days,
                }
        year = decision_year(jury_session)
        if approved and "granted_amount" not in errors and not over_budget_confirmed:
            remaining = selectors.budget_summary(fund=locked.fund, year=year).remaining
            if granted_amount > remaining:
                errors["over_budget_confirmed"] = _(
                    "Der Betrag ist höher als das Restbudget %(year)s (%(remaining)s). "
                    "Bitte bestätigen Sie, dass trotzdem so viel bewilligt wird."
                ) % {"year": year, "remaining": euro(remaining)}
        if errors:
            raise ValidationError(errors)

        record = JuryDecision(
            application=locked,
            jury_session=jury_session,
            decision=decision,
            granted_amount=granted_amount,
            conditions=conditions.strip(),
            reason=reason.strip(),
            votes_for=votes_for,
            votes_against=votes_against,
            votes_abstain=votes_abstain,
            conflicted_members=conflicted_members.strip(),
            recorded_by=user,
            recorded_at=clock.now(),
        )
        record.full_clean(exclude=["application"])
        JuryDecision.objects.filter(application=locked).delete()  # a decision taken back
        record.save()
        locked.granted_amount = granted_amount
        locked.budget_year = year if approved else None
        if jury_session is not None:
            locked.jury_session = jury_session
        locked.save(update_fields=["granted_amount", "budget_year", "jury_session", "updated_at"])
        _enter(
            locked,
            to_status=to_status,
            actor=Actor.STAFF,
            user=user,
            comment=_decision_comment(record),
            personal_message=personal_message,
            decision=record,
        )
    application.refresh_from_db()
    return record


# ---------------------------------------------------------------- reminders


def reports_remind_overdue(*, now: datetime) -> int:
    """Email every applicant whose Verwendungsnachweis is overdue, at most every few days."""
    today = now.astimezone(clock.BERLIN).date()
    last_allowed = now - timedelta(days=settings.FUND_REPORT_REMINDER_DAYS)
    due = (
        Application.objects.filter(
            status__in=REPORT_STATUSES,
            report_due_on__lt=today,
            anonymised_at__isnull=True,
        )
        .exclude(email="")
        .filter(
            Q(report_reminder_sent_at__isnull=True) | Q(report_reminder_sent_at__lt=last_allowed)
        )
        .select_related("fund__office")
    )
    sent = 0
    for application in due:
        with transaction.atomic():
            if _send(report_reminder_email(application)):
                Application.objects.filter(pk=application.pk).update(report_reminder_sent_at=now)
                sent += 1
    return sent
