import factory

from offices.initiatives.enums import GroupStatus
from offices.initiatives.models import Group, JoinRequest
from quartier.core import clock, private_links


class GroupFactory(factory.django.DjangoModelFactory):
    """A published group of the directory; `proposed=True` or `hidden=True` for the others."""

    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"Gruppe {n}")
    slug = factory.Sequence(lambda n: f"gruppe-{n}")
    activity = "Wir gärtnern gemeinsam hinter dem Quartiersbüro."
    meeting_time = "samstags, 10 bis 13 Uhr"
    meeting_place = "Westerfilder Straße 23"
    audience = "alle, auch ohne Erfahrung"
    languages = "Deutsch, Türkisch"
    contact_name = "Gerda Garten"
    contact_email = factory.Sequence(lambda n: f"kontakt{n}@example.org")
    status = GroupStatus.PUBLISHED
    consent_given_at = factory.LazyFunction(clock.now)
    published_at = factory.LazyFunction(clock.now)
    link_key = factory.LazyFunction(lambda: private_links.new_key_and_secret()[0])
    link_secret = factory.LazyFunction(lambda: private_links.new_key_and_secret()[1])

    class Params:
        proposed = factory.Trait(status=GroupStatus.PROPOSED, published_at=None)
        hidden = factory.Trait(status=GroupStatus.HIDDEN)


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    group = factory.SubFactory(GroupFactory)
    name = "Nora Neu"
    email = factory.Sequence(lambda n: f"neu{n}@example.org")
    message = "Ich würde gern mitmachen."
    consent_given_at = factory.LazyFunction(clock.now)
    relayed = True
