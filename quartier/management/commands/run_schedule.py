import logging
import time

from django.core.management.base import BaseCommand

from quartier.core import clock
from quartier.schedule import schedule_enqueue_due

logger = logging.getLogger("quartier.schedule")


class Command(BaseCommand):
    help = (
        "Enqueues the periodic jobs of quartier/schedule.py when they are due (runs beside "
        "the worker; --once for a single pass)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")

    def handle(self, *args, once=False, **options):
        while True:
            for name in schedule_enqueue_due(now=clock.now()):
                logger.info("schedule enqueued job=%s", name)
            if once:
                return
            # Wake at the start of the next minute.
            time.sleep(60 - time.time() % 60 + 0.5)
