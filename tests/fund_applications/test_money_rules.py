"""Each money rule once: the register, the exports, the staff's budget box and the public fund
page give the same number for the same data."""

from decimal import Decimal

import pytest

from fund_applications import exports, register, selectors
from fund_applications.enums import ApplicationStatus
from fund_applications.models import Application, Fund, FundBudget, Payout, Receipt
from fund_applications.views.report import _report_lines
from quartier.core import clock
from tests.factories import ApplicationFactory, CostItemFactory

S = ApplicationStatus
YEAR = 2026


@pytest.fixture(autouse=True)
def _in_2026(time_machine):
    time_machine.move_to("2026-10-01 12:00:00+02:00", tick=False)


@pytest.fixture
def year_of_grants(fund):
    fund.show_remaining_budget = True
    fund.save()
    FundBudget.objects.create(fund=fund, year=YEAR, amount=Decimal("10000.00"))
    grants = [
        ApplicationFactory(fund=fund, status=status, granted_amount=Decimal(amount), budget_year=y)
        for status, amount, y in [
            (S.IN_PROGRESS, "1200.00", YEAR),
            (S.CLOSED, "800.50", YEAR),
            (S.APPROVED, "300.00", YEAR),
            (S.CLOSED, "999.00", YEAR - 1),
        ]
    ]
    ApplicationFactory(fund=fund, status=S.REJECTED, budget_year=None)
    for application, amount in [
        (grants[0], "500.00"),
        (grants[0], "200.00"),
        (grants[1], "800.50"),
    ]:
        Payout.objects.create(
            application=application,
            amount=Decimal(amount),
            paid_on=clock.today(),
            recorded_at=clock.now(),
        )
    return grants


def _export_column(queryset, label: str) -> list:
    header, *rows = exports.application_rows(queryset)
    index = header.index(label)
    return [row[index] or Decimal("0") for row in rows]


def test_granted_in_year_is_the_same_in_register_statistic_export_and_budget_box(
    fund, year_of_grants
):
    summary = selectors.budget_summary(fund=fund, year=YEAR)
    register_year = register.register_year(year=YEAR)
    statistic = exports.year_statistic(fund=fund, year=YEAR)
    exported = _export_column(Application.objects.granted(YEAR), "Bewilligt (€)")

    assert summary.granted == register_year.granted == statistic.granted == sum(exported)
    assert summary.granted == Decimal("2300.50")
    assert register_year.granted_count == statistic.projects == len(exported) == 3


def test_paid_out_is_the_same_in_export_budget_box_and_on_each_application(fund, year_of_grants):
    summary = selectors.budget_summary(fund=fund, year=YEAR)
    exported = _export_column(Application.objects.filter(budget_year=YEAR), "Ausgezahlt (€)")

    assert summary.paid_out == sum(exported) == Decimal("1500.50")
    assert summary.paid_out == Application.objects.filter(budget_year=YEAR).paid_out_total()
    assert year_of_grants[0].paid_out == Decimal("700.00")
    assert Application.objects.payout_due().count() == 0


def test_remaining_budget_is_the_same_on_the_fund_page_and_in_the_budget_box(
    client, fund, year_of_grants
):
    summary = selectors.budget_summary(fund=fund, year=YEAR)
    register_year = register.register_year(year=YEAR)

    assert summary.remaining == selectors.fund_current().remaining_budget == Decimal("7699.50")
    assert summary.remaining == register_year.budget - register_year.granted
    html = client.get("/stadtteilfonds/").content.decode()
    assert "7.699,50\u00a0€" in html


def test_receipts_total_is_the_same_per_line_and_for_the_report(fund):
    application = ApplicationFactory(fund=fund, status=S.IN_PROGRESS)
    wood = CostItemFactory(application=application, amount=Decimal("300.00"))
    for item, amount in [(wood, "120.40"), (wood, "80.00"), (None, "15.10")]:
        Receipt.objects.create(
            application=application,
            cost_item=item,
            amount=Decimal(amount),
            file="stadtteilfonds/beleg.pdf",
            original_name="beleg.pdf",
            content_type="application/pdf",
            size=10,
        )

    lines, total = _report_lines(application)

    assert total == application.receipts_total == Decimal("215.50")
    assert lines[0]["actual"] == wood.receipts_total == Decimal("200.40")
    assert lines[-1]["actual"] == Decimal("15.10")


def test_budgets_of_several_years_at_once_are_each_years_budget(fund, year_of_grants):
    Payout.objects.create(
        application=year_of_grants[3],
        amount=Decimal("99.00"),
        paid_on=clock.today(),
        recorded_at=clock.now(),
    )
    years = [YEAR + 1, YEAR, YEAR - 1]

    together = selectors.budget_summaries(fund=fund, years=years)

    one_by_one = [Fund.objects.with_year_figures(year).get(pk=fund.pk) for year in years]
    assert [s.year for s in together] == years
    assert [s.budget for s in together] == [f.budget_of_year for f in one_by_one]
    assert [s.granted for s in together] == [f.granted_of_year for f in one_by_one]
    assert [s.remaining for s in together] == [f.remaining_of_year for f in one_by_one]
    assert [s.paid_out for s in together] == [
        Application.objects.filter(fund=fund, budget_year=year).paid_out_total() for year in years
    ]
    assert [s.granted for s in together] == [Decimal("0"), Decimal("2300.50"), Decimal("999.00")]
    assert together[1].paid_out == Decimal("1500.50")


def test_the_fund_page_makes_the_same_queries_for_one_year_and_for_many(
    admin_client, fund, year_of_grants
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = admin_client.get(f"/admin/fund_applications/fund/{fund.pk}/change/")
        assert page.status_code == 200
        return len(captured)

    queries()  # the first page of a session looks up a little more
    few = queries()
    for year in (2019, 2020, 2021, 2022):
        FundBudget.objects.create(fund=fund, year=year, amount=Decimal("5000.00"))

    assert queries() == few
