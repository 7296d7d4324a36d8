"""Demo content for this app, loaded by `manage.py load_demo_data` after the offices."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from fund_applications.models import Fund, FundGoal, JurySession
from offices.models import Office
from quartier.core import clock

BERLIN = ZoneInfo("Europe/Berlin")

RULES = """## Wer kann einen Antrag stellen?

- Menschen, die in Westerfilde oder Bodelschwingh wohnen
- Nachbarschaftsgruppen, Initiativen und Vereine
- Schulen, Kitas, Kirchengemeinden und andere Einrichtungen im Stadtteil
- Alle, die hier arbeiten oder ihre Freizeit verbringen

## Was wird gefördert?

Kleine Projekte, die das Zusammenleben im Stadtteil stärken und vielen Menschen
zugutekommen: ein Nachbarschaftsfest, Hochbeete im Hof, ein Kinderkino, ein Trikotsatz für die
Jugendmannschaft, ein Flyer für eine neue Initiative.

Gefördert werden vor allem Sachkosten: Material, Miete für Räume oder Geräte, Druck,
Verpflegung bei Aktionen. Ehrenamtliche Arbeit bringen Sie selbst ein – sie zählt als
Eigenleistung.

## Was wird nicht gefördert?

- Projekte, die schon begonnen haben
- Kosten, für die andere Stellen zuständig sind oder die andere Förderprogramme zahlen
- Laufende Kosten, zum Beispiel Miete für ein Vereinsheim
- Projekte, die vor allem einer einzelnen Person oder einem Geschäft nutzen
- Parteipolitische oder religiöse Werbung
"""

GOALS = ["Nachbarschaft", "Umwelt", "Kultur", "Kinder und Jugend", "Sport", "Bildung"]

# (month, day of the session, deadline month, deadline day)
SESSIONS = [(3, 18, 2, 25), (6, 17, 5, 26), (9, 16, 8, 25), (11, 25, 10, 27)]


def _session_dates(year: int):
    for month, day, deadline_month, deadline_day in SESSIONS:
        starts_at = datetime.combine(date(year, month, day), time(17, 30), tzinfo=BERLIN)
        yield starts_at, date(year, deadline_month, deadline_day)


def load() -> None:
    """Create what is missing; never overwrite what staff have edited since."""
    office = Office.objects.filter(slug="quartiersmanagement").first()
    fund, _created = Fund.objects.get_or_create(
        slug="westerfilde-bodelschwingh",
        defaults={
            "name": "Stadtteilfonds Westerfilde/Bodelschwingh",
            "office": office,
            "summary": (
                "Sie haben eine Idee für Ihre Nachbarschaft? Der Stadtteilfonds gibt Geld für "
                "kleine Projekte von Menschen aus Westerfilde und Bodelschwingh. Eine Jury aus "
                "dem Stadtteil entscheidet."
            ),
            "rules": RULES,
            "year_budget": Decimal("35000.00"),
            "max_per_application": Decimal("5000.00"),
            "show_remaining_budget": True,
        },
    )
    for ordering, name in enumerate(GOALS, start=1):
        FundGoal.objects.get_or_create(fund=fund, name=name, defaults={"ordering": ordering})
    this_year = clock.today().year
    for year in (this_year, this_year + 1):
        for starts_at, deadline in _session_dates(year):
            JurySession.objects.get_or_create(
                fund=fund,
                starts_at=starts_at,
                defaults={
                    "submission_deadline": deadline,
                    "place": "Quartiersbüro, Westerfilder Straße 23",
                },
            )


def example_step_values(fund: Fund) -> dict:
    """A complete example application in the shape the draft keeps each step (what a resident
    types): for trying the form out, the tests and the benchmark."""
    start = clock.today() + timedelta(days=60)
    goal = fund.goals.first()
    return {
        "antragsteller": {
            "applicant_type": "gruppe",
            "organisation_name": "Hofgemeinschaft Westerfilde",
            "contact_name": "Anna Beispiel",
            "street": "Westerfilder Straße 1",
            "postal_code": "44357",
            "city": "Dortmund",
            "email": "anna@example.org",
            "phone": "",
        },
        "projekt": {
            "title": "Hochbeete im Hof",
            "summary": "Wir bauen drei Hochbeete.",
            "goals": [str(goal.pk)],
            "target_group": "Alle im Block",
            "place": "Innenhof",
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=30)).isoformat(),
            "expected_participants": "25",
            "neighbourhood_benefit": "Mehr Grün, mehr Kontakt.",
            "volunteer_hours": "40",
            "volunteer_work": "Bauen und gießen",
        },
        "kosten": {
            "rows": [
                {"category": "material", "description": "Holz", "amount": "250,50"},
                {"category": "verpflegung", "description": "Kaffee und Kuchen", "amount": "80"},
            ],
            "funding": {"other_funding": "30,50", "other_funding_source": "Spenden"},
        },
    }
