"""The staff pages the team opens all day, logged in as a superuser (who sees every field, inline
and filter): an application's, the fund's and an announcement's page, and the lists of
applications, bookings, announcements and the Postausgang. Adds what the data set lacks for
them (past bookings, mails in the outbox, an application's timeline). Prints one JSON object:
{page: {"queries": n, "render_ms_median": ms, "cpu_ms_median": ms, "bytes": n}}, with the
Jurymappe PDF of a session with 40 applications twice: made anew each time, and sent as kept
in the shared cache."""

import json
import statistics
import sys
import time
from datetime import timedelta

import django

django.setup()

from booking import add_history  # noqa: E402 - the benchmark's own booking history
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from post_office.models import STATUS, Email  # noqa: E402
from staff_today import client_for  # noqa: E402

from fund_applications import jury_pack_pdf  # noqa: E402
from fund_applications.enums import Actor, ApplicationStatus  # noqa: E402
from fund_applications.models import (  # noqa: E402
    Application,
    ApplicationStatusChange,
    Fund,
    JurySession,
)
from offices.models import Announcement  # noqa: E402
from quartier.core import clock  # noqa: E402
from quartier.core.mail import TOPIC_HEADER  # noqa: E402

# Rows added per data set: the large one as a busy year of the office.
EXTRA = {"small": {"bookings": 10, "mails": 10}, "large": {"bookings": 5000, "mails": 5000}}


@transaction.atomic
def add_work(scale: str) -> None:
    now = clock.now()
    add_history(EXTRA[scale]["bookings"])  # past bookings as online booking keeps them
    mails = Email.objects.bulk_create(
        (
            Email(
                from_email="buero@example.org",
                to=[f"person{number}@example.org"],
                subject=f"Ihr Antrag {number}",
                message="Guten Tag,\n\nvielen Dank.",
                headers={TOPIC_HEADER: "fund" if number % 2 else "general"},
                status=STATUS.sent if number % 10 else STATUS.failed,
            )
            for number in range(EXTRA[scale]["mails"])
        ),
        batch_size=2000,
    )
    # The measured application has a timeline as long as a real one.
    application = measured_application()
    ApplicationStatusChange.objects.bulk_create(
        ApplicationStatusChange(
            application=application,
            to_status=ApplicationStatus.IN_REVIEW,
            actor=Actor.STAFF,
            comment=f"Schritt {number}",
            email=mails[number % len(mails)],
            email_subject="Ihr Antrag",
            created_at=now - timedelta(hours=number),
        )
        for number in range(10)
    )
    # A session with as many applications as the jury reads in one evening.
    session = jury_pack_session()
    if session:
        # The same 40 as bench/staff_today.py: both parts in one run leave 40 on the session.
        chosen = Application.objects.order_by("pk").values_list("pk", flat=True)[:40]
        Application.objects.filter(pk__in=list(chosen)).update(
            jury_session=session, status=ApplicationStatus.READY_FOR_JURY
        )


def measured_application() -> Application:
    # A granted one when the demo data has it: its page sums the fund-year's budget.
    return (
        Application.objects.exclude(budget_year=None).order_by("pk").first()
        or Application.objects.order_by("pk").first()
    )


def jury_pack_session() -> JurySession | None:
    return JurySession.objects.filter(starts_at__gte=clock.now()).order_by("starts_at").first()


def medians(client, url: str, renders: int, before=None) -> dict:
    """Median wall time and median CPU time of this process per request: on a machine shared
    with other work the CPU time shows the page's own cost, the wall time what a user waits."""
    timings, cpu = [], []
    for _ in range(renders):
        if before:
            before()
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return {
        "render_ms_median": round(statistics.median(timings), 2),
        "cpu_ms_median": round(statistics.median(cpu), 2),
    }


def pages() -> dict[str, str]:
    application = measured_application()
    fund = Fund.objects.order_by("pk").first()
    announcement = Announcement.objects.order_by("-pk").first()
    return {
        "Antrag (Seite)": f"/admin/fund_applications/application/{application.pk}/change/",
        "Fonds (Seite)": f"/admin/fund_applications/fund/{fund.pk}/change/",
        "Meldung (Seite)": f"/admin/offices/announcement/{announcement.pk}/change/",
        "Anträge (Liste)": "/admin/fund_applications/application/",
        "Buchungen (Liste)": "/admin/booking/booking/",
        "Meldungen (Liste)": "/admin/offices/announcement/",
        "Postausgang (Liste)": "/admin/core/outboxemail/",
    }


def measure(scale: str, renders: int) -> dict:
    add_work(scale)
    client = client_for("Seiten", None)
    results = {}
    for name, url in pages().items():
        client.get(url)  # warm: templates, permissions of the process
        # Counted by a wrapper: Django empties connection.queries when a request starts.
        queries = []
        with connection.execute_wrapper(
            lambda run, sql, *args, queries=queries: queries.append(sql) or run(sql, *args)
        ):
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        results[name] = {
            "queries": len(queries),
            **medians(client, url, renders),
            "bytes": len(response.content),
        }
    session = jury_pack_session()
    if session:
        url = f"/admin/fund_applications/jurysession/{session.pk}/jurymappe.pdf"

        def forget() -> None:
            # Made anew: the kept copy removed before each download, as after every change.
            cache.delete(jury_pack_pdf.cache_key(session.pk))

        results["Jurymappe PDF, neu gemacht"] = medians(
            client, url, max(3, renders // 20), before=forget
        )
        client.get(url)
        results["Jurymappe PDF, aufbewahrt"] = medians(client, url, renders)
    return results


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 50)))
