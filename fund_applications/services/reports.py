"""The Verwendungsnachweis: the short report, receipts and photos, handed in through the status
link."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from fund_applications import register_photos, uploads
from fund_applications.enums import REPORT_STATUSES, Actor, ApplicationStatus
from fund_applications.models import Application, CostItem, Receipt, ReportPhoto
from fund_applications.services.lifecycle import application_locked, status_enter
from fund_applications.storage import private_storage
from quartier.core import page_cache


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
    # Accepted: the picture the register may show is made now, once, never on a request.
    register_photos.rendition_store(photo)
    _photos_changed(application)
    return photo


def report_file_remove(*, application: Application, kind: str, file_id: int) -> None:
    _check_report_open(application)
    related = application.receipts if kind == "beleg" else application.report_photos
    item = related.filter(pk=file_id).first()
    if item is None:
        return
    names = [item.file.name, *([item.rendition.name] if kind != "beleg" and item.rendition else [])]
    item.delete()
    transaction.on_commit(lambda: [private_storage.delete(name) for name in names])
    if kind != "beleg":
        _photos_changed(application)


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
        locked = application_locked(application)
        report_save_text(application=locked, text=text)
        status_enter(
            locked,
            to_status=ApplicationStatus.REPORT_SUBMITTED,
            actor=Actor.APPLICANT,
            comment=_("Verwendungsnachweis über den Statuslink eingereicht"),
            team_message=locked.report_text,
        )
    application.refresh_from_db()
    return application
