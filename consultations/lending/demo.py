"""Demo content for the lending, loaded by `manage.py load_demo_data` after the consultation
hours: the shop front's room with a group's weekly series, and DoNaPart's cargo bike with a
few loans (one already back, with a note)."""

from datetime import date, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError

from consultations.lending.enums import Condition, ItemKind
from consultations.lending.models import LendingItem, Loan
from consultations.lending.services import decisions, handover, requests
from consultations.lending.services.writing import ItemTaken
from offices.models import Office
from quartier.core import clock

ROOM = {
    "slug": "gruppenraum",
    "office": "quartiersmanagement",
    "kind": ItemKind.ROOM,
    "name": "Gruppenraum im Ladenlokal",
    "description": (
        "Der Raum vorne im Ladenlokal an der Westerfilder Straße: für Treffen von Gruppen "
        "und Initiativen aus dem Quartier, abends und am Wochenende."
    ),
    "needs_approval": True,
    "capacity": 20,
    "equipment": "Tische und 20 Stühle\nWasserkocher und Geschirr\nWLAN\nBeamer auf Nachfrage",
    "step_free": True,
    "house_rules": (
        "- Bitte hinterlassen Sie den Raum so, wie Sie ihn vorgefunden haben.\n"
        "- Um 22 Uhr ist Schluss, auch am Wochenende.\n"
        "- Kein Alkohol, nicht rauchen.\n"
        "- Den Schlüssel holen Sie vorher im Büro ab und werfen ihn danach in den Briefkasten."
    ),
    "what_to_bring": "Einen Ausweis für den Schlüssel",
    "max_days": 1,
}
BIKE = {
    "slug": "lastenrad",
    "office": "donapart",
    "kind": ItemKind.CARGO_BIKE,
    "name": "Lastenrad",
    "description": (
        "Ein Lastenrad mit Elektromotor und großer Kiste: für den Einkauf, den Umzug einer "
        "Kiste Bücher oder den Ausflug mit zwei Kindern. Ausprobiert von DoNaPart."
    ),
    "needs_approval": False,
    "house_rules": (
        "- Nur für Fahrten im Stadtgebiet Dortmund.\n"
        "- Höchstens 100 kg in der Kiste, Kinder nur angeschnallt.\n"
        "- Abends anschließen, mit dem Schloss am Rad.\n"
        "- Ein Schaden? Bitte sofort melden, nicht selbst reparieren."
    ),
    "what_to_bring": "Personalausweis oder Reisepass",
    "deposit": Decimal("20.00"),
    "max_days": 3,
}


def _item(data: dict) -> LendingItem:
    fields = dict(data)
    office = Office.objects.get(slug=fields.pop("office"))
    item, _created = LendingItem.objects.get_or_create(
        slug=fields.pop("slug"), defaults={**fields, "office": office}
    )
    return item


def _next(weekday: int, after: date) -> date:
    return after + timedelta(days=(weekday - after.weekday()) % 7 or 7)


def load() -> None:
    """Create what is missing; never touch loans staff or residents made. The made-up
    residents get no mail."""
    if not Office.objects.filter(slug__in=[ROOM["office"], BIKE["office"]]).count() == 2:
        return
    room, bike = _item(ROOM), _item(BIKE)
    if Loan.objects.exists():
        return
    today = clock.today()
    try:
        group = requests.loan_request(
            item=room,
            day=_next(3, today),  # Thursday
            start=time(18),
            end=time(20),
            purpose="Treffen der Nachbarschaftsinitiative",
            group_name="Nachbarschaftsinitiative Westerfilde",
            people=12,
            name="Gül Demir",
            email="initiative@example.org",
            notify=False,
        )
        decisions.loan_approve_series(
            loan=group,
            every_weeks=1,
            last_day=_next(3, today) + timedelta(weeks=7),
            by=None,
            notify=False,
        )
        requests.loan_request(
            item=room,
            day=_next(5, today),  # Saturday
            start=time(14),
            end=time(17),
            purpose="Kindergeburtstag",
            people=15,
            name="Jana Kowalski",
            email="jana@example.org",
            notify=False,
        )
    except (ValidationError, ItemTaken):
        pass
    # Tuesdays and Wednesdays: picked up and returned the next opening day, the weekends
    # stay free.
    for first_day, name, email in [
        (_next(1, today) + timedelta(weeks=1), "Ali Yilmaz", "ali@example.org"),
        (_next(2, today) + timedelta(weeks=2), "Renate Schulz", "renate@example.org"),
    ]:
        try:
            requests.loan_request(
                item=bike,
                first_day=first_day,
                days=1,
                purpose="Einkauf für das Hoffest",
                name=name,
                email=email,
                notify=False,
            )
        except (ValidationError, ItemTaken):
            continue
    # One loan two weeks ago, back with a note.
    then = clock.now() - timedelta(days=14)
    try:
        past = requests.loan_request(
            item=bike,
            first_day=clock.local_date(then) + timedelta(days=1),
            purpose="Sperrmüll zum Wertstoffhof",
            name="Peter Nowak",
            email="peter@example.org",
            notify=False,
            now=then,
        )
    except (ValidationError, ItemTaken):
        return
    handover.loan_hand_out(loan=past, by=None, at=past.pickup_from)
    handover.loan_take_back(
        loan=past,
        by=None,
        at=past.return_from,
        condition=Condition.GOOD,
        note="Kette geölt, Akku wieder geladen.",
    )
