"""`make bench`, lending: the cargo bike's public availability page (/ausleihen/lastenrad/,
four weeks of free and busy days), rendered uncached, as the median of many renders and its
SQL queries, with the demo's few loans and with a year of daily loans in the table.

Run inside the benchmark's environment (bench/run.py calls it after `migrate`); prints JSON."""

import json
import statistics
import sys
import time
from datetime import time as clock_time
from datetime import timedelta

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from consultations.lending.models import LendingItem, Loan  # noqa: E402
from consultations.schedule import at  # noqa: E402
from quartier.core import clock, private_links  # noqa: E402

RENDERS = 100
PATH = "/ausleihen/lastenrad/"


def measure(client: Client) -> dict:
    # Counted by a wrapper: request_started empties the connection's own query log.
    queries = []
    with connection.execute_wrapper(lambda run, sql, *args: queries.append(sql) or run(sql, *args)):
        response = client.get(PATH)
    assert response.status_code == 200, response.status_code
    timings = []
    for _ in range(RENDERS):
        start = time.perf_counter()
        client.get(PATH)
        timings.append((time.perf_counter() - start) * 1000)
    return {
        "loans": Loan.objects.count(),
        "queries": len(queries),
        "median_ms": round(statistics.median(timings), 2),
        "p90_ms": round(statistics.quantiles(timings, n=10)[-1], 2),
    }


@transaction.atomic
def add_year(item: LendingItem) -> None:
    """A loan a day for the past eleven months and the coming one, returned or approved."""
    today = clock.today()
    loans = []
    for offset in range(-335, 30):
        day = today + timedelta(days=offset)
        if (
            Loan.objects.blocking()
            .overlapping(
                item_id=item.pk, starts_at=at(day, clock_time(0)), ends_at=at(day, clock_time(23))
            )
            .exists()
        ):
            continue
        key, secret = private_links.new_key_and_secret()
        starts = at(day, clock_time(0))
        ends = starts + timedelta(days=1)
        loans.append(
            Loan(
                item=item,
                office_id=item.office_id,
                status="zurueck" if offset < 0 else "zugesagt",
                starts_at=starts,
                ends_at=ends,
                first_day=day,
                last_day=day,
                pickup_from=starts + timedelta(hours=10),
                pickup_until=starts + timedelta(hours=12),
                return_from=ends + timedelta(hours=10),
                due_at=ends + timedelta(hours=12),
                purpose="Einkauf",
                name=f"Person {offset}",
                email=f"person{offset}@example.org",
                rules_accepted_at=starts,
                link_key=key,
                link_secret=secret,
            )
        )
    Loan.objects.bulk_create(loans, batch_size=1000)


def main() -> dict:
    call_command("load_demo_data", verbosity=0)
    client = Client()
    results = {"few": measure(client)}
    add_year(LendingItem.objects.get(slug="lastenrad"))
    results["many"] = measure(client)
    return results


if __name__ == "__main__":
    print(json.dumps(main()))
    sys.exit(0)
