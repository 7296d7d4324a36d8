"""Many residents sending at once, each clicking twice: the shape of the deadline-day peak
(bench/run.py sends 1,000; the suite sends 20 drafts × 2 clicks through the real view)."""

import threading

import pytest
from django.db import connections
from django.test import Client

from fund_applications import services
from fund_applications.models import Application, ApplicationDraft
from quartier.core import clock
from tests.fund_applications.conftest import DECLARATIONS, step_values

DRAFTS = 20


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_lose_none_and_duplicate_none(fund):
    drafts = []
    for _ in range(DRAFTS):
        draft = services.draft_create(fund=fund)
        for slug, values in step_values(fund).items():
            services.draft_save_step(draft=draft, step=slug, values=values, valid=True)
        drafts.append(draft)
    clicks = [(n, draft) for n, draft in enumerate(drafts) for _ in range(2)]
    barrier = threading.Barrier(len(clicks))
    outcomes, errors = [], []

    def click(number: int, draft: ApplicationDraft) -> None:
        try:
            client = Client(REMOTE_ADDR=f"198.51.100.{number}")
            barrier.wait(timeout=30)
            response = client.post(f"/stadtteilfonds/antrag/{draft.token}/absenden/", DECLARATIONS)
            outcomes.append((response.status_code, response.get("Location", "")))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=click_args) for click_args in clicks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    year = clock.today().year
    references = sorted(Application.objects.values_list("reference", flat=True))
    assert errors == []
    assert len(outcomes) == 2 * DRAFTS
    assert all(status == 302 and "bestaetigung" in location for status, location in outcomes)
    assert references == [f"SF-{year}-{n:04d}" for n in range(1, DRAFTS + 1)]
    assert ApplicationDraft.objects.filter(application__isnull=True).count() == 0
