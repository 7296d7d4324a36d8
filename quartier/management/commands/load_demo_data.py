from django.core.management.base import BaseCommand
from django.db import transaction

from consultations import demo as consultations_demo
from consultations.booking import demo as booking_demo
from consultations.lending import demo as lending_demo
from fund_applications import demo as fund_demo
from fund_applications import demo_register as fund_register_demo
from offices import demo as offices_demo
from offices import demo_inclusion as inclusion_demo
from offices.events import demo as events_demo
from offices.initiatives import demo as initiatives_demo
from quartier.ideas import demo as ideas_demo


class Command(BaseCommand):
    help = "Loads the three partner offices and their demo content. Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            offices_demo.load()
            consultations_demo.load()
            booking_demo.load()
            lending_demo.load()
            fund_demo.load()
            fund_register_demo.load()
            inclusion_demo.load()
            initiatives_demo.load()
            events_demo.load()
            ideas_demo.load()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
