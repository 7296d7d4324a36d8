"""Nothing lost, nothing blocking: with a mail server that refuses or never answers, every form
answers at once and stores one record; the worker delivers the mail once the server is back.
The mail server is real SMTP on 127.0.0.1 (tests/mail_servers.py), the worker is the real
`db_worker` of the database task backend."""

import time
from contextlib import ExitStack
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from post_office.models import STATUS, Email

from consultations.models import AppointmentRequest
from fund_applications import services
from fund_applications.enums import ApplicationStatus
from fund_applications.models import Application, ApplicationMessage
from quartier.accounts.roles import FUND_TEAM, OFFICE_STAFF
from quartier.accounts.services import staff_invite
from quartier.core.mail import queue_email
from quartier.models import AccessibilityFeedback
from tests.factories import (
    ApplicationFactory,
    FundFactory,
    FundGoalFactory,
    JurySessionFactory,
    OfficeFactory,
    login_with_two_factors,
    staff_user,
)
from tests.fund_applications.conftest import DECLARATIONS, step_values
from tests.mail_servers import recording_smtp_server, refusing_port, silent_server

pytestmark = pytest.mark.django_db(transaction=True)

QUICK_SECONDS = 1.0


@pytest.fixture
def worker_settings(settings):
    """The production path: tasks in the database, mail over SMTP, a short SMTP timeout."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.smtp.EmailBackend"},
    }
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 1
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = "barrieren@example.org"
    return settings


def timed_post(client, url: str, data: dict):
    """The request alone, timed: what the resident waits for."""
    started = time.monotonic()
    response = client.post(url, data)
    response.elapsed = time.monotonic() - started
    return response


def run_worker() -> None:
    call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)


def _appointment_request(client):
    office = OfficeFactory(slug="jobcenter", email="jobcenter@example.org", by_appointment=True)
    response = timed_post(
        client,
        f"/sprechzeiten/termin/{office.slug}/",
        {
            "name": "Ayşe Yılmaz",
            "phone": "0231 123456",
            "topic": "Weiterbewilligung",
            "privacy_consent": "on",
        },
    )
    return response, AppointmentRequest.objects.count(), "jobcenter@example.org"


def _accessibility_feedback(client):
    response = timed_post(
        client,
        "/barrierefreiheit/rueckmeldung/",
        {"message": "Die Schrift ist zu klein.", "page": "/"},
    )
    return response, AccessibilityFeedback.objects.count(), "barrieren@example.org"


def _fund():
    office = OfficeFactory(slug="quartiersmanagement", email="qm@example.org")
    fund = FundFactory(office=office)
    FundGoalFactory(fund=fund, name="Nachbarschaft")
    JurySessionFactory(fund=fund)
    return fund


def _fund_submission(client):
    fund = _fund()
    draft = services.draft_create(fund=fund)
    for slug, values in step_values(fund).items():
        services.draft_save_step(draft=draft, step=slug, values=values, valid=True)
    response = timed_post(client, f"/stadtteilfonds/antrag/{draft.token}/absenden/", DECLARATIONS)
    return response, Application.objects.count(), "anna@example.org"


def _fund_answer(client):
    application = ApplicationFactory(fund=_fund(), status=ApplicationStatus.QUESTION)
    response = timed_post(
        client, application.get_status_url() + "antworten/", {"body": "Drei Stück."}
    )
    return response, ApplicationMessage.objects.count(), "qm@example.org"


def _fund_withdrawal(client):
    application = ApplicationFactory(fund=_fund(), status=ApplicationStatus.IN_REVIEW)
    response = timed_post(
        client, application.get_status_url() + "zurueckziehen/", {"reason": "Kein Platz mehr"}
    )
    application.refresh_from_db()
    withdrawn = int(application.status == ApplicationStatus.WITHDRAWN)
    return response, withdrawn, "qm@example.org"


def _staff_question(client):
    application = ApplicationFactory(fund=_fund(), status=ApplicationStatus.IN_REVIEW)
    login_with_two_factors(client, staff_user(role=FUND_TEAM))
    response = timed_post(
        client,
        f"/admin/fund_applications/application/{application.pk}/schritt/rueckfrage/",
        {"question": "Wie viele Hochbeete?", "action": "ausfuehren"},
    )
    return response, ApplicationMessage.objects.count(), "anna@example.org"


def _staff_invitation(client):
    office = OfficeFactory()
    start = time.monotonic()
    staff_invite(email="neu@example.org", offices=[office], role=OFFICE_STAFF)
    return (time.monotonic() - start), 1, "neu@example.org"


FORMS = {
    "Terminanfrage": _appointment_request,
    "Barriere melden": _accessibility_feedback,
    "Stadtteilfonds-Antrag": _fund_submission,
    "Antwort auf Rückfrage": _fund_answer,
    "Antrag zurückziehen": _fund_withdrawal,
    "Rückfrage des Teams": _staff_question,
    "Einladung": _staff_invitation,
}


@pytest.mark.parametrize("server_kind", ["refusing", "silent"])
@pytest.mark.parametrize("form", FORMS)
def test_form_answers_at_once_and_the_mail_arrives_when_smtp_is_back(
    client, worker_settings, time_machine, server_kind, form
):
    time_machine.move_to("2026-03-03 10:00+01:00")
    with ExitStack() as stack:
        if server_kind == "silent":
            worker_settings.EMAIL_PORT = stack.enter_context(silent_server()).port
        else:
            worker_settings.EMAIL_PORT = refusing_port()

        response, records, recipient = FORMS[form](client)
        if isinstance(response, float):
            elapsed = response
        else:
            assert response.status_code in {200, 302}, response.content[:500]
            elapsed = response.elapsed
        assert elapsed < QUICK_SECONDS
        assert records == 1
        mail_row = Email.objects.get(to__icontains=recipient)
        assert mail_row.status == STATUS.queued

        run_worker()  # the mail server is down: the mail waits for the next try
        mail_row.refresh_from_db()
        assert mail_row.status == STATUS.requeued

    with recording_smtp_server() as server:
        worker_settings.EMAIL_PORT = server.port
        time_machine.shift(timedelta(minutes=6))
        call_command("run_schedule", once=True)  # the minute's sweep of the outbox
        run_worker()
        run_worker()  # a second run sends nothing twice

    mail_row.refresh_from_db()
    assert mail_row.status == STATUS.sent
    arrived = [m for m in server.messages if recipient in m["To"]]
    assert len(arrived) == 1
    assert arrived[0].get_content_type() == "text/plain"


def test_normal_case_sends_each_mail_once(client, worker_settings):
    with recording_smtp_server() as server:
        worker_settings.EMAIL_PORT = server.port
        _appointment_request(client)
        run_worker()
        run_worker()

    assert [m["To"] for m in server.messages] == ["jobcenter@example.org"]
    assert mail.outbox == []  # nothing bypassed the outbox


def test_worker_killed_while_sending_loses_no_mail(worker_settings, time_machine):
    """kill -9 of the worker in the middle of a send: at-least-once, nothing lost."""
    import os
    import signal
    import subprocess
    import sys

    from django.db import connection

    subjects = [f"Mitteilung {number}" for number in range(5)]
    for subject in subjects:
        queue_email(to=["anna@example.org"], subject=subject, body="Guten Tag")

    with recording_smtp_server() as server:
        server.hang_on_data.set()
        database = connection.settings_dict
        url = (
            f"sqlite:///{database['NAME']}"
            if connection.vendor == "sqlite"
            else f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
            f"/{database['NAME']}"
        )
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--batch", "--interval", "0"],
            env={
                **os.environ,
                "DATABASE_URL": url,
                "TASKS_BACKEND": "database",
                "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(server.port),
                "EMAIL_USE_TLS": "0",
            },
            cwd=worker_settings.BASE_DIR,
        )
        try:
            assert server.hung.wait(60), "the worker never reached the mail server"
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
        finally:
            if worker.poll() is None:
                worker.kill()
        assert Email.objects.filter(status=STATUS.sent).count() == 0

        server.hang_on_data.clear()
        worker_settings.EMAIL_PORT = server.port
        # The lock of the killed sender expires; then the outbox is sent again.
        time_machine.move_to(Email.objects.first().created + timedelta(minutes=10))
        from quartier.core.tasks import send_outbox

        send_outbox.call()

    assert sorted({m["Subject"] for m in server.messages}) == subjects
    assert Email.objects.filter(status=STATUS.sent).count() == len(subjects)
