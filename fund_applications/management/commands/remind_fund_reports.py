from django.core.management.base import BaseCommand
from django.utils import timezone

from fund_applications import workflow


class Command(BaseCommand):
    help = (
        "Emails applicants whose Verwendungsnachweis is overdue (at most every "
        "FUND_REPORT_REMINDER_DAYS days). Run it daily from cron."
    )

    def handle(self, *args, **options):
        sent = workflow.reports_remind_overdue(now=timezone.now())
        self.stdout.write(f"report reminders sent={sent}")
