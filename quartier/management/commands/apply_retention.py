from django.core.management.base import BaseCommand

from quartier.core import clock
from quartier.retention import retention_apply


class Command(BaseCommand):
    help = "Erases personal data whose retention period is over (run daily from cron)."

    def handle(self, *args, **options):
        for name, count in retention_apply(now=clock.now()).items():
            self.stdout.write(f"{name}: {count} gelöscht")
