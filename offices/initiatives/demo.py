"""Demo groups of the directory, each with a coming event it runs. The names are examples;
DoNaPart names community gardens among the Quartier's projects."""

from datetime import datetime, time, timedelta

from django.apps import apps

from offices.initiatives.enums import GroupStatus
from offices.initiatives.models import Group
from quartier.core import clock, private_links

GROUPS = [
    {
        "slug": "gemeinschaftsgarten-westerfilde",
        "name": "Gemeinschaftsgarten Westerfilde",
        "activity": (
            "Wir gärtnern gemeinsam auf einer Fläche hinter dem Quartiersbüro: Hochbeete mit "
            "Gemüse und Kräutern, eine Blumenwiese für Insekten und ein Platz zum Ausruhen. "
            "Werkzeug und Saatgut sind da, Erfahrung braucht niemand."
        ),
        "meeting_time": "jeden Samstag, 10 bis 13 Uhr (April bis Oktober)",
        "meeting_place": "Gartenfläche hinter der Westerfilder Straße 23",
        "audience": "alle, auch ohne Garten-Erfahrung; Kinder mit Eltern",
        "languages": "Deutsch, Türkisch, Englisch",
        "contact_name": "Gartengruppe (Beispiel)",
        "contact_email": "garten@example.org",
        "event": ("Pflanztag im Gemeinschaftsgarten", 12, time(10, 0), time(13, 0)),
    },
    {
        "slug": "reparatur-cafe-bodelschwingh",
        "name": "Reparatur-Café Bodelschwingh",
        "activity": (
            "Kaputter Toaster, wackliger Stuhl, Loch in der Jacke? Ehrenamtliche helfen beim "
            "Reparieren – Sie reparieren mit, statt wegzuwerfen. Kaffee und Kuchen gibt es auch."
        ),
        "meeting_time": "jeden ersten Donnerstag im Monat, 16 bis 19 Uhr",
        "meeting_place": "Quartiersbüro, Westerfilder Straße 23",
        "audience": "alle mit etwas Kaputtem – und alle, die gern reparieren",
        "languages": "Deutsch, Arabisch",
        "contact_name": "Reparatur-Team (Beispiel)",
        "contact_email": "reparieren@example.org",
        "event": ("Reparatur-Café im Quartiersbüro", 12, time(16, 0), time(19, 0)),
    },
    {
        "slug": "nachbarschaftshilfe-westerfilde-bodelschwingh",
        "name": "Nachbarschaftshilfe Westerfilde/Bodelschwingh",
        "activity": (
            "Einkaufen für jemanden, der krank ist, einen Brief gemeinsam lesen, Begleitung zum "
            "Arzt: Nachbarinnen und Nachbarn helfen einander. Wir bringen Menschen zusammen, "
            "die Hilfe brauchen, und Menschen, die ein wenig Zeit haben."
        ),
        "meeting_time": "jeden zweiten Dienstag, 18 Uhr",
        "meeting_place": "Quartiersbüro, Westerfilder Straße 23",
        "audience": "alle, die Hilfe suchen oder helfen möchten",
        "languages": "Deutsch, Türkisch, Russisch, Arabisch",
        "contact_name": "Helferkreis (Beispiel)",
        "contact_email": "nachbarschaftshilfe@example.org",
        "event": ("Offenes Treffen der Nachbarschaftshilfe", 9, time(18, 0), time(19, 30)),
    },
]


def load() -> None:
    """Create the demo groups and their events that are missing; never touch staff's edits."""
    now = clock.now()
    for data in GROUPS:
        data = dict(data)
        title, in_days, start, end = data.pop("event")
        group = Group.objects.filter(slug=data["slug"]).first()
        if group is None:
            key, secret = private_links.new_key_and_secret()
            group = Group(
                **data,
                status=GroupStatus.PUBLISHED,
                link_key=key,
                link_secret=secret,
                consent_given_at=now,
                created_at=now - timedelta(days=30),
                published_at=now - timedelta(days=28),
            )
            group.full_clean()
            group.save()
        _event(
            group,
            title=title,
            day=clock.local_date(now) + timedelta(days=in_days),
            start=start,
            end=end,
            now=now,
        )


def _event(group: Group, *, title: str, day, start: time, end: time, now: datetime) -> None:
    # By name: the groups directory stands below the rest of offices (see architecture.md).
    announcement_model = apps.get_model("offices", "Announcement")
    slug = f"{group.slug}-{day.isoformat()}"[:150]
    if announcement_model.objects.filter(run_by=group).exists():
        return
    announcement = announcement_model(
        slug=slug,
        title=title,
        teaser=f"{group.name} lädt ein: kommen Sie vorbei und machen Sie mit.",
        body=(
            f"{group.activity}\n\nEine Anmeldung ist nicht nötig. Wer Fragen hat, schreibt "
            "der Gruppe über ihre Seite unter „Initiativen und Gruppen“."
        ),
        status="veroeffentlicht",
        publish_from=now - timedelta(days=1),
        event_start=datetime.combine(day, start, tzinfo=clock.BERLIN),
        event_end=datetime.combine(day, end, tzinfo=clock.BERLIN),
        event_place=group.meeting_place,
        run_by=group,
    )
    announcement.full_clean()
    announcement.save()
