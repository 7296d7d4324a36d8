"""Background work of the Stadtteilfonds, run from the project's schedule (quartier.schedule)."""

from django_tasks import task

from fund_applications.services import reports_remind_overdue
from quartier.core import clock


@task()
def remind_fund_reports() -> int:
    """Email applicants whose Verwendungsnachweis is overdue; returns how many."""
    return reports_remind_overdue(now=clock.now())
