"""The applicant answers the fund team's question, with files if they like."""

from django.db import transaction
from django.utils.translation import gettext as _

from fund_applications import uploads
from fund_applications.enums import Actor, ApplicationStatus, MessageSender
from fund_applications.models import Application, ApplicationMessage, MessageAttachment
from fund_applications.services.lifecycle import application_locked, status_enter
from fund_applications.storage import private_storage
from quartier.core import clock


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
            locked = application_locked(application)
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
    status_enter(
        locked,
        to_status=ApplicationStatus.IN_REVIEW,
        actor=Actor.APPLICANT,
        comment=_("Antwort auf Rückfrage"),
        team_message=team_message,
    )


def message_attachment_share(*, attachment: MessageAttachment, shared: bool) -> None:
    """The fund team releases a file sent with an answer to the jury (or takes it back), like
    an attachment of the application: only files without personal data."""
    MessageAttachment.objects.filter(pk=attachment.pk).update(shared_with_jury=shared)
    attachment.shared_with_jury = shared
