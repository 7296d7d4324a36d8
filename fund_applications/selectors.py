"""Reads for the Stadtteilfonds pages: a fixed number of queries whatever the data volume."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import (
    Count,
    Q,
    QuerySet,
    Subquery,
    Sum,
    prefetch_related_objects,
)
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from fund_applications.enums import (
    JURY_STATUSES,
    ApplicationStatus,
)
from fund_applications.models import (
    Application,
    ApplicationDraft,
    ApplicationQuerySet,
    Fund,
    JurySession,
    MessageAttachment,
    Payout,
)
from quartier.core import clock, private_links


@dataclass(frozen=True)
class BudgetSummary:
    year: int
    budget: Decimal
    granted: Decimal
    paid_out: Decimal
    remaining: Decimal


def budget_summary(*, fund: Fund, year: int) -> BudgetSummary:
    """Budget, granted so far, paid out and remaining of one fund-year (two queries)."""
    return budget_summaries(fund=fund, years=[year])[0]


def budget_summaries(*, fund: Fund, years: list[int]) -> list[BudgetSummary]:
    """budget_summary() of several years, in their order, in two queries however many."""
    if not years:
        return []
    annotations = {}
    for year in years:
        annotations |= Fund.objects.year_figures(year, suffix=f"_{year}")
    figures = Fund.objects.filter(pk=fund.pk).annotate(**annotations).values(*annotations).get()
    paid_out = dict(
        Payout.objects.filter(application__fund=fund, application__budget_year__in=years)
        .order_by()
        .values("application__budget_year")
        .annotate(total=Sum("amount"))
        .values_list("application__budget_year", "total")
    )
    return [
        BudgetSummary(
            year=year,
            budget=figures[f"budget_of_year_{year}"],
            granted=figures[f"granted_of_year_{year}"],
            paid_out=paid_out.get(year) or Decimal("0.00"),
            remaining=figures[f"budget_of_year_{year}"] - figures[f"granted_of_year_{year}"],
        )
        for year in years
    ]


def jury_session_open(*, fund: Fund, on_date) -> JurySession | None:
    """The first session whose deadline has not passed on that day: where a new application goes."""
    return (
        JurySession.objects.filter(fund=fund, submission_deadline__gte=on_date)
        .order_by("submission_deadline", "starts_at")
        .first()
    )


# The fund's page edits the coming jury sessions and those of the last three months (a date
# or place to correct after the evening); older ones are on the list of sessions, linked.
RECENT_JURY_SESSION_DAYS = 90


def recent_jury_sessions_since() -> date:
    """The first day (in Berlin) whose jury sessions the fund's page still lists."""
    return clock.today() - timedelta(days=RECENT_JURY_SESSION_DAYS)


def _recent_start() -> datetime:
    return datetime.combine(recent_jury_sessions_since(), time.min, clock.BERLIN)


def fund_page_jury_sessions(sessions: QuerySet[JurySession]) -> QuerySet[JurySession]:
    """Of these jury sessions, the ones the fund's page edits: coming and recent ones."""
    return sessions.filter(starts_at__gte=_recent_start())


def older_jury_sessions_count(*, fund: Fund) -> int:
    """How many of the fund's sessions the fund's page leaves to the list of sessions."""
    return fund.jury_sessions.filter(starts_at__lt=_recent_start()).count()


def fund_years(*, fund: Fund) -> list[int]:
    """Every year with jury sessions, grants or an own budget, and this year; newest first."""
    from django.db.models.functions import ExtractYear

    years = {clock.today().year}
    years.update(
        fund.jury_sessions.annotate(year=ExtractYear("starts_at", tzinfo=clock.BERLIN))
        .values_list("year", flat=True)
        .distinct()
    )
    years.update(
        fund.applications.exclude(budget_year=None).values_list("budget_year", flat=True).distinct()
    )
    years.update(fund.budgets.values_list("year", flat=True))
    return sorted(years, reverse=True)


def jury_session_members(*, session: JurySession) -> QuerySet[Application]:
    """The applications a session discusses: put on it and not withdrawn."""
    return Application.objects.filter(jury_session=session).exclude(
        status=ApplicationStatus.WITHDRAWN
    )


def jury_session_applications(*, session: JurySession):
    """The applications of one session with everything the jury pack shows."""
    return (
        jury_session_members(session=session)
        .select_related("fund", "decision")
        .prefetch_related("goals", "cost_items", "attachments")
        .order_by("reference_year", "reference_number")
    )


def jury_pack_applications(*, session: JurySession):
    """What the Jurymappe holds: the session's applications the jury may read (ready for it or
    decided in it). One still in review stays out until the team sets it "bereit für Jury"."""
    return jury_session_applications(session=session).filter(
        pk__in=applications_for_jury().values("pk")
    )


def released_answer_files(*, applications) -> dict[int, list[MessageAttachment]]:
    """Files sent with answers that the fund team released to the jury, by application (one
    query)."""
    files = MessageAttachment.objects.filter(
        message__application__in=applications, shared_with_jury=True
    ).select_related("message")
    by_application: dict[int, list[MessageAttachment]] = {}
    for item in files:
        by_application.setdefault(item.message.application_id, []).append(item)
    return by_application


def applications_for_jury():
    """What a jury member may read: applications put on a session and waiting for it, and
    those the jury decided in a session, as long as they stay in its Jurymappe (not
    withdrawn). The Jurymappe shows a decided application's project, money and decision; its
    page opens read-only as well, so a link from a session never ends in "existiert nicht"."""
    return (
        Application.objects.filter(jury_session__isnull=False)
        .filter(Q(status__in=JURY_STATUSES) | Q(decision__jury_session__isnull=False))
        .exclude(status=ApplicationStatus.WITHDRAWN)
    )


def fund_current() -> Fund:
    """The fund the public pages show, with its goals, coming sessions and what is left of the
    budget the next session grants from (three queries)."""
    today = clock.today()
    first_active = Fund.objects.active().order_by("pk").values("pk")[:1]
    upcoming = list(
        JurySession.objects.filter(
            fund=Subquery(first_active), submission_deadline__gte=today
        ).order_by("submission_deadline", "starts_at")
    )
    # A grant counts against the year the jury meets (decision_year): in December the money
    # left for an application is next year's when the next session is in January or March.
    year = clock.local(upcoming[0].starts_at).year if upcoming else today.year
    fund = (
        Fund.objects.active()
        .select_related("office")
        .prefetch_related("goals")
        .with_year_figures(year)
        .order_by("pk")
        .first()
    )
    if fund is None:
        raise Http404("no active fund")
    fund.upcoming_sessions = upcoming
    fund.budget_year_shown = year
    fund.remaining_budget = max(fund.remaining_of_year, Decimal("0"))
    fund.next_session = upcoming[0] if upcoming else None
    return fund


def fund_teaser(*, with_fund: bool = False) -> JurySession | None:
    """The next deadline for the home page (one query); `with_fund` for a teaser that also
    names the fund's figures (Leichte Sprache)."""
    sessions = JurySession.objects.filter(
        fund__is_active=True, submission_deadline__gte=clock.today()
    )
    if with_fund:
        sessions = sessions.select_related("fund")
    return sessions.order_by("submission_deadline", "starts_at").first()


def draft_get(*, token: str) -> ApplicationDraft:
    """The draft behind a private link, or 404 (also for a wrong secret)."""
    return private_links.row_by_token(
        ApplicationDraft.objects.select_related("fund__office", "application"),
        token=token,
        fields=("key", "secret"),
    )


def application_get_by_token(*, token: str) -> Application:
    """The application behind a status link, with everything its page shows, or 404."""
    application = private_links.row_by_token(
        Application.objects.select_related("fund__office", "jury_session", "decision").filter(
            anonymised_at__isnull=True
        ),
        token=token,
        fields=("status_key", "status_secret"),
    )
    # Only now: loading the rest for a right key with a wrong secret would take measurably
    # longer than for an unknown key, and so tell that the key exists (see private_links).
    prefetch_related_objects(
        [application],
        "goals",
        "cost_items",
        "attachments",
        "messages__attachments",
        "receipts__cost_item",
        "report_photos",
    )
    return application


# ---------------------------------------------------------------- waiting for the fund team
# What the team's start page counts and the application list's filter "Wartet auf" shows: one
# definition for both, so a count and the list behind its link always agree.


WAITING_FOR_TEAM = {
    "eingegangen": (_("Eingegangen, noch nicht in Prüfung"), ApplicationQuerySet.new),
    "neu": (_("Neu: Antwort oder Nachweis"), ApplicationQuerySet.needs_staff_attention),
    "nachweis_ueberfaellig": (
        _("Verwendungsnachweis überfällig"),
        ApplicationQuerySet.report_overdue,
    ),
    "auszahlung_faellig": (_("Auszahlung fällig"), ApplicationQuerySet.payout_due),
}


def applications_waiting(step: str, applications=None) -> QuerySet[Application]:
    """The applications waiting for the team's step `step` (a key of WAITING_FOR_TEAM)."""
    queryset = Application.objects.all() if applications is None else applications
    return WAITING_FOR_TEAM[step][1](queryset)


def jury_session_next(*, now: datetime | None = None) -> JurySession | None:
    """The next jury session (today's included) with `ready_count`: its applications ready
    for the jury (what the jury reads and the pack lists for discussion)."""
    moment = now or clock.now()
    today_start = datetime.combine(clock.local_date(moment), time.min, clock.BERLIN)
    return (
        JurySession.objects.filter(starts_at__gte=today_start)
        .select_related("fund")
        .annotate(
            ready_count=Count(
                "applications",
                filter=Q(applications__status__in=JURY_STATUSES),
            )
        )
        .order_by("starts_at", "pk")
        .first()
    )
