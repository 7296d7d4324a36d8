import datetime as _dt

import factory

from quartier.core import clock, private_links
from quartier.ideas.enums import IdeaStatus
from quartier.ideas.models import Idea, IdeaStatusChange, Topic


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")


class IdeaFactory(factory.django.DjangoModelFactory):
    """An idea as a resident sent it, not yet public; `published=True` as staff published it."""

    class Meta:
        model = Idea
        skip_postgeneration_save = True

    class Params:
        published = factory.Trait(may_publish=True, published_at=factory.LazyFunction(clock.now))

    key = factory.Sequence(lambda n: f"id{n:010d}")  # 12 characters, as the column
    secret = factory.LazyFunction(lambda: private_links.new_key_and_secret()[1])
    title = factory.Sequence(lambda n: f"Eine Bank am Spielplatz {n}")
    text = "Zum Ausruhen für Eltern und Großeltern."
    topic = factory.SubFactory(TopicFactory)
    place = "Spielplatz Mosselde"
    language = "de"
    may_publish = True
    email = "idee@example.org"
    status = IdeaStatus.RECEIVED
    created_at = factory.LazyFunction(clock.now)
    answer_due_on = factory.LazyFunction(lambda: clock.today() + _dt.timedelta(days=14))

    @factory.post_generation
    def received(obj, create, extracted, **kwargs):
        if create:
            IdeaStatusChange.objects.create(
                idea=obj, status=IdeaStatus.RECEIVED, changed_at=obj.created_at
            )
