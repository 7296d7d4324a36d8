"""Data protection for the Stadtteilfonds: erasing personal data when its time is up (rules for
quartier.retention) and telling an applicant everything stored about them (Art. 15 DSGVO)."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from post_office.models import Email

from fund_applications.enums import ENDED_UNFUNDED, ApplicationStatus
from fund_applications.models import Application, MessageAttachment
from fund_applications.personal_data import PERSONAL_FIELDS
from fund_applications.services.drafts import drafts_purge
from fund_applications.storage import private_storage
from quartier.core import clock, page_cache, private_links

logger = logging.getLogger("quartier.retention")


def _stored_file_names(application: Application) -> list[str]:
    """Every file stored for the application: attachments, answers' files, the report's."""
    names = [
        item.file.name
        for related in ("attachments", "receipts", "report_photos")
        for item in getattr(application, related).all()
    ]
    names += MessageAttachment.objects.filter(message__application=application).values_list(
        "file", flat=True
    )
    # The register's pictures of the photos go with them.
    names += [photo.rendition.name for photo in application.report_photos.all() if photo.rendition]
    return names


def application_delete(*, application: Application) -> None:
    """Deletes an application with everything on it and, after the commit, its files. Only
    superusers may (the admin); erasing personal data is anonymising, below."""
    files = _stored_file_names(application)
    with transaction.atomic():
        application.delete()
        transaction.on_commit(lambda: [private_storage.delete(name) for name in files])


def application_anonymise(*, application: Application, now: datetime | None = None) -> None:
    """Blank the personal fields, delete files, messages and comments; keep the numbers.

    The status link stops working: its secret is replaced."""
    now = now or clock.now()
    files = _stored_file_names(application)
    with transaction.atomic():
        Application.objects.filter(pk=application.pk).update(
            **dict.fromkeys(PERSONAL_FIELDS, ""),
            status_secret=private_links.new_key_and_secret()[1],
            anonymised_at=now,
        )
        application.attachments.all().delete()
        application.receipts.all().delete()
        application.report_photos.all().delete()
        application.messages.all().delete()
        # The applicant's mails in the outbox carry name and address too.
        Email.objects.filter(
            pk__in=application.status_changes.exclude(email=None).values("email")
        ).delete()
        application.status_changes.update(comment="", email_subject="")
        application.payouts.update(note="")
        if hasattr(application, "decision"):
            # Minutes keep the votes; the names of conflicted members are personal.
            type(application.decision).objects.filter(pk=application.decision.pk).update(
                conflicted_members=""
            )
        transaction.on_commit(lambda: [private_storage.delete(name) for name in files])
        # Gone from "Geförderte Projekte" (fund_applications.register) with its cached pages.
        transaction.on_commit(page_cache.content_changed)
    logger.info(
        "fund application anonymised reference=%s files=%d", application.reference, len(files)
    )


def _anonymise_all(queryset: QuerySet[Application], now: datetime) -> int:
    count = 0
    for application in queryset.filter(anonymised_at__isnull=True).select_related("decision"):
        application_anonymise(application=application, now=now)
        count += 1
    return count


def unfunded_due(now: datetime) -> QuerySet[Application]:
    cutoff = now - timedelta(days=settings.RETENTION_DAYS["fund_unfunded"])
    return Application.objects.filter(status__in=ENDED_UNFUNDED, status_changed_at__lt=cutoff)


def completed_due(now: datetime) -> QuerySet[Application]:
    cutoff = now - timedelta(days=settings.RETENTION_DAYS["fund_completed"])
    return Application.objects.filter(status=ApplicationStatus.CLOSED, status_changed_at__lt=cutoff)


def retention_unfunded(now: datetime) -> int:
    """Rejected or withdrawn: personal data goes after RETENTION_DAYS["fund_unfunded"]."""
    return _anonymise_all(unfunded_due(now), now)


def retention_completed(now: datetime) -> int:
    """Completed projects: after the legal retention period (RETENTION_DAYS["fund_completed"])."""
    return _anonymise_all(completed_due(now), now)


def retention_drafts(now: datetime) -> int:
    """Drafts nobody touched for 30 days, with their files."""
    result = drafts_purge(now=now)
    return result["unsent_drafts"] + result["sent_drafts"]


# ---------------------------------------------------------------- data-subject access


def applications_of_subject(query: str) -> QuerySet[Application]:
    """Applications found by reference number or email address (exact, case-insensitive)."""
    query = query.strip()
    if not query:
        return Application.objects.none()
    return (
        Application.objects.filter(Q(reference__iexact=query) | Q(email__iexact=query))
        .select_related("fund", "jury_session", "decision")
        .prefetch_related(
            "goals",
            "cost_items",
            "attachments",
            "messages__attachments",
            "status_changes",
            "receipts",
            "report_photos",
            "payouts",
        )
        .order_by("submitted_at")
    )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _files(items) -> list[dict]:
    return [
        {
            "name": item.original_name,
            "type": item.content_type,
            "size": item.size,
            "uploaded_at": item.uploaded_at.isoformat(),
        }
        for item in items
    ]


def subject_access_report(query: str) -> dict:
    """Everything stored about the person behind a reference number or email, as plain data."""
    applications = []
    for a in applications_of_subject(query):
        decision = getattr(a, "decision", None)
        applications.append(
            {
                "reference": a.reference,
                "fund": a.fund.name,
                "status": a.get_status_display(),
                "submitted_at": a.submitted_at.isoformat(),
                "applicant": {
                    "type": a.get_applicant_type_display(),
                    "organisation_name": a.organisation_name,
                    "contact_name": a.contact_name,
                    "street": a.street,
                    "postal_code": a.postal_code,
                    "city": a.city,
                    "email": a.email,
                    "phone": a.phone,
                    "language": a.language,
                },
                "project": {
                    "title": a.title,
                    "summary": a.summary,
                    "goals": [goal.name for goal in a.goals.all()],
                    "target_group": a.target_group,
                    "place": a.place,
                    "start_date": a.start_date.isoformat(),
                    "end_date": a.end_date.isoformat(),
                    "expected_participants": a.expected_participants,
                    "neighbourhood_benefit": a.neighbourhood_benefit,
                    "volunteer_hours": a.volunteer_hours,
                    "volunteer_work": a.volunteer_work,
                },
                "money": {
                    "total_cost": str(a.total_cost),
                    "other_funding": str(a.other_funding),
                    "other_funding_source": a.other_funding_source,
                    "requested_amount": str(a.requested_amount),
                    "granted_amount": str(a.granted_amount) if a.granted_amount else None,
                    "payouts": [
                        {"amount": str(p.amount), "paid_on": p.paid_on.isoformat()}
                        for p in a.payouts.all()
                    ],
                },
                "cost_plan": [
                    {
                        "category": item.get_category_display(),
                        "description": item.description,
                        "amount": str(item.amount),
                    }
                    for item in a.cost_items.all()
                ],
                "declarations": {
                    "not_started": a.declares_not_started,
                    "no_other_funding": a.declares_no_other_funding,
                    "privacy_consent": a.consents_to_privacy,
                    "publication_consent_given_at": _iso(a.publication_consent_given_at),
                    "publication_consent_revoked_at": _iso(a.publication_consent_revoked_at),
                    "photo_consent_given_at": _iso(a.photo_consent_given_at),
                    "photo_consent_revoked_at": _iso(a.photo_consent_revoked_at),
                },
                "decision": {
                    "decision": decision.get_decision_display(),
                    "conditions": decision.conditions,
                    "reason": decision.reason,
                }
                if decision
                else None,
                "messages": [
                    {
                        "from": m.get_sender_display(),
                        "sent_at": m.created_at.isoformat(),
                        "body": m.body,
                        "files": _files(m.attachments.all()),
                    }
                    for m in a.messages.all()
                ],
                "timeline": [
                    {
                        "at": c.created_at.isoformat(),
                        "from": c.get_from_status_display(),
                        "to": c.get_to_status_display(),
                        "by": c.get_actor_display(),
                        "comment": c.comment,
                        "email_subject": c.email_subject,
                    }
                    for c in a.status_changes.all()
                ],
                "attachments": _files(a.attachments.all()),
                "receipts": _files(a.receipts.all()),
                "photos": _files(a.report_photos.all()),
                "report_text": a.report_text,
                "personal_data_erased_at": a.anonymised_at.isoformat() if a.anonymised_at else None,
            }
        )
    return {
        "query": query.strip(),
        "created_at": clock.now().isoformat(),
        "applications": applications,
    }
