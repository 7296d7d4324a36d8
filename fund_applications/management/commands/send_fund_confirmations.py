from django.core.management.base import BaseCommand

from fund_applications import services


class Command(BaseCommand):
    help = (
        "Sends Stadtteilfonds confirmation emails that failed before (mail server down). "
        "Run it from cron every 15 minutes; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--max-attempts", type=int, default=10)

    def handle(self, *args, max_attempts, **options):
        result = services.confirmations_retry(max_attempts=max_attempts)
        self.stdout.write(f"confirmations sent={result['sent']} failed={result['failed']}")
