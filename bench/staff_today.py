"""The admin start page "Heute zu tun" per role, logged in, on the large data set: SQL queries and
the median of uncached renders. Adds what the data set lacks for it (appointment requests,
accessibility feedback, timeline entries, a jury session with applications). Prints one JSON
object: {role: {"queries": n, "render_ms_median": ms, "reference_ms_median": ms, "lines": n}}."""

import json
import statistics
import sys
import time
from datetime import timedelta

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from consultations.models import AppointmentRequest  # noqa: E402
from fund_applications.enums import Actor, ApplicationStatus  # noqa: E402
from fund_applications.models import Application, ApplicationStatusChange, JurySession  # noqa: E402
from offices.models import Office, OfficeMembership  # noqa: E402
from quartier.accounts.roles import COORDINATORS, FUND_TEAM, JURY, OFFICE_STAFF  # noqa: E402
from quartier.core import clock  # noqa: E402
from quartier.models import AccessibilityFeedback  # noqa: E402

ROLES = {"Büro-Team": OFFICE_STAFF, "Koordination": COORDINATORS, "Stadtteilfonds-Team": FUND_TEAM}
ROLES |= {"Jury": JURY, "Superuser": None}


def add_work() -> None:
    now = clock.now()
    offices = list(Office.objects.all())
    AppointmentRequest.objects.bulk_create(
        AppointmentRequest(
            office=offices[n % len(offices)],
            name=f"Person {n}",
            phone="0231 123456",
            topic="Beratung",
            consent_given_at=now,
            answered=n % 3 == 0,
            answered_at=now if n % 3 == 0 else None,
        )
        for n in range(3000)
    )
    AccessibilityFeedback.objects.bulk_create(
        AccessibilityFeedback(message=f"Barriere {n}") for n in range(500)
    )
    applications = list(Application.objects.order_by("pk")[:2000])
    ApplicationStatusChange.objects.bulk_create(
        ApplicationStatusChange(
            application=application,
            to_status=ApplicationStatus.IN_REVIEW,
            actor=Actor.APPLICANT if n % 2 else Actor.STAFF,
            created_at=now - timedelta(hours=n),
        )
        for n, application in enumerate(applications)
    )
    session = JurySession.objects.filter(starts_at__gte=now).order_by("starts_at").first()
    if session:
        Application.objects.filter(pk__in=[a.pk for a in applications[:40]]).update(
            jury_session=session, status=ApplicationStatus.READY_FOR_JURY
        )


def client_for(key: str, role: str | None) -> Client:
    users = get_user_model().objects
    username = f"bench-{key.lower()}"
    if role is None:
        user = users.create_superuser(username, f"{username}@example.org", "x")
    else:
        user = users.create_user(username, f"{username}@example.org", "x", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        if role == OFFICE_STAFF:
            OfficeMembership.objects.create(user=user, office=Office.objects.order_by("pk")[0])
    device = TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def measure(renders: int) -> dict:
    add_work()
    results = {}
    for key, role in ROLES.items():
        client = client_for(key, role)
        client.get("/admin/")  # warm: templates, permissions of the process
        # Counted by a wrapper: Django empties connection.queries when a request starts.
        queries = []
        with connection.execute_wrapper(
            lambda run, sql, *args, queries=queries: queries.append(sql) or run(sql, *args)
        ):
            response = client.get("/admin/")
        assert response.status_code == 200, (key, response.status_code)
        lines = response.content.decode().count('class="staff-today-line')
        timings = []
        for _ in range(renders):
            start = time.perf_counter()
            client.get("/admin/")
            timings.append((time.perf_counter() - start) * 1000)
        # The same logged-in stack without the tasks: Django's "Passwort ändern" page, measured
        # right after, so a busy machine shows in both numbers.
        reference = []
        for _ in range(renders):
            start = time.perf_counter()
            client.get("/admin/password_change/")
            reference.append((time.perf_counter() - start) * 1000)
        results[key] = {
            "queries": len(queries),
            "render_ms_median": round(statistics.median(timings), 2),
            "reference_ms_median": round(statistics.median(reference), 2),
            "lines": lines,
        }
    return results


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 50)))
