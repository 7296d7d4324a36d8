import pytest
from django.http import Http404
from django.test import Client

from fund_applications import selectors
from quartier.core import clock
from tests.factories import (
    ApplicationFactory,
    CostItemFactory,
    FundGoalFactory,
    JurySessionFactory,
)
from tests.public_pages import page_query_counts


def test_fund_page_and_home_make_the_same_queries_with_much_more_data(fund):
    paths = ["/", "/stadtteilfonds/"]
    before = page_query_counts(Client(), paths)
    FundGoalFactory.create_batch(10, fund=fund)
    JurySessionFactory.create_batch(10, fund=fund)
    for application in ApplicationFactory.create_batch(10, fund=fund):
        CostItemFactory.create_batch(3, application=application)

    after = page_query_counts(Client(), paths)

    assert after == before
    assert after["/stadtteilfonds/"] <= 3


def test_status_page_makes_the_same_queries_with_more_cost_lines(fund):
    application = ApplicationFactory(fund=fund)
    CostItemFactory(application=application)
    before = page_query_counts(Client(), [application.get_status_url()])
    CostItemFactory.create_batch(20, application=application)

    after = page_query_counts(Client(), [application.get_status_url()])

    assert after == before


def test_fund_current_without_active_fund_is_404(db):
    with pytest.raises(Http404):
        selectors.fund_current()


def test_next_sessions_exclude_passed_deadlines(fund):
    from datetime import timedelta

    JurySessionFactory(
        fund=fund,
        starts_at=clock.now() - timedelta(days=3),
        submission_deadline=clock.today() - timedelta(days=20),
    )

    current = selectors.fund_current()

    assert all(
        session.submission_deadline >= clock.today() for session in current.upcoming_sessions
    )
    assert len(current.upcoming_sessions) == 1
