"""The application form in progress (drafts and their files) and sending it, once."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Sum

from fund_applications import selectors, uploads
from fund_applications.cost_plan import check_totals, cost_totals
from fund_applications.enums import Actor, ApplicationStatus
from fund_applications.models import (
    Application,
    ApplicationDraft,
    Attachment,
    CostItem,
    DraftAttachment,
    Fund,
    FundGoal,
    ReferenceCounter,
)
from fund_applications.services.lifecycle import status_enter
from fund_applications.storage import private_storage
from quartier.core import clock, private_links

DRAFT_LIFETIME = timedelta(days=30)


def draft_create(*, fund: Fund, project: dict[str, str] | None = None) -> ApplicationDraft:
    """A new draft with its private "continue later" link; `project` fills in the step
    "Projekt" (title, summary, place), as typed, to be checked when the step is sent."""
    key, secret = private_links.new_key_and_secret()
    steps = {}
    if project:
        steps["projekt"] = {"values": _without_nul(dict(project)), "valid": False}
    draft = ApplicationDraft(fund=fund, key=key, secret=secret, data={"steps": steps})
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


# ---------------------------------------------------------------- sending


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
        application = Application(
            fund=fund,
            jury_session=selectors.jury_session_open(fund=fund, on_date=today),
            reference_year=today.year,
            total_cost=totals.total,
            requested_amount=totals.requested,
            status_key=locked.key,
            status_secret=locked.secret,
            language=language,
            **{**fields, "other_funding": totals.other_funding},
        )
        application.submitted_at = clock.now()  # checked by full_clean; status_enter sets it again
        # Checked before the year's number is taken: from there to the commit every other
        # submission waits for the counter row, so the checks' queries stay out of that time.
        # The counter makes the number unique (and the database's constraint insists).
        application.full_clean(exclude=["goals", "reference", "reference_number"])
        application.reference_number, application.reference = _next_reference(year=today.year)
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
        status_enter(
            application,
            to_status=ApplicationStatus.SUBMITTED,
            actor=Actor.APPLICANT,
            from_status="",
        )
        # What was typed now lives in the application; the draft keeps only its link.
        locked.application = application
        locked.data = {}
        locked.save(update_fields=["application", "data", "updated_at"])
    return application, True
