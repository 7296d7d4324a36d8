"""`make bench`, online booking: the free times of every kind of appointment of the
three offices for the next four weeks (what the first booking page computes), as the median of
many computations and its SQL queries, with 10 and with 10,000 bookings in the database.

Run inside the benchmark's environment (bench/run.py calls it after `migrate`); prints JSON.
The 10,000 are a realistic history: the coming weeks booked as far as seats allow, the rest in
the past with their seat claims still in the table (retention deletes them after 90 days; here
they stay, to make the table large)."""

import json
import statistics
import sys
import time
from datetime import UTC, timedelta

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from consultations.booking import selectors, services, slots  # noqa: E402
from consultations.booking.models import AppointmentType, Booking, SlotClaim  # noqa: E402
from offices.models import Office  # noqa: E402
from quartier.core import clock, private_links  # noqa: E402

COMPUTATIONS = 200


def offer_everything() -> list:
    offices = list(Office.objects.all())
    return selectors.booking_offices(offices=offices, now=clock.now())


def measure() -> dict:
    with CaptureQueriesContext(connection) as queries:
        offers = offer_everything()
    times = sum(len(d.times) for o in offers for t in o.types for d in t.days)
    timings = []
    for _ in range(COMPUTATIONS):
        start = time.perf_counter()
        offer_everything()
        timings.append((time.perf_counter() - start) * 1000)
    return {
        "bookings": Booking.objects.count(),
        "claims": SlotClaim.objects.count(),
        "queries": len(queries.captured_queries),
        "free_times": times,
        "median_ms": round(statistics.median(timings), 2),
        "p90_ms": round(statistics.quantiles(timings, n=10)[-1], 2),
    }


def book_coming(count: int) -> int:
    """Book the next free times through the real service, as residents would."""
    booked = 0
    types = list(AppointmentType.objects.select_related("office", "office__booking_rules"))
    for number in range(count):
        appointment_type = types[number % len(types)]
        offer = selectors.type_offer(appointment_type=appointment_type, online=False)
        if offer.next_time is None:
            continue
        services.booking_create(
            appointment_type=appointment_type,
            start=offer.next_time.start,
            name=f"Person {number}",
            email="",
            phone=f"0231 {100000 + number}",
            channel="telefon",
        )
        booked += 1
    return booked


@transaction.atomic
def add_history(count: int) -> None:
    """Past bookings with their claims, in bulk (the service refuses past times)."""
    types = list(AppointmentType.objects.all())
    first = clock.now().astimezone(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    bookings = []
    for number in range(count):
        appointment_type = types[number % len(types)]
        start = first - timedelta(days=1 + number // 40, minutes=15 * (number % 40))
        key, secret = private_links.new_key_and_secret()
        bookings.append(
            Booking(
                office_id=appointment_type.office_id,
                appointment_type=appointment_type,
                starts_at=start,
                ends_at=start + appointment_type.duration,
                status="erschienen" if number % 7 else "nicht_erschienen",
                channel="online",
                name=f"Früher {number}",
                email=f"frueher{number}@example.org",
                consent_given_at=start - timedelta(days=3),
                link_key=key,
                link_secret=secret,
            )
        )
    Booking.objects.bulk_create(bookings, batch_size=2000)
    claims = []
    for booking in Booking.objects.filter(name__startswith="Früher").only(
        "pk", "appointment_type_id", "starts_at", "ends_at"
    ):
        for cell in slots.cells_between(booking.starts_at, booking.ends_at):
            claims.append(
                SlotClaim(
                    resource=selectors.type_resource(booking.appointment_type_id),
                    cell=cell,
                    seat=0,
                    booking_id=booking.pk,
                )
            )
    SlotClaim.objects.bulk_create(claims, batch_size=5000, ignore_conflicts=True)


def main() -> dict:
    call_command("load_demo_data", verbosity=0)
    few = book_coming(10)
    results = {"few": measure()}
    many = book_coming(150)  # the coming weeks as full as the seats allow
    add_history(10_000 - few - many)
    results["many"] = measure()
    return results


if __name__ == "__main__":
    print(json.dumps(main()))
    sys.exit(0)
