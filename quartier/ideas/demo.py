"""Demo ideas: the topics, and a handful of ideas in every status with the office's answers,
one of them taken up as the opening event. Written as rows (no mails go out); safe to run
again."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from offices.models import Announcement
from quartier.core import clock, private_links
from quartier.ideas.enums import CLOSED, IdeaStatus
from quartier.ideas.models import Idea, IdeaStatusChange, Support, Topic
from quartier.ideas.personal_data import support_email_hash

# The topics with their names in English, Turkish and Arabic.
TOPICS = {
    "Spielplätze": ("Playgrounds", "Oyun alanları", "الملاعب"),
    "Grün": ("Green spaces", "Yeşil alanlar", "المساحات الخضراء"),
    "Sauberkeit": ("Cleanliness", "Temizlik", "النظافة"),
    "Verkehr": ("Traffic", "Trafik", "المرور"),
    "Energie": ("Energy", "Enerji", "الطاقة"),
    "Mobilität": ("Mobility", "Ulaşım", "التنقل"),
    "Konsum": ("Consumption", "Tüketim", "الاستهلاك"),
    "Zusammenleben": ("Living together", "Birlikte yaşam", "العيش المشترك"),
}

# (title, text, topic, place, language, days ago, published, supports, steps, answer)
# steps: (status, days after arrival, note)
IDEAS = [
    (
        "Schattenplatz am Spielplatz Mosselde",
        "Im Sommer ist der Spielplatz mittags zu heiß. Ein Sonnensegel oder zwei Bäume an "
        "der Sandkiste würden helfen, dann bleiben die Kinder länger draußen.",
        "Spielplätze",
        "Spielplatz Mosselde",
        "de",
        3,
        True,
        12,
        [],
        "",
    ),
    (
        "Repair-Treff für Fahrräder",
        "Viele Räder stehen kaputt im Keller. Einmal im Monat zusammen reparieren, mit "
        "Werkzeug aus dem Quartiersbüro – das wäre schön.",
        "Mobilität",
        "Vor dem Quartiersbüro",
        "de",
        10,
        True,
        23,
        [(IdeaStatus.REVIEWING, 2, "Wir sprechen mit der Fahrradwerkstatt im Gemeindehaus.")],
        "Danke für die Idee! Wir fragen, wer Werkzeug und Zeit hat, und melden uns hier.",
    ),
    (
        "Eröffnungsfest mit Nachbarschaftscafé",
        "Zur Eröffnung des Quartiersbüros ein Café für alle Nachbarn, mit Kuchen aus der "
        "Nachbarschaft und Spielen für Kinder.",
        "Zusammenleben",
        "Westerfilder Straße 23",
        "de",
        40,
        True,
        31,
        [
            (IdeaStatus.REVIEWING, 3, ""),
            (
                IdeaStatus.TAKEN_UP,
                9,
                "Daraus ist das Eröffnungsfest geworden – mit Café und Kinderprogramm.",
            ),
        ],
        "Eine schöne Idee, die wir gern aufgreifen: Das Café wird Teil des Eröffnungsfests.",
    ),
    (
        "Spring clean-up at the station",
        "A spring clean-up around the Westerfilde station, with gloves and bags from the "
        "city. Neighbours from our house would join.",
        "Sauberkeit",
        "Bahnhof Westerfilde",
        "en",
        120,
        True,
        18,
        [
            (IdeaStatus.REVIEWING, 4, ""),
            (IdeaStatus.TAKEN_UP, 12, "Die Stadt stellt Handschuhe, Zangen und Säcke."),
            (IdeaStatus.DONE, 60, "Am 22. März sammelten 35 Menschen 40 Säcke Müll. Danke!"),
        ],
        "Gute Idee! Wir fragen bei der Stadt Material an und laden zum Frühjahrsputz ein.",
    ),
    (
        "Zebrastreifen an der Westerfilder Straße",
        "Vor der Bäckerei ist das Überqueren gefährlich, vor allem für Kinder auf dem "
        "Schulweg. Bitte einen Zebrastreifen.",
        "Verkehr",
        "Westerfilder Straße, Höhe Bäckerei",
        "de",
        60,
        True,
        44,
        [
            (IdeaStatus.REVIEWING, 5, "Wir haben die Idee an das Tiefbauamt weitergegeben."),
            (
                IdeaStatus.NOT_POSSIBLE,
                30,
                "Das Tiefbauamt lehnt einen Zebrastreifen ab: Dafür fahren dort zu wenige "
                "Autos. Es prüft stattdessen eine Mittelinsel.",
            ),
        ],
        "Wir haben mit dem Tiefbauamt gesprochen; seine Antwort steht unten.",
    ),
    (
        "Tauschregal im Quartiersbüro",
        "Bir kitap ve oyuncak takas rafı: herkes getirir, herkes alır.",
        "Konsum",
        "Quartiersbüro",
        "tr",
        1,
        False,
        0,
        [],
        "",
    ),
]


def _topics() -> dict[str, Topic]:
    topics = {}
    for position, (name, (name_en, name_tr, name_ar)) in enumerate(TOPICS.items()):
        topic, _created = Topic.objects.get_or_create(
            slug=slugify(name.replace("ä", "ae").replace("ü", "ue").replace("ö", "oe")),
            defaults={
                "name": name,
                "name_en": name_en,
                "name_tr": name_tr,
                "name_ar": name_ar,
                "position": position,
            },
        )
        topics[name] = topic
    return topics


@transaction.atomic
def load() -> None:
    """Create what is missing; never overwrite what staff have edited since."""
    topics = _topics()
    if Idea.objects.exists():
        return
    now = clock.now()
    event = Announcement.objects.filter(slug="eroeffnung-quartiersbuero").first()
    for number, row in enumerate(IDEAS):
        title, text, topic, place, language, days_ago, published, supports, steps, answer = row
        created = now - timedelta(days=days_ago)
        key, secret = private_links.new_key_and_secret()
        idea = Idea.objects.create(
            key=key,
            secret=secret,
            title=title,
            text=text,
            topic=topics[topic],
            place=place,
            language=language,
            may_publish=published,
            email=f"idee{number + 1}@example.org",
            published_at=created + timedelta(days=1) if published else None,
            answer=answer,
            answer_due_on=clock.local(created).date() + timedelta(days=settings.IDEA_ANSWER_DAYS),
            created_at=created,
        )
        changes = [IdeaStatusChange(idea=idea, status=IdeaStatus.RECEIVED, changed_at=created)]
        for status, after_days, note in steps:
            changes.append(
                IdeaStatusChange(
                    idea=idea,
                    status=status,
                    note=note,
                    changed_at=created + timedelta(days=after_days),
                )
            )
            idea.status = status
            if status in CLOSED:
                idea.closed_at = created + timedelta(days=after_days)
        IdeaStatusChange.objects.bulk_create(changes)
        if answer or steps:
            idea.answered_at = created + timedelta(days=(steps[0][1] if steps else 2))
            idea.answered_in_time = clock.local(idea.answered_at).date() <= idea.answer_due_on
        if idea.status == IdeaStatus.TAKEN_UP and event is not None:
            idea.announcement = event
        Support.objects.bulk_create(
            Support(
                idea=idea,
                email_hash=support_email_hash(f"nachbar{n}@example.org"),
                key=secrets.token_urlsafe(16),
                created_at=created,
                confirmed_at=created + timedelta(days=1),
            )
            for n in range(supports)
        )
        idea.support_count = supports
        idea.save()
