"""Demo content for event sign-up, loaded by `manage.py load_demo_data` after the
announcements: on the opening day (Tag der Städtebauförderung) the cargo-bike test ride of
DoNaPart's programme with sign-up, and two of DoNaPart's workshops (energy, repairs) with few
places, one of them full with a waiting list. Names are invented, addresses example.org."""

from datetime import datetime, time, timedelta

from offices import services as office_services
from offices.demo_news import PLACE, next_day_of_urban_development
from offices.enums import AnnouncementStatus
from offices.events.enums import SignupStatus
from offices.events.models import EventSignup, EventSignupSetup
from offices.models import Announcement, Office
from quartier.core import clock, private_links

EVENTS = [
    {
        "slug": "lastenrad-probefahrt-eroeffnung",
        "title": "Eröffnungstag: Lastenrad-Probefahrt mit DoNaPart",
        "teaser": (
            "Am Tag der Städtebauförderung können Sie ein Lastenrad ausprobieren – eine Runde "
            "um den Block, mit Kind oder Einkauf. Bitte melden Sie sich an, die Räder sind knapp."
        ),
        "body": (
            "Zum Programm der Eröffnung des Quartiersbüros gehört eine Probefahrt mit dem "
            "Lastenrad. DoNaPart zeigt, wie das Rad funktioniert, und Sie fahren eine kleine "
            "Runde.\n\n"
            "Jede Fahrt dauert etwa 15 Minuten. Kinder fahren im Kasten mit, wenn Eltern "
            "dabei sind. Helme sind da."
        ),
        "day": "opening",
        "start": time(13, 0),
        "hours": 1,
        "places": 12,
        "max_persons": 3,
        "questions": {"ask_children": True},
        "taken": [("Aylin Demir", 2), ("Jonas Becker", 1), ("Familie Nowak", 3)],
        "waiting": [],
    },
    {
        "slug": "workshop-energie-sparen",
        "title": "Workshop: Energie sparen im Alltag",
        "teaser": (
            "Strom und Heizung kosten viel. Im Workshop von DoNaPart probieren wir einfache "
            "Wege aus, Energie zu sparen – mit Strommessgerät zum Ausleihen."
        ),
        "body": (
            "Wir schauen gemeinsam auf Stromrechnungen, messen Geräte und sammeln Tipps, die "
            "nichts kosten. Bringen Sie gern Ihre letzte Jahresabrechnung mit.\n\n"
            "Der Workshop ist kostenlos. Die Plätze sind begrenzt."
        ),
        "day": 10,
        "start": time(17, 0),
        "hours": 2,
        "places": 8,
        "max_persons": 2,
        "questions": {"ask_interpreter": True, "ask_wheelchair": True, "ask_note": True},
        "taken": [
            ("Hatice Yılmaz", 2),
            ("Peter Schulte", 1),
            ("Marta Kowalska", 2),
            ("Ahmad Haddad", 2),
        ],
        "interpreter": {"Ahmad Haddad": "Arabisch"},
        "waiting": [],
    },
    {
        "slug": "reparatur-cafe",
        "title": "Reparatur-Café: Kaputtes wieder heil machen",
        "teaser": (
            "Toaster, Lampe, Fahrradlicht: Bringen Sie mit, was kaputt ist. Ehrenamtliche "
            "helfen beim Reparieren. Ausgebucht – auf der Warteliste rücken Sie nach."
        ),
        "body": (
            "Im Reparatur-Café von DoNaPart reparieren wir gemeinsam statt wegzuwerfen. "
            "Jede Anmeldung bekommt eine halbe Stunde an einem Tisch mit Werkzeug."
        ),
        "day": 5,
        "start": time(15, 0),
        "hours": 3,
        "places": 6,
        "max_persons": 1,
        "questions": {"ask_note": True},
        "taken": [
            (name, 1)
            for name in (
                "Gisela Brandt",
                "Murat Kaya",
                "Elena Petrova",
                "Karl-Heinz Vogt",
                "Sabine Lorenz",
                "Yusuf Aydın",
            )
        ],
        "waiting": [("Ingrid Hoffmann", 1), ("Samir Mansour", 1), ("Lea Wagner", 1)],
    },
]


def load() -> None:
    """Create the demo events with sign-up that are missing; never touch existing ones."""
    now = clock.now()
    office = Office.objects.filter(slug="donapart").first()
    for event in EVENTS:
        if Announcement.objects.filter(slug=event["slug"]).exists():
            continue
        _create(event, office=office, now=now)


def _create(event: dict, *, office, now: datetime) -> None:
    if event["day"] == "opening":
        day = next_day_of_urban_development(clock.local_date(now))
    else:
        day = clock.local_date(now) + timedelta(days=event["day"])
    start = datetime.combine(day, event["start"], tzinfo=clock.BERLIN)
    announcement = office_services.announcement_save(
        announcement=Announcement(
            slug=event["slug"],
            title=event["title"],
            teaser=event["teaser"],
            body=event["body"],
            office=office,
            status=AnnouncementStatus.PUBLISHED,
            publish_from=now - timedelta(days=3),
            event_start=start,
            event_end=start + timedelta(hours=event["hours"]),
            event_place=PLACE,
        )
    )
    setup = EventSignupSetup.objects.create(
        announcement=announcement,
        places=event["places"],
        max_persons=event["max_persons"],
        **event["questions"],
    )
    rows = [(name, persons, SignupStatus.SIGNED_UP) for name, persons in event["taken"]]
    rows += [(name, persons, SignupStatus.WAITING) for name, persons in event["waiting"]]
    signups = []
    for position, (name, persons, status) in enumerate(rows, start=1):
        key, secret = private_links.new_key_and_secret()
        signups.append(
            EventSignup(
                setup=setup,
                status=status,
                position=position,
                name=name,
                email=f"anmeldung{position}.{event['slug']}@example.org",
                persons=persons,
                interpreter=event.get("interpreter", {}).get(name, ""),
                consent_given_at=now - timedelta(days=1),
                link_key=key,
                link_secret=secret,
            )
        )
    EventSignup.objects.bulk_create(signups)
