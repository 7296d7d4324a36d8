"""Twenty residents book the cargo bike for the same Saturday at the same moment: exactly one
gets it, the others are told at once. On PostgreSQL the exclusion constraint decides (the
second insert waits for the first and fails); on SQLite the check inside the writing
transaction, whose write lock is taken at BEGIN."""

from datetime import datetime

import pytest
from django.db import connection
from django.test import Client

from consultations.lending.enums import LoanStatus
from consultations.lending.models import Loan
from quartier.core.clock import BERLIN
from tests.concurrency import at_once
from tests.lending.factories import BikeFactory, shop_front

PARALLEL = 20


@pytest.fixture
def bike(transactional_db, time_machine):
    time_machine.move_to(datetime(2026, 11, 30, 9, tzinfo=BERLIN), tick=True)
    _first, second = shop_front()
    return BikeFactory(office=second, slug="lastenrad")


@pytest.mark.django_db(transaction=True)
def test_twenty_requests_for_the_bike_on_one_saturday_book_exactly_one(bike):
    def ask(number: int):
        client = Client(REMOTE_ADDR=f"198.51.100.{number}")
        response = client.post(
            "/ausleihen/lastenrad/anfragen/",
            {
                "first_day": "2026-12-05",
                "days": "1",
                "purpose": "Umzug",
                "name": f"Person {number}",
                "email": f"person{number}@example.org",
                "rules_accepted": "on",
                "privacy_consent": "on",
            },
        )
        return response.status_code, response.content.decode()

    outcomes, errors = at_once(ask, PARALLEL)

    assert errors == []
    statuses = sorted(status for status, _html in outcomes)
    assert statuses == [302] + [409] * (PARALLEL - 1)
    refusals = [html for status, html in outcomes if status == 409]
    assert all("Schon vergeben" in html for html in refusals)
    assert all('value="Person' in html for html in refusals)  # what was typed is kept
    assert Loan.objects.filter(status=LoanStatus.CONFIRMED).count() == 1
    assert Loan.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_itself_refuses_a_second_overlapping_loan(bike):
    """Below the service: two approved loans written straight into the table."""
    from django.db import IntegrityError

    from tests.lending.factories import LoanFactory

    LoanFactory(item=bike)
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no exclusion constraint: the service checks there")
    with pytest.raises(IntegrityError):
        LoanFactory(item=bike, status=LoanStatus.HANDED_OUT)
