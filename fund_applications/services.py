"""Writes for the Stadtteilfonds other than status changes and session moves (those are in
lifecycle.py): drafts and their files, payouts, the files of the Verwendungsnachweis."""

import logging
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from fund_applications import uploads
from fund_applications.enums import PAYABLE_STATUSES, REPORT_STATUSES
from fund_applications.models import (
    Application,
    ApplicationDraft,
    CostItem,
    DraftAttachment,
    Fund,
    JurySession,
    Payout,
    Receipt,
    ReportPhoto,
)
from fund_applications.storage import private_storage
from quartier.core import clock, page_cache, private_links
from quartier.core.templatetags.formatting import euro

logger = logging.getLogger(__name__)

DRAFT_LIFETIME = timedelta(days=30)


# ---------------------------------------------------------------- drafts


def draft_create(*, fund: Fund) -> ApplicationDraft:
    """A new empty draft with its private "continue later" link."""
    key, secret = private_links.new_key_and_secret()
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
    cutoff = (now or clock.now()) - DRAFT_LIFETIME
    old = ApplicationDraft.objects.filter(updated_at__lt=cutoff)
    files = list(DraftAttachment.objects.filter(draft__in=old).values_list("file", flat=True))
    unsent = old.filter(application__isnull=True).count()
    sent = old.filter(application__isnull=False).count()
    with transaction.atomic():
        old.delete()
    for name in files:
        private_storage.delete(name)
    return {"unsent_drafts": unsent, "sent_drafts": sent, "files": len(files)}


def next_jury_session(*, fund: Fund, on_date) -> JurySession | None:
    return (
        JurySession.objects.filter(fund=fund, submission_deadline__gte=on_date)
        .order_by("submission_deadline", "starts_at")
        .first()
    )


# ---------------------------------------------------------------- payout


def application_record_payout(
    *, application: Application, user, amount: Decimal, paid_on: date, note: str = ""
) -> Payout:
    """Record money paid out; never more than was granted."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status not in PAYABLE_STATUSES:
            raise ValidationError(
                _("Auszahlungen sind nur bei bewilligten Projekten möglich."),
                code="payout_not_allowed",
            )
        paid = locked.paid_out
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
            recorded_at=clock.now(),
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


def _photos_changed(application: Application) -> None:
    """Shown photos are cached pages ("Geförderte Projekte"): stale when they change."""
    if application.photo_consented:
        transaction.on_commit(page_cache.content_changed)


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
    _photos_changed(application)
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
    if kind != "beleg":
        _photos_changed(application)


def report_save_text(*, application: Application, text: str) -> None:
    _check_report_open(application)
    application.report_text = text.strip()
    application.full_clean(exclude=["goals"])
    application.save(update_fields=["report_text", "updated_at"])
