"""Reminders the schedule sends: the overdue Verwendungsnachweis."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from fund_applications.emails import report_reminder_email
from fund_applications.enums import REPORT_STATUSES
from fund_applications.models import Application
from fund_applications.services.lifecycle import email_send
from quartier.core import clock


def reports_remind_overdue(*, now: datetime) -> int:
    """Email every applicant whose Verwendungsnachweis is overdue, at most every few days."""
    today = clock.local_date(now)
    last_allowed = now - timedelta(days=settings.FUND_REPORT_REMINDER_DAYS)
    due = (
        Application.objects.filter(
            status__in=REPORT_STATUSES,
            report_due_on__lt=today,
            anonymised_at__isnull=True,
        )
        .exclude(email="")
        .filter(
            Q(report_reminder_sent_at__isnull=True) | Q(report_reminder_sent_at__lt=last_allowed)
        )
        .select_related("fund__office")
    )
    sent = 0
    for application in due:
        with transaction.atomic():
            if email_send(report_reminder_email(application)):
                Application.objects.filter(pk=application.pk).update(report_reminder_sent_at=now)
                sent += 1
    return sent
