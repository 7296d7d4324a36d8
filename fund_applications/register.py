"""Reads for "Geförderte Projekte": the funded projects of a year that their applicants agreed to
show, and the year's figures. A fixed number of queries whatever the data volume.

The figures (budget, granted, count) come from Fund.objects.with_year_figures, like the public
fund page, the statistic and the staff's budget box; the count covers every granted project of
the year, also those not shown here."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from fund_applications.enums import FINISHED_STATUSES
from fund_applications.models import Application, ApplicationQuerySet, Fund, ReportPhoto
from quartier.core import clock

FEED_LENGTH = 20


def shown() -> Q:
    """Granted, agreed to be shown and not taken back, personal data not erased."""
    return ApplicationQuerySet.granted_condition() & Q(
        publication_consent_given_at__isnull=False,
        publication_consent_revoked_at__isnull=True,
        anonymised_at__isnull=True,
    )


def _shown_photos() -> Prefetch:
    # Photos only with their own consent: filtered on the application's photo consent.
    return Prefetch(
        "report_photos",
        # Only photos whose picture was made: the view streams nothing else.
        queryset=ReportPhoto.objects.exclude(rendition="").only(
            "pk", "application_id", "uploaded_at"
        ),
        to_attr="all_photos",
    )


def _projects() -> QuerySet[Application]:
    return Application.objects.filter(shown()).prefetch_related("goals", _shown_photos())


def _decorate(project: Application) -> Application:
    project.is_finished = project.status in FINISHED_STATUSES
    project.photos = project.all_photos if project.photo_consented else []
    return project


@dataclass(frozen=True)
class RegisterYear:
    fund: Fund
    year: int
    budget: Decimal
    granted: Decimal
    granted_count: int
    projects: list[Application]
    years: list[int]

    @property
    def shown_count(self) -> int:
        return len(self.projects)


def register_fund(*, year: int) -> Fund:
    """The active fund with the year's budget, granted sum and number of granted projects."""
    fund = Fund.objects.active().with_year_figures(year).order_by("pk").first()
    if fund is None:
        raise Http404("no active fund")
    return fund


def _granted_years(fund: Fund) -> set[int]:
    return set(
        Application.objects.granted()
        .filter(fund=fund)
        .order_by()
        .values_list("budget_year", flat=True)
        .distinct()
    )


def register_years(*, fund: Fund) -> list[int]:
    """Years with granted projects, newest first, and always the current year."""
    return sorted(_granted_years(fund) | {clock.today().year}, reverse=True)


def register_year(*, year: int | None = None) -> RegisterYear:
    """One year of the register (five queries). Without a year: the newest year with grants."""
    today = clock.today()
    first = register_fund(year=year or today.year)
    granted_years = _granted_years(first)
    years = sorted(granted_years | {today.year}, reverse=True)
    if year is None:
        # This year once it has grants; until then (January) the newest year that has some.
        past = [y for y in granted_years if y <= today.year]
        year = max(past) if past else today.year
        fund = first if year == today.year else register_fund(year=year)
    elif year not in years:
        raise Http404("no granted projects that year")
    else:
        fund = first
    projects = [
        _decorate(p)
        for p in _projects().filter(fund=fund, budget_year=year).order_by("title", "pk")
    ]
    return RegisterYear(
        fund=fund,
        year=year,
        budget=fund.budget_of_year,
        granted=fund.granted_of_year,
        granted_count=fund.granted_count_of_year,
        projects=projects,
        years=years,
    )


def is_shown(application: Application) -> bool:
    """Whether the register shows this application now (for its applicant's status page)."""
    return (
        application.is_granted
        and application.publication_consented
        and application.anonymised_at is None
    )


def register_project_get(*, pk: int) -> Application:
    """One shown project with its goals and (with photo consent) photos, or 404."""
    project = _projects().select_related("fund").filter(pk=pk).first()
    if project is None:
        raise Http404("not shown")
    return _decorate(project)


def register_photo_get(*, project_pk: int, photo_pk: int) -> ReportPhoto:
    """A photo of a shown project whose applicant agreed to show photos, or 404."""
    photo = (
        ReportPhoto.objects.exclude(rendition="")
        .filter(
            pk=photo_pk,
            application_id=project_pk,
            application__in=Application.objects.filter(
                shown(),
                photo_consent_given_at__isnull=False,
                photo_consent_revoked_at__isnull=True,
            ),
        )
        .select_related("application")
        .first()
    )
    if photo is None:
        raise Http404("photo not shown")
    return photo


def register_feed_items() -> list[Application]:
    """The newest shown projects across years, for the feed."""
    return [
        _decorate(p)
        for p in _projects()
        .select_related("decision")
        .order_by("-budget_year", "-decision__recorded_at", "-pk")[:FEED_LENGTH]
    ]


def register_sitemap_years() -> list[int]:
    fund = Fund.objects.active().order_by("pk").first()
    return register_years(fund=fund) if fund else []


def register_sitemap_projects() -> QuerySet[Application]:
    return Application.objects.filter(shown()).only("pk", "updated_at").order_by("pk")
