"""Demo content for "Geförderte Projekte": a few funded projects whose applicants agreed to show
them (one with photos), and one without consent that counts in the figures but is not shown.
Loaded by `manage.py load_demo_data` after fund_applications.demo. Safe to run again."""

import io
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from fund_applications import register_photos
from fund_applications.enums import Actor, ApplicantType, ApplicationStatus, Decision
from fund_applications.models import (
    Application,
    ApplicationStatusChange,
    CostItem,
    Fund,
    FundGoal,
    JuryDecision,
    JurySession,
    ReportPhoto,
)
from quartier.core import clock, private_links

S = ApplicationStatus
DEMO_NUMBERS = 9000


@dataclass(frozen=True)
class DemoProject:
    key: str
    title: str
    summary: str
    goals: tuple[str, ...]
    amount: str
    status: str
    years_ago: int = 0
    consent: bool = True
    photos: int = 0


PROJECTS = [
    DemoProject(
        "demoproj0001",
        "Hochbeete im Innenhof",
        "Nachbarinnen und Nachbarn aus drei Häusern an der Westerfilder Straße haben im "
        "gemeinsamen Hof vier Hochbeete gebaut. Kinder aus dem Haus gießen, im Herbst gab es "
        "Kürbissuppe für alle.",
        ("Umwelt", "Nachbarschaft"),
        "1480.00",
        S.CLOSED,
        photos=2,
    ),
    DemoProject(
        "demoproj0002",
        "Kinderkino im Gemeindehaus",
        "Einmal im Monat zeigt eine Elterninitiative einen Kinderfilm im Gemeindehaus, mit "
        "Popcorn und einer kleinen Bastelaktion danach. Der Eintritt ist frei.",
        ("Kultur", "Kinder und Jugend"),
        "960.00",
        S.IN_PROGRESS,
    ),
    DemoProject(
        "demoproj0003",
        "Trikots für die D-Jugend",
        "Die D-Jugend des Sportvereins bekommt einen Satz Trikots. Die Mannschaft trainiert "
        "offen für alle Kinder aus dem Stadtteil, auch ohne Vereinsbeitrag.",
        ("Sport", "Kinder und Jugend"),
        "1250.00",
        S.APPROVED,
    ),
    DemoProject(
        "demoproj0004",
        "Sommerfest im Hof",
        "Ein Nachmittag mit Musik, Kaffee und Kuchen und einem Flohmarkt für Kindersachen, "
        "vorbereitet von der Hofgemeinschaft zusammen mit dem Quartiersbüro.",
        ("Nachbarschaft", "Kultur"),
        "2300.00",
        S.REPORT_SUBMITTED,
    ),
    DemoProject(
        "demoproj0005",
        "Repair-Café",
        "Einmal im Monat reparieren Ehrenamtliche Fahrräder, Lampen und Kleidung.",
        ("Umwelt", "Bildung"),
        "1700.00",
        S.IN_PROGRESS,
        consent=False,
    ),
    DemoProject(
        "demoproj0006",
        "Lesepatenschaften in der Grundschule",
        "Ehrenamtliche lesen jede Woche mit Kindern der Grundschule. Das Geld ging in Bücher "
        "in mehreren Sprachen und eine gemütliche Leseecke.",
        ("Bildung", "Kinder und Jugend"),
        "850.00",
        S.CLOSED,
        years_ago=1,
    ),
    DemoProject(
        "demoproj0007",
        "Eine Bank am Spielplatz",
        "Eltern haben zwei Bänke und einen Sonnenschirm für den Spielplatz am Westerfilder "
        "Marktplatz aufgestellt.",
        ("Nachbarschaft",),
        "640.00",
        S.CLOSED,
        years_ago=1,
    ),
]


def demo_photo(index: int) -> bytes:
    """Raised beds in a courtyard, drawn with Pillow so the demo needs no download."""
    width, height = 1200, 800
    image = Image.new("RGB", (width, height), "#bfe3f5")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 520, width, height), fill="#8fae6b")
    draw.ellipse((980, 60, 1120, 200), fill="#ffcc33")
    for number in range(4):
        left = 80 + number * 280 + (index * 30)
        draw.rectangle((left, 430, left + 230, 600), fill="#8a5a3b", outline="#5b3a24", width=6)
        for plant in range(5):
            x = left + 20 + plant * 45
            draw.line((x, 430, x, 360 - (plant % 2) * 30), fill="#146c2e", width=8)
            draw.ellipse(
                (x - 18, 330 - (plant % 2) * 30, x + 18, 366 - (plant % 2) * 30),
                fill=["#d7263d", "#f49d37", "#146c2e"][(plant + number) % 3],
            )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _create(fund: Fund, project: DemoProject, goals: dict[str, FundGoal]) -> None:
    today = clock.today()
    year = today.year - project.years_ago
    session = (
        JurySession.objects.filter(fund=fund, starts_at__year=year).order_by("starts_at").first()
    )
    decided_at = (
        session.starts_at
        if session and session.starts_at <= clock.now()
        else min(
            datetime.combine(today.replace(year=year, month=1, day=15), time(18), clock.BERLIN),
            clock.now() - timedelta(days=1),
        )
    )
    start = (decided_at + timedelta(days=21)).date()
    end = start + timedelta(days=60)
    amount = Decimal(project.amount)
    # Numbers far above what the yearly counter gives out: no real application collides.
    number = DEMO_NUMBERS + PROJECTS.index(project) + 1
    reference = f"SF-{year}-{number:04d}"
    key = project.key
    application = Application.objects.create(
        fund=fund,
        jury_session=session,
        reference=reference,
        reference_year=year,
        reference_number=number,
        status=project.status,
        applicant_type=ApplicantType.GROUP,
        organisation_name="Beispiel-Initiative",
        contact_name="Beispiel",
        street="Westerfilder Straße 23",
        postal_code="44357",
        city="Dortmund",
        phone="0231 0000000",  # no email: the demo never writes to anyone
        title=project.title,
        summary=project.summary,
        target_group="Menschen aus dem Stadtteil",
        place="Westerfilde",
        start_date=start,
        end_date=end,
        expected_participants=40,
        neighbourhood_benefit="Menschen aus dem Stadtteil lernen sich kennen.",
        total_cost=amount,
        requested_amount=amount,
        granted_amount=amount,
        budget_year=year,
        report_due_on=end + timedelta(days=365) if project.status == S.IN_PROGRESS else None,
        declares_not_started=True,
        declares_no_other_funding=True,
        consents_to_privacy=True,
        publication_consent_given_at=decided_at - timedelta(days=30) if project.consent else None,
        photo_consent_given_at=decided_at + timedelta(days=90) if project.photos else None,
        status_key=key,
        status_secret=private_links.new_key_and_secret()[1],
        submitted_at=decided_at - timedelta(days=30),
        status_changed_at=decided_at,
    )
    application.goals.set([goals[name] for name in project.goals if name in goals])
    CostItem.objects.create(
        application=application,
        position=1,
        category="material",
        description="Material",
        amount=amount,
    )
    JuryDecision.objects.create(
        application=application,
        jury_session=session,
        decision=Decision.APPROVED,
        granted_amount=amount,
        votes_for=12,
        recorded_at=decided_at,
    )
    ApplicationStatusChange.objects.create(
        application=application,
        from_status="",
        to_status=project.status,
        actor=Actor.SYSTEM,
        comment="Beispielprojekt (Demo-Daten)",
        created_at=decided_at,
    )
    for index in range(project.photos):
        photo = ReportPhoto(
            application=application,
            original_name=f"hochbeete-{index + 1}.jpg",
            content_type="image/jpeg",
        )
        data = demo_photo(index)
        photo.size = len(data)
        photo.file.save("upload", ContentFile(data), save=False)
        photo.save()
        register_photos.rendition_store(photo)


def load() -> None:
    fund = Fund.objects.filter(slug="westerfilde-bodelschwingh").first()
    if fund is None:
        return
    goals = {goal.name: goal for goal in fund.goals.all()}
    existing = set(
        Application.objects.filter(status_key__in=[p.key for p in PROJECTS]).values_list(
            "status_key", flat=True
        )
    )
    for project in PROJECTS:
        if project.key not in existing:
            _create(fund, project, goals)
