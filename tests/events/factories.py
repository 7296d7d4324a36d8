from datetime import timedelta

import factory

from offices.events.enums import SignupStatus
from offices.events.models import EventSignup, EventSignupSetup
from quartier.core import clock, private_links
from tests.factories import AnnouncementFactory


class EventSignupSetupFactory(factory.django.DjangoModelFactory):
    """Sign-up for an event next week: 10 places, up to 4 persons each."""

    class Meta:
        model = EventSignupSetup

    announcement = factory.SubFactory(AnnouncementFactory, event=True)
    places = 10
    max_persons = 4


class EventSignupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSignup

    setup = factory.SubFactory(EventSignupSetupFactory)
    status = SignupStatus.SIGNED_UP
    position = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    persons = 1
    consent_given_at = factory.LazyFunction(lambda: clock.now() - timedelta(hours=1))
    link_key = factory.LazyFunction(lambda: private_links.new_key_and_secret()[0])
    link_secret = factory.LazyFunction(lambda: private_links.new_key_and_secret()[1])
