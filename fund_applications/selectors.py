"""Reads for the Stadtteilfonds pages: a fixed number of queries whatever the data volume."""

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Prefetch, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from fund_applications import tokens
from fund_applications.enums import GRANTED_STATUSES
from fund_applications.models import Application, ApplicationDraft, Fund, JurySession

MONEY = DecimalField(max_digits=12, decimal_places=2)


def _granted_this_year(year: int) -> Coalesce:
    granted = (
        Application.objects.filter(
            fund=OuterRef("pk"), reference_year=year, status__in=GRANTED_STATUSES
        )
        .order_by()
        .values("fund")
        .annotate(total=Sum("granted_amount"))
        .values("total")
    )
    return Coalesce(Subquery(granted, output_field=MONEY), Value(Decimal("0")), output_field=MONEY)


def fund_current() -> Fund:
    """The fund the public pages show, with its goals, coming sessions and this year's grants."""
    today = timezone.localdate()
    upcoming = JurySession.objects.filter(submission_deadline__gte=today).order_by(
        "submission_deadline", "starts_at"
    )
    fund = (
        Fund.objects.active()
        .select_related("office")
        .prefetch_related(
            "goals", Prefetch("jury_sessions", queryset=upcoming, to_attr="upcoming_sessions")
        )
        .annotate(granted_this_year=_granted_this_year(today.year))
        .order_by("pk")
        .first()
    )
    if fund is None:
        raise Http404("no active fund")
    fund.remaining_budget = max(fund.year_budget - fund.granted_this_year, Decimal("0"))
    fund.next_session = fund.upcoming_sessions[0] if fund.upcoming_sessions else None
    return fund


def fund_teaser() -> JurySession | None:
    """The next deadline for the home page (one query)."""
    return (
        JurySession.objects.filter(
            fund__is_active=True, submission_deadline__gte=timezone.localdate()
        )
        .select_related("fund")
        .order_by("submission_deadline", "starts_at")
        .first()
    )


def draft_get(*, token: str) -> ApplicationDraft:
    """The draft behind a private link, or 404 (also for a wrong secret)."""
    parts = tokens.split(token)
    if parts is None:
        raise Http404
    draft = (
        ApplicationDraft.objects.select_related("fund__office", "application")
        .filter(key=parts[0])
        .first()
    )
    if draft is None or not tokens.secret_matches(draft.secret, parts[1]):
        raise Http404
    return draft


def application_get_by_token(*, token: str) -> Application:
    """The application behind a status link, with everything its page shows, or 404."""
    parts = tokens.split(token)
    if parts is None:
        raise Http404
    application = (
        Application.objects.select_related("fund__office", "jury_session")
        .prefetch_related("goals", "cost_items", "attachments", "messages")
        .filter(status_key=parts[0])
        .first()
    )
    if application is None or not tokens.secret_matches(application.status_secret, parts[1]):
        raise Http404
    return application
