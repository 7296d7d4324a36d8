"""The Jurymappe as PDF, made once per change of what it shows: the jury and the fund team
download it again and again before a session, and WeasyPrint takes a few hundred milliseconds
for each. The bytes wait in the default cache (Redis or the database table, which every app
server shares and nobody reaches from outside), beside a fingerprint of everything the pack
shows; a download whose fingerprint differs makes a new PDF, so a change shows at once."""

import hashlib
from functools import cache

from django.contrib.staticfiles import finders
from django.core.cache import cache as shared_cache
from django.template.loader import get_template
from django.utils.translation import get_language

from fund_applications import selectors
from fund_applications.models import (
    Application,
    Attachment,
    CostItem,
    JurySession,
    MessageAttachment,
)

TEMPLATE = "admin/fund_applications/jurysession/pack.html"
STYLESHEET = "css/jury-pack.css"
# The templates the PDF is made of: a deployment that changes one makes new PDFs.
TEMPLATES = (
    TEMPLATE,
    "admin/fund_applications/jurysession/_pack_body.html",
    "admin/fund_applications/_budget.html",
)
# Long enough for the weeks before a session; an entry never outlives a change anyway.
KEEP_SECONDS = 14 * 24 * 3600

# What the pack prints of each application, and of its decision.
APPLICATION_FIELDS = (
    "pk",
    "updated_at",
    "status",
    "reference",
    "title",
    "applicant_type",
    "target_group",
    "place",
    "start_date",
    "end_date",
    "expected_participants",
    "volunteer_hours",
    "volunteer_work",
    "summary",
    "neighbourhood_benefit",
    "total_cost",
    "other_funding",
    "other_funding_source",
    "requested_amount",
    "decision__pk",
    "decision__decision",
    "decision__granted_amount",
    "decision__votes_for",
    "decision__votes_against",
    "decision__votes_abstain",
    "decision__conditions",
)


@cache
def _layout() -> str:
    """The templates' and the stylesheet's text, once per process."""
    parts = [get_template(name).template.source for name in TEMPLATES]
    with open(finders.find(STYLESHEET), encoding="utf-8") as handle:
        parts.append(handle.read())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def jury_pack_fingerprint(*, session: JurySession, budget: selectors.BudgetSummary) -> str:
    """A hash of everything the session's pack shows (five small queries): the session, its
    applications with their cost plans, goals, files and decisions, and the budget."""
    applications = selectors.jury_session_members(session=session)
    members = applications.values("pk")
    content = [
        _layout(),
        get_language(),
        (session.pk, session.starts_at, session.place, session.fund.name),
        budget,
        list(applications.values_list(*APPLICATION_FIELDS)),
        list(
            CostItem.objects.filter(application__in=members)
            .order_by("application_id", "position", "pk")
            .values_list("application_id", "pk", "category", "description", "amount")
        ),
        list(
            Application.goals.through.objects.filter(application__in=members)
            .order_by("application_id", "fundgoal__ordering", "fundgoal_id")
            .values_list("application_id", "fundgoal__name")
        ),
        list(
            Attachment.objects.filter(application__in=members)
            .order_by("application_id", "pk")
            .values_list("application_id", "pk", "original_name", "size", "shared_with_jury")
        ),
        list(
            MessageAttachment.objects.filter(
                message__application__in=members, shared_with_jury=True
            )
            .order_by("pk")
            .values_list("message__application_id", "pk", "original_name", "size")
        ),
    ]
    return hashlib.sha256(repr(content).encode()).hexdigest()


def cache_key(session_id: int) -> str:
    return f"jurymappe:{session_id}"


def pdf_once_per_change(
    *, session: JurySession, budget: selectors.BudgetSummary, make_pdf
) -> bytes:
    """The pack as PDF: from the shared cache while nothing it shows has changed, else made by
    `make_pdf()` and kept. One entry per session, so old versions do not pile up."""
    key = cache_key(session.pk)
    fingerprint = jury_pack_fingerprint(session=session, budget=budget)
    kept = shared_cache.get(key)
    if kept is not None and kept[0] == fingerprint:
        return kept[1]
    pdf = make_pdf()
    shared_cache.set(key, (fingerprint, pdf), KEEP_SECONDS)
    return pdf
