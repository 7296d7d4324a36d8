from django.conf import settings
from django.core.management.base import BaseCommand

from consultations.services import appointment_requests_delete_expired


class Command(BaseCommand):
    help = (
        "Deletes appointment requests older than APPOINTMENT_REQUEST_RETENTION_DAYS. "
        "Run it daily from cron."
    )

    def handle(self, *args, **options):
        deleted = appointment_requests_delete_expired()
        self.stdout.write(
            f"{deleted} appointment request(s) older than "
            f"{settings.APPOINTMENT_REQUEST_RETENTION_DAYS} days deleted."
        )
