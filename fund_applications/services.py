"""Writes for the Stadtteilfonds: drafts, sending an application, the applicant's changes."""

import logging
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fund_applications import tokens, uploads
from fund_applications.cost_plan import check_totals, cost_totals
from fund_applications.enums import Actor, ApplicationStatus, MessageSender, can_transition
from fund_applications.models import (
    Application,
    ApplicationDraft,
    ApplicationMessage,
    ApplicationStatusChange,
    Attachment,
    CostItem,
    DraftAttachment,
    Fund,
    FundGoal,
    JurySession,
    ReferenceCounter,
)
from fund_applications.storage import private_storage

logger = logging.getLogger(__name__)

DRAFT_LIFETIME = timedelta(days=30)


@dataclass(frozen=True)
class CostLine:
    category: str
    description: str
    amount: Decimal


# ---------------------------------------------------------------- drafts


def draft_create(*, fund: Fund) -> ApplicationDraft:
    """A new empty draft with its private "continue later" link."""
    key, secret = tokens.new_key_and_secret()
    draft = ApplicationDraft(fund=fund, key=key, secret=secret, data={"steps": {}})
    draft.full_clean()
    draft.save()
    return draft


def _without_nul(value):
    """PostgreSQL cannot store NUL characters (not in text, not in jsonb); no person types one."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_nul(item) for key, item in value.items()}
    return value


def draft_save_step(*, draft: ApplicationDraft, step: str, values: dict, valid: bool) -> None:
    """Keep what was typed on one step, valid or not, so leaving the page loses nothing."""
    values = _without_nul(values)
    with transaction.atomic():
        locked = ApplicationDraft.objects.select_for_update().get(pk=draft.pk)
        if locked.application_id:
            return
        steps = locked.data.setdefault("steps", {})
        steps[step] = {"values": values, "valid": valid}
        locked.save(update_fields=["data", "updated_at"])
    draft.data = locked.data


def draft_attachment_add(*, draft: ApplicationDraft, upload: UploadedFile) -> DraftAttachment:
    """Check the file by its content and keep it with the draft under a random name."""
    stored = draft.attachments.aggregate(total=Sum("size"))["total"] or 0
    checked = uploads.check_upload(
        upload, already_stored_bytes=stored, already_stored_files=draft.attachments.count()
    )
    attachment = DraftAttachment(
        draft=draft,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
    )
    attachment.file.save("upload", upload, save=False)
    try:
        attachment.full_clean()
        attachment.save()
    except Exception:
        private_storage.delete(attachment.file.name)
        raise
    return attachment


def draft_attachment_remove(*, draft: ApplicationDraft, attachment_id: int) -> None:
    attachment = draft.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        return
    name = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: private_storage.delete(name))


def drafts_purge(*, now=None) -> dict[str, int]:
    """Delete drafts nobody touched for 30 days, with their files. Returns what it removed."""
    cutoff = (now or timezone.now()) - DRAFT_LIFETIME
    old = ApplicationDraft.objects.filter(updated_at__lt=cutoff)
    files = list(DraftAttachment.objects.filter(draft__in=old).values_list("file", flat=True))
    unsent = old.filter(application__isnull=True).count()
    sent = old.filter(application__isnull=False).count()
    with transaction.atomic():
        old.delete()
    for name in files:
        private_storage.delete(name)
    return {"unsent_drafts": unsent, "sent_drafts": sent, "files": len(files)}


# ---------------------------------------------------------------- sending


def _next_reference(*, year: int) -> tuple[int, str]:
    """Count up this year's number inside the caller's transaction.

    The UPDATE … SET n = n + 1 locks the counter row until commit (PostgreSQL); SQLite runs
    write transactions one after another (IMMEDIATE). Either way no two get the same number,
    and a rolled-back submission gives its number back."""
    ReferenceCounter.objects.bulk_create([ReferenceCounter(year=year)], ignore_conflicts=True)
    ReferenceCounter.objects.filter(year=year).update(last_number=F("last_number") + 1)
    number = ReferenceCounter.objects.get(year=year).last_number
    return number, f"SF-{year}-{number:04d}"


def next_jury_session(*, fund: Fund, on_date) -> JurySession | None:
    return (
        JurySession.objects.filter(fund=fund, submission_deadline__gte=on_date)
        .order_by("submission_deadline", "starts_at")
        .first()
    )


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

    Everything happens in one transaction: the application, its cost plan and its files
    appear together or not at all. The confirmation email goes out after the commit."""
    with transaction.atomic():
        locked = ApplicationDraft.objects.select_for_update().get(pk=draft.pk)
        if locked.application_id:
            return locked.application, False

        fund = locked.fund
        totals = cost_totals([line.amount for line in cost_lines], fields.get("other_funding", 0))
        check_totals(totals, max_per_application=fund.max_per_application)

        now = timezone.now()
        today = timezone.localdate(now)
        number, reference = _next_reference(year=today.year)
        application = Application(
            fund=fund,
            jury_session=next_jury_session(fund=fund, on_date=today),
            reference=reference,
            reference_year=today.year,
            reference_number=number,
            status=ApplicationStatus.SUBMITTED,
            total_cost=totals.total,
            requested_amount=totals.requested,
            status_key=locked.key,
            status_secret=locked.secret,
            language=language,
            submitted_at=now,
            status_changed_at=now,
            **{**fields, "other_funding": totals.other_funding},
        )
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
        ApplicationStatusChange.objects.create(
            application=application,
            from_status="",
            to_status=ApplicationStatus.SUBMITTED,
            actor=Actor.APPLICANT,
            created_at=now,
        )
        # What was typed now lives in the application; the draft keeps only its link.
        locked.application = application
        locked.data = {}
        locked.save(update_fields=["application", "data", "updated_at"])
        application_id = application.pk
        transaction.on_commit(lambda: application_send_confirmation(application_id=application_id))
    return application, True


# ---------------------------------------------------------------- emails


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def application_send_confirmation(*, application_id: int) -> bool:
    """Send the confirmation; record success or failure instead of raising.

    A failing mail server must not cost the applicant the application: the row stays
    unsent, staff see it in the admin, and `send_fund_confirmations` tries again."""
    application = Application.objects.select_related("fund__office", "jury_session").get(
        pk=application_id
    )
    if application.confirmation_sent_at or not application.email:
        return False
    with translation.override(application.language):
        context = {
            "application": application,
            "status_url": absolute_url(
                reverse("fund_applications:status", kwargs={"token": application.status_token})
            ),
            "office": application.fund.office,
        }
        subject = _("Ihr Antrag %(reference)s beim Stadtteilfonds ist eingegangen") % {
            "reference": application.reference
        }
        body = render_to_string("fund_applications/emails/confirmation.txt", context)
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[application.email],
        reply_to=[application.fund.office.email]
        if application.fund.office and application.fund.office.email
        else None,
    )
    try:
        message.send()
    except Exception as error:  # SMTP, DNS, timeouts: all mean "try again later"
        logger.warning(
            "confirmation mail failed application=%s error=%s", application.reference, error
        )
        Application.objects.filter(pk=application.pk).update(
            confirmation_attempts=F("confirmation_attempts") + 1,
            confirmation_error=str(error)[:300],
        )
        return False
    Application.objects.filter(pk=application.pk).update(
        confirmation_sent_at=timezone.now(),
        confirmation_attempts=F("confirmation_attempts") + 1,
        confirmation_error="",
    )
    return True


def confirmations_retry(*, max_attempts: int = 10) -> dict[str, int]:
    """Try again every confirmation that has not gone out yet."""
    pending = Application.objects.confirmation_pending().filter(
        confirmation_attempts__lt=max_attempts
    )
    sent = failed = 0
    for application_id in pending.values_list("pk", flat=True):
        if application_send_confirmation(application_id=application_id):
            sent += 1
        else:
            failed += 1
    return {"sent": sent, "failed": failed}


def _notify_team(*, application: Application, subject: str, body: str) -> None:
    office = application.fund.office
    if not office or not office.email:
        return
    try:
        EmailMessage(subject=subject, body=body, to=[office.email]).send()
    except Exception as error:  # the change is saved; staff also see it in the admin
        logger.warning("team notification failed application=%s error=%s", application.pk, error)


# ---------------------------------------------------------------- status changes


def application_transition(
    *,
    application: Application,
    to_status: str,
    actor: str,
    user=None,
    comment: str = "",
    email_subject: str = "",
) -> Application:
    """The one place that changes an application's status, following enums.TRANSITIONS.

    Writes the timeline entry (who, when, from, to, comment); raises ValidationError with
    code "transition_not_allowed" for any change the table does not allow."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if not can_transition(locked.status, to_status, actor):
            raise ValidationError(
                _("Der Schritt von „%(from)s“ nach „%(to)s“ ist nicht erlaubt.")
                % {
                    "from": locked.get_status_display(),
                    "to": ApplicationStatus(to_status).label
                    if to_status in ApplicationStatus.values
                    else to_status,
                },
                code="transition_not_allowed",
            )
        from_status = locked.status
        now = timezone.now()
        locked.status = to_status
        locked.status_changed_at = now
        locked.save(update_fields=["status", "status_changed_at", "updated_at"])
        ApplicationStatusChange.objects.create(
            application=locked,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            changed_by=user,
            comment=comment,
            email_subject=email_subject[:200],
            created_at=now,
        )
    application.status = locked.status
    application.status_changed_at = locked.status_changed_at
    return application


def application_withdraw(*, application: Application, reason: str = "") -> Application:
    """The applicant withdraws through the status link."""
    with transaction.atomic():
        application_transition(
            application=application,
            to_status=ApplicationStatus.WITHDRAWN,
            actor=Actor.APPLICANT,
            comment=reason,
        )
        transaction.on_commit(
            lambda: _notify_team(
                application=application,
                subject=_("Antrag %(reference)s wurde zurückgezogen")
                % {"reference": application.reference},
                body=reason or "–",
            )
        )
    return application


def application_ask_question(*, application: Application, user, body: str) -> ApplicationMessage:
    """Staff ask the applicant something; the status page then asks for an answer."""
    with transaction.atomic():
        message = ApplicationMessage(
            application=application,
            sender=MessageSender.STAFF,
            sent_by=user,
            body=body,
            created_at=timezone.now(),
        )
        message.full_clean()
        message.save()
        application_transition(
            application=application,
            to_status=ApplicationStatus.QUESTION,
            actor=Actor.STAFF,
            user=user,
            comment=body,
        )
    return message


def application_answer_question(*, application: Application, body: str) -> ApplicationMessage:
    """The applicant answers; the application goes back into review."""
    with transaction.atomic():
        message = ApplicationMessage(
            application=application,
            sender=MessageSender.APPLICANT,
            body=body,
            created_at=timezone.now(),
        )
        message.full_clean()
        message.save()
        application_transition(
            application=application,
            to_status=ApplicationStatus.IN_REVIEW,
            actor=Actor.APPLICANT,
            comment=_("Antwort auf Rückfrage"),
        )
        transaction.on_commit(
            lambda: _notify_team(
                application=application,
                subject=_("Antwort zu Antrag %(reference)s") % {"reference": application.reference},
                body=body,
            )
        )
    return message
