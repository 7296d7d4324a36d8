"""Writes of the staff and jury side: status changes with their emails, the jury's decision,
payouts and the Verwendungsnachweis. Every status change goes through
services.application_transition, the one place that checks enums.TRANSITIONS."""

import logging
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from fund_applications import selectors, uploads
from fund_applications.emails import ApplicantEmail, report_reminder_email, status_email
from fund_applications.enums import (
    REPORT_STATUSES,
    Actor,
    ApplicationStatus,
    Decision,
    MessageSender,
    can_transition,
)
from fund_applications.models import (
    Application,
    ApplicationMessage,
    CostItem,
    JuryDecision,
    JurySession,
    Payout,
    Receipt,
    ReportPhoto,
)
from fund_applications.services import (
    _notify_team,
    application_transition,
    next_jury_session,
)
from fund_applications.storage import private_storage
from quartier.core.templatetags.formatting import euro

logger = logging.getLogger(__name__)

S = ApplicationStatus
DECISION_STATUSES = frozenset({S.APPROVED, S.REJECTED})


def send_applicant_email(email: ApplicantEmail) -> bool:
    """Send; a failing mail server is logged, never undoes the change that was saved."""
    if not email.to:
        return False
    try:
        EmailMessage(
            subject=email.subject, body=email.body, to=email.to, reply_to=email.reply_to
        ).send()
    except Exception as error:  # SMTP, DNS, timeouts
        logger.warning("applicant mail failed to=%s error=%s", email.to, error)
        return False
    return True


def _send_after_commit(email: ApplicantEmail) -> None:
    transaction.on_commit(lambda: send_applicant_email(email))


# ---------------------------------------------------------------- status changes by staff


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
        locked = Application.objects.select_for_update().get(pk=application.pk)
        from_status = locked.status
        if not can_transition(from_status, to_status, Actor.STAFF):
            # The same check runs again in application_transition; here it keeps the
            # question and the session from being written for a refused change.
            application_transition(
                application=locked, to_status=to_status, actor=Actor.STAFF, user=user
            )
        if to_status == S.QUESTION:
            message = ApplicationMessage(
                application=locked,
                sender=MessageSender.STAFF,
                sent_by=user,
                body=question.strip(),
                created_at=timezone.now(),
            )
            message.full_clean()
            message.save()
        if to_status == S.READY_FOR_JURY:
            locked.jury_session = jury_session or next_jury_session(
                fund=locked.fund, on_date=timezone.localdate()
            )
            locked.save(update_fields=["jury_session", "updated_at"])
        if to_status == S.IN_PROGRESS and locked.report_due_on is None:
            locked.report_due_on = report_due_date(locked)
            locked.save(update_fields=["report_due_on", "updated_at"])
        if to_status == S.REPORT_SUBMITTED:
            locked.report_submitted_at = timezone.now()
            locked.save(update_fields=["report_submitted_at", "updated_at"])

        email = status_email(
            locked,
            from_status=from_status,
            to_status=to_status,
            personal_message=personal_message,
            question=question,
        )
        application_transition(
            application=locked,
            to_status=to_status,
            actor=Actor.STAFF,
            user=user,
            comment=comment or question,
            email_subject=email.subject if email.to else "",
        )
        _send_after_commit(email)
    application.refresh_from_db()
    return application


def report_due_date(application: Application) -> date:
    return application.end_date + timedelta(days=settings.FUND_REPORT_DUE_DAYS)


# ---------------------------------------------------------------- the jury's decision


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
    personal_message: str = "",
) -> JuryDecision:
    """Record the jury's decision and move the application to bewilligt or abgelehnt.

    A grant larger than what is left of that year's budget needs over_budget_confirmed."""
    approved = decision == Decision.APPROVED
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        from_status = locked.status
        to_status = S.APPROVED if approved else S.REJECTED
        if not can_transition(from_status, to_status, Actor.STAFF):
            application_transition(
                application=locked, to_status=to_status, actor=Actor.STAFF, user=user
            )
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
            recorded_at=timezone.now(),
        )
        record.full_clean(exclude=["application"])
        JuryDecision.objects.filter(application=locked).delete()  # a decision taken back
        record.save()
        locked.granted_amount = granted_amount
        locked.budget_year = year if approved else None
        if jury_session is not None:
            locked.jury_session = jury_session
        locked.save(update_fields=["granted_amount", "budget_year", "jury_session", "updated_at"])

        email = status_email(
            locked,
            from_status=from_status,
            to_status=to_status,
            personal_message=personal_message,
            decision=record,
        )
        application_transition(
            application=locked,
            to_status=to_status,
            actor=Actor.STAFF,
            user=user,
            comment=_decision_comment(record),
            email_subject=email.subject if email.to else "",
        )
        _send_after_commit(email)
    application.refresh_from_db()
    return record


def decision_year(jury_session: JurySession | None) -> int:
    """Grants count against the budget of the year the jury met (or of today)."""
    if jury_session is not None:
        return timezone.localtime(jury_session.starts_at).year
    return timezone.localdate().year


def _decision_comment(record: JuryDecision) -> str:
    votes = _("Stimmen: %(for)d dafür, %(against)d dagegen, %(abstain)d Enthaltungen") % {
        "for": record.votes_for,
        "against": record.votes_against,
        "abstain": record.votes_abstain,
    }
    if record.decision == Decision.APPROVED:
        return f"{euro(record.granted_amount)}. {votes}"
    return f"{record.reason}. {votes}"


def jury_session_collect(*, session: JurySession) -> int:
    """Put every application that was ready for the jury by the deadline on this session."""
    with transaction.atomic():
        waiting = Application.objects.filter(
            fund=session.fund,
            status=S.READY_FOR_JURY,
            submitted_at__date__lte=session.submission_deadline,
        ).filter(Q(jury_session__isnull=True) | Q(jury_session__starts_at__lt=timezone.now()))
        return waiting.exclude(jury_session=session).update(jury_session=session)


# ---------------------------------------------------------------- payout


def application_record_payout(
    *, application: Application, user, amount: Decimal, paid_on: date, note: str = ""
) -> Payout:
    """Record money paid out; never more than was granted."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status not in {S.APPROVED, S.IN_PROGRESS, S.REPORT_SUBMITTED}:
            raise ValidationError(
                _("Auszahlungen sind nur bei bewilligten Projekten möglich."),
                code="payout_not_allowed",
            )
        paid = locked.payouts.aggregate(total=Sum("amount"))["total"] or Decimal("0")
        if amount is None or amount <= 0:
            raise ValidationError({"amount": _("Bitte geben Sie einen Betrag über 0 € an.")})
        if paid + amount > (locked.granted_amount or 0):
            raise ValidationError(
                {
                    "amount": _(
                        "Zusammen mit den bisherigen Auszahlungen (%(paid)s) wäre das mehr als "
                        "bewilligt (%(granted)s)."
                    )
                    % {"paid": euro(paid), "granted": euro(locked.granted_amount)}
                }
            )
        payout = Payout(
            application=locked,
            amount=amount,
            paid_on=paid_on,
            note=note,
            recorded_by=user,
            recorded_at=timezone.now(),
        )
        payout.full_clean()
        payout.save()
    return payout


# ---------------------------------------------------------------- Verwendungsnachweis


def _check_report_open(application: Application) -> None:
    if application.status not in REPORT_STATUSES:
        raise ValidationError(
            _("Der Verwendungsnachweis kann im Moment nicht geändert werden."),
            code="report_closed",
        )


def _stored_bytes(application: Application) -> tuple[int, int]:
    receipts = application.receipts.aggregate(total=Sum("size"))["total"] or 0
    photos = application.report_photos.aggregate(total=Sum("size"))["total"] or 0
    count = application.receipts.count() + application.report_photos.count()
    return receipts + photos, count


def _store(instance, upload: UploadedFile) -> None:
    instance.file.save("upload", upload, save=False)
    try:
        instance.full_clean()
        instance.save()
    except Exception:
        private_storage.delete(instance.file.name)
        raise


def receipt_add(
    *,
    application: Application,
    upload: UploadedFile,
    amount: Decimal,
    cost_item: CostItem | None,
) -> Receipt:
    """A receipt, checked by content like every applicant upload, booked on a cost line."""
    _check_report_open(application)
    if cost_item is not None and cost_item.application_id != application.pk:
        raise ValidationError({"cost_item": _("Diese Kostenposition gehört nicht zum Antrag.")})
    stored, count = _stored_bytes(application)
    checked = uploads.check_upload(upload, already_stored_bytes=stored, already_stored_files=count)
    receipt = Receipt(
        application=application,
        cost_item=cost_item,
        amount=amount,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
    )
    _store(receipt, upload)
    return receipt


def report_photo_add(*, application: Application, upload: UploadedFile) -> ReportPhoto:
    _check_report_open(application)
    stored, count = _stored_bytes(application)
    checked = uploads.check_upload(upload, already_stored_bytes=stored, already_stored_files=count)
    if checked.content_type == uploads.PDF:
        raise ValidationError(
            _("Bitte laden Sie Fotos als JPEG oder PNG hoch, Belege oben bei den Belegen."),
            code="photo_not_image",
        )
    photo = ReportPhoto(
        application=application,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
    )
    _store(photo, upload)
    return photo


def report_file_remove(*, application: Application, kind: str, file_id: int) -> None:
    _check_report_open(application)
    related = application.receipts if kind == "beleg" else application.report_photos
    item = related.filter(pk=file_id).first()
    if item is None:
        return
    name = item.file.name
    item.delete()
    transaction.on_commit(lambda: private_storage.delete(name))


def report_save_text(*, application: Application, text: str) -> None:
    _check_report_open(application)
    application.report_text = text.strip()
    application.full_clean(exclude=["goals"])
    application.save(update_fields=["report_text", "updated_at"])


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
        report_save_text(application=application, text=text)
        from_status = application.status
        Application.objects.filter(pk=application.pk).update(report_submitted_at=timezone.now())
        application.refresh_from_db()
        email = status_email(application, from_status=from_status, to_status=S.REPORT_SUBMITTED)
        application_transition(
            application=application,
            to_status=S.REPORT_SUBMITTED,
            actor=Actor.APPLICANT,
            comment=_("Verwendungsnachweis über den Statuslink eingereicht"),
            email_subject=email.subject if email.to else "",
        )
        _send_after_commit(email)
        reference = application.reference
        transaction.on_commit(
            lambda: _notify_team(
                application=application,
                subject=_("Verwendungsnachweis zu Antrag %(reference)s eingegangen")
                % {"reference": reference},
                body=text,
            )
        )
    return application


def reports_remind_overdue(*, now: datetime) -> int:
    """Email every applicant whose Verwendungsnachweis is overdue, at most every few days."""
    today = timezone.localdate(now)
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
        if send_applicant_email(report_reminder_email(application)):
            Application.objects.filter(pk=application.pk).update(report_reminder_sent_at=now)
            sent += 1
    return sent
