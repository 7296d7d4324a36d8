"""Application lists as CSV or XLSX for the fund team, and the anonymised yearly statistic."""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fund_applications.models import Application, ApplicationQuerySet, Fund, FundGoal
from fund_applications.personal_data import CONTACT_FIELDS
from quartier.core import formatting

# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str | Decimal | int:
    """Numbers stay numbers; text that a spreadsheet would run as a formula gets a quote."""
    if value is None:
        return ""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return value
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def _german_number(value) -> str:
    if isinstance(value, Decimal):
        return formats.number_format(value, 2, use_l10n=True)
    return str(value)


COLUMNS = [
    ("reference", gettext_noop("Antragsnummer")),
    ("status", gettext_noop("Status")),
    ("submitted", gettext_noop("Eingegangen am")),
    ("title", gettext_noop("Titel des Projekts")),
    ("goals", gettext_noop("Ziele")),
    ("applicant_type", gettext_noop("Antragsteller (Art)")),
    ("organisation_name", gettext_noop("Gruppe oder Verein")),
    ("contact_name", gettext_noop("Ansprechperson")),
    ("email", gettext_noop("E-Mail")),
    ("phone", gettext_noop("Telefon")),
    ("total", gettext_noop("Gesamtkosten (€)")),
    ("requested", gettext_noop("Beantragt (€)")),
    ("granted", gettext_noop("Bewilligt (€)")),
    ("paid_out", gettext_noop("Ausgezahlt (€)")),
    ("jury_session", gettext_noop("Jurysitzung")),
]


def application_rows(
    queryset: QuerySet[Application], *, with_contact: bool = True
) -> Iterable[list]:
    """One header row, then one row per application (goals prefetched, payouts added up in
    SQL: fixed query count).
    Without with_contact, the columns of personal_data.CONTACT_FIELDS are left out."""
    columns = [(key, label) for key, label in COLUMNS if with_contact or key not in CONTACT_FIELDS]
    yield [_(label) for _key, label in columns]
    rows = queryset.select_related("jury_session").prefetch_related("goals").with_paid_out_sum()
    for a in rows:
        values = {
            "reference": a.reference,
            "status": a.get_status_display(),
            "submitted": formatting.short_date(a.submitted_at),
            "title": a.title,
            "goals": ", ".join(goal.name for goal in a.goals.all()),
            "applicant_type": a.get_applicant_type_display(),
            "organisation_name": a.organisation_name,
            "contact_name": a.contact_name,
            "email": a.email,
            "phone": a.phone,
            "total": a.total_cost,
            "requested": a.requested_amount,
            "granted": a.granted_amount,
            "paid_out": a.paid_out,
            "jury_session": str(a.jury_session) if a.jury_session else "",
        }
        yield [safe_cell(values[key]) for key, _label in columns]


def as_csv(rows: Iterable[list]) -> bytes:
    """Semicolons and decimal commas as German Excel expects; UTF-8 with BOM so umlauts open."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in rows:
        writer.writerow([_german_number(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(rows: Iterable[list], *, title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in rows:
        # A string cell starting with "=" would be stored as a formula: safe_cell quoted it.
        sheet.append([float(cell) if isinstance(cell, Decimal) else cell for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- yearly statistic


@dataclass(frozen=True)
class GoalLine:
    goal: str
    projects: int
    granted: Decimal


@dataclass(frozen=True)
class YearStatistic:
    year: int
    applications: int
    projects: int
    granted: Decimal
    by_goal: list[GoalLine]


def year_statistic(*, fund: Fund, year: int) -> YearStatistic:
    """Counts and sums only; no name, no address. A project with two goals counts for both."""
    granted = ApplicationQuerySet.granted_condition(year, through="applications__")
    goals = (
        FundGoal.objects.filter(fund=fund)
        .annotate(
            projects=Count("applications", filter=granted),
            granted=Sum("applications__granted_amount", filter=granted),
        )
        .order_by("ordering", "name")
    )
    figures = Fund.objects.with_year_figures(year).get(pk=fund.pk)
    return YearStatistic(
        year=year,
        applications=Application.objects.filter(fund=fund, reference_year=year).count(),
        projects=figures.granted_count_of_year,
        granted=figures.granted_of_year,
        by_goal=[
            GoalLine(goal=g.name, projects=g.projects, granted=g.granted or Decimal("0.00"))
            for g in goals
        ],
    )


def statistic_rows(statistic: YearStatistic) -> Iterable[list]:
    yield [_("Ziel"), _("Geförderte Projekte"), _("Bewilligt (€)")]
    for line in statistic.by_goal:
        yield [safe_cell(line.goal), line.projects, line.granted]
    yield [_("Alle Projekte"), statistic.projects, statistic.granted]
