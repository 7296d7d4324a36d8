"""`make bench`, event sign-up: the page of an event with sign-up and its sign-up form,
rendered uncached (median of many renders and their SQL queries) with a few sign-ups and with
1,000 sign-ups and 200 on the waiting list; and sign-ups per second for one event when several
residents send the form at once (threads, each with its own connection, as workers would).

Run inside the benchmark's environment (bench/run.py calls it after `migrate`); prints JSON."""

import json
import statistics
import sys
import threading
import time
from datetime import timedelta

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402

from offices.events import services  # noqa: E402
from offices.events.enums import SignupStatus  # noqa: E402
from offices.events.models import EventSignup, EventSignupSetup  # noqa: E402
from quartier.core import clock, private_links  # noqa: E402

RENDERS = 100
SIGNUP_THREADS = 4
SIGNUPS_PER_THREAD = 50


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(paths: list[str]) -> dict:
    client = Client()
    results = {}
    for path in paths:
        client.get(path)
        queries = QueryCounter()
        # Counted as they run: the query log is reset and the connection reopened per request.
        with connection.execute_wrapper(queries):
            assert client.get(path).status_code == 200, path
        timings = []
        for _ in range(RENDERS):
            start = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        results[path] = {
            "queries": queries.count,
            "median_ms": round(statistics.median(timings), 2),
        }
    return results


def add_signups(setup: EventSignupSetup, signed: int, waiting: int) -> None:
    last = EventSignup.objects.filter(setup=setup).count()
    rows = []
    for number in range(signed + waiting):
        key, secret = private_links.new_key_and_secret()
        rows.append(
            EventSignup(
                setup=setup,
                status=SignupStatus.SIGNED_UP if number < signed else SignupStatus.WAITING,
                position=last + number + 1,
                name=f"Person {number}",
                email=f"bench{number}@example.org",
                persons=1,
                consent_given_at=clock.now() - timedelta(days=1),
                link_key=key,
                link_secret=secret,
            )
        )
    EventSignup.objects.bulk_create(rows, batch_size=2000)


def signups_per_second(setup: EventSignupSetup) -> dict:
    errors = []

    def run(thread: int) -> None:
        try:
            for number in range(SIGNUPS_PER_THREAD):
                services.signup_create(
                    setup=setup,
                    name=f"Last {thread}-{number}",
                    email=f"last{thread}-{number}@example.org",
                    persons=1,
                    waiting_list_ok=True,
                )
        except Exception as error:  # reported, not hidden
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(SIGNUP_THREADS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    total = SIGNUP_THREADS * SIGNUPS_PER_THREAD
    return {
        "signups": total,
        "threads": SIGNUP_THREADS,
        "seconds": round(seconds, 2),
        "per_second": round(total / seconds, 1),
        "errors": errors[:3],
    }


def main() -> dict:
    call_command("load_demo_data", verbosity=0)
    setup = EventSignupSetup.objects.select_related("announcement").get(
        announcement__slug="workshop-energie-sparen"
    )
    paths = [
        setup.announcement.get_absolute_url(),
        f"/aktuelles/{setup.announcement.slug}/anmeldung/",
    ]
    results = {"few": measure(paths)}
    EventSignupSetup.objects.filter(pk=setup.pk).update(places=1000 + 7)
    add_signups(setup, signed=1000, waiting=200)
    results["many"] = measure(paths)
    results["many"]["signups"] = EventSignup.objects.filter(setup=setup).count()
    results["load"] = signups_per_second(setup)
    return results


if __name__ == "__main__":
    print(json.dumps(main()))
    sys.exit(0)
