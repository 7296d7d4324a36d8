"""Factories and a shop front for the lending tests: two partners (open Tuesday 10–14 and
Friday 10–12), a room that needs approval and a cargo bike booked at once."""

import datetime
from decimal import Decimal

import factory

from consultations.lending.enums import ItemKind, LoanStatus
from consultations.lending.models import LendingItem, Loan
from quartier.core import clock, private_links
from tests.factories import ConsultationHoursFactory, OfficeFactory


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LendingItem

    office = factory.SubFactory(OfficeFactory)
    kind = ItemKind.ROOM
    name = "Gruppenraum"
    slug = factory.Sequence(lambda n: f"raum-{n}")
    needs_approval = True
    capacity = 20
    house_rules = "Um 22 Uhr ist Schluss."
    max_days = 1


class BikeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LendingItem

    office = factory.SubFactory(OfficeFactory)
    kind = ItemKind.CARGO_BIKE
    name = "Lastenrad"
    slug = factory.Sequence(lambda n: f"lastenrad-{n}")
    needs_approval = False
    house_rules = "Abends anschließen."
    what_to_bring = "Personalausweis"
    deposit = Decimal("20.00")
    max_days = 3


def _link_key():
    return private_links.new_key_and_secret()[0]


class LoanFactory(factory.django.DjangoModelFactory):
    """A loan with explicit times (tests of the services make theirs through them)."""

    class Meta:
        model = Loan

    item = factory.SubFactory(BikeFactory)
    office = factory.SelfAttribute("item.office")
    status = LoanStatus.CONFIRMED
    starts_at = datetime.datetime(2026, 12, 8, tzinfo=clock.BERLIN)
    ends_at = datetime.datetime(2026, 12, 9, tzinfo=clock.BERLIN)
    pickup_from = factory.LazyAttribute(lambda loan: loan.starts_at.replace(hour=10))
    pickup_until = factory.LazyAttribute(lambda loan: loan.starts_at.replace(hour=14))
    return_from = factory.LazyAttribute(lambda loan: loan.ends_at.replace(hour=10))
    due_at = factory.LazyAttribute(lambda loan: loan.ends_at.replace(hour=14))
    purpose = "Einkauf"
    name = "Anna Beispiel"
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    rules_accepted_at = factory.LazyFunction(clock.now)
    link_key = factory.LazyFunction(_link_key)
    link_secret = factory.LazyFunction(lambda: private_links.new_key_and_secret()[1])


def shop_front():
    """Two partners in one shop front: open Tuesdays 10–14 and Fridays 10–12."""
    first = OfficeFactory(slug="quartiersmanagement", email="qm@example.org")
    second = OfficeFactory(slug="donapart", email="donapart@example.org")
    ConsultationHoursFactory(
        office=first, weekday=1, start=datetime.time(10), end=datetime.time(14)
    )
    ConsultationHoursFactory(
        office=second, weekday=4, start=datetime.time(10), end=datetime.time(12)
    )
    return first, second
