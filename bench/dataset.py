"""A realistic data set for the benchmark, written into the (fresh) database Django points at.

large: 3 offices, 60 weekly slots, 40 closures, 2,000 announcements with pictures, 30 events,
5,000 fund applications with cost lines (over 10,000 rows in the biggest tables).
small: the same kinds of rows, about 10 of each.
Pictures are rendered once (by the real service, in the demo data) and shared by all copies.
"""

import datetime as dt
import json
import secrets
import sys
from decimal import Decimal

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

SCALES = {
    "large": {
        "slots": 60,
        "closures": 40,
        "announcements": 2000,
        "events": 30,
        "apps": 5000,
        "groups": 500,
        "ideas": 5000,
        "supports": 50000,
    },
    "small": {
        "slots": 10,
        "closures": 10,
        "announcements": 10,
        "events": 10,
        "apps": 10,
        "groups": 3,
        "ideas": 10,
        "supports": 100,
    },
}


def build(scale: str) -> dict[str, int]:
    from consultations.models import Closure, ConsultationHours
    from fund_applications.models import Application, CostItem, Fund
    from offices.enums import AnnouncementStatus
    from offices.models import Announcement, Office
    from quartier.core.markdown import render_markdown

    size = SCALES[scale]
    call_command("load_demo_data", verbosity=0)
    # Offices with an address, so each appointment request puts a notice into the outbox.
    Office.objects.filter(email="").update(email="buero@example.org")
    offices = list(Office.objects.all())
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        ConsultationHours.objects.all().delete()
        ConsultationHours.objects.bulk_create(
            ConsultationHours(
                office=offices[n % len(offices)],
                weekday=(n // len(offices)) % 5,
                start=dt.time(8 + (n // 15) * 2, 0),
                end=dt.time(9 + (n // 15) * 2, 30),
                note="",
            )
            for n in range(size["slots"])
        )
        Closure.objects.bulk_create(
            Closure(
                office=offices[n % len(offices)] if n % 4 else None,
                start_date=today + dt.timedelta(days=3 * n),
                end_date=today + dt.timedelta(days=3 * n + n % 3),
                reason=f"Schließung {n}",
            )
            for n in range(size["closures"])
        )
        template = Announcement.objects.exclude(picture="").first()
        # bulk_create skips save(), which stores the rendered text.
        body = "## Worum es geht\n\nEin **wichtiger** Hinweis.\n\n- eins\n- zwei"
        body_html = render_markdown(body)
        Announcement.objects.bulk_create(
            Announcement(
                title=f"Meldung {n} aus dem Quartier",
                slug=f"bench-meldung-{n}",
                teaser="Neues aus Westerfilde und Bodelschwingh in zwei Sätzen.",
                body=body,
                body_html=body_html,
                office=offices[n % len(offices)] if n % 7 else None,
                status=AnnouncementStatus.PUBLISHED,
                publish_from=now - dt.timedelta(hours=n + 1),
                pinned=n == 5,
                picture=template.picture if template else "",
                picture_alt=template.picture_alt if template else "",
                picture_renditions=template.picture_renditions if template else [],
                event_start=(now + dt.timedelta(days=n + 1)) if n < size["events"] else None,
                event_end=(now + dt.timedelta(days=n + 1, hours=2)) if n < size["events"] else None,
                event_place="Westerfilder Straße 23" if n < size["events"] else "",
            )
            for n in range(size["announcements"])
        )
        _groups(size["groups"])
        fund = Fund.objects.first()
        goals = list(fund.goals.all())
        year = today.year - 1
        applications = Application.objects.bulk_create(
            _application(fund=fund, year=year, number=n + 1, today=today)
            for n in range(size["apps"])
        )
        CostItem.objects.bulk_create(
            CostItem(
                application=application,
                position=line,
                category="material",
                description=f"Posten {line}",
                amount=Decimal("100.00"),
            )
            for application in applications
            for line in range(3)
        )
        through = Application.goals.through
        through.objects.bulk_create(
            through(application_id=a.pk, fundgoal_id=goals[a.pk % len(goals)].pk)
            for a in applications
        )
        ideas, supports = _ideas(count=size["ideas"], supports=size["supports"], now=now)
    from quartier.core.page_cache import content_changed

    content_changed()
    return {
        "slots": ConsultationHours.objects.count(),
        "closures": Closure.objects.count(),
        "announcements": Announcement.objects.count(),
        "events": Announcement.objects.events().count(),
        "applications": Application.objects.count(),
        "cost_items": CostItem.objects.count(),
        "groups": _group_count(),
        "ideas": ideas,
        "idea_supports": supports,
    }


def _group_count() -> int:
    from offices.initiatives.models import Group

    return Group.objects.count()


def _groups(count: int) -> None:
    """Initiativen und Gruppen: published groups beside the three of the demo."""
    from offices.initiatives.enums import GroupStatus
    from offices.initiatives.models import Group
    from quartier.core import clock, private_links

    now = clock.now()
    Group.objects.bulk_create(
        Group(
            name=f"Gruppe {n} im Quartier",
            slug=f"bench-gruppe-{n}",
            activity="Wir treffen uns und machen gemeinsam etwas für den Stadtteil. " * 3,
            meeting_time="jeden Dienstag, 18 Uhr",
            meeting_place="Westerfilder Straße 23",
            audience="alle",
            languages="Deutsch, Türkisch",
            contact_name="Kontakt",
            contact_email=f"gruppe{n}@example.org",
            status=GroupStatus.PUBLISHED,
            link_key=private_links.new_key_and_secret()[0],
            link_secret="x" * 32,
            consent_given_at=now,
            published_at=now,
        )
        for n in range(count)
    )


def _ideas(*, count: int, supports: int, now) -> tuple[int, int]:
    """Published ideas in every status, and confirmed supports spread over them (the list reads
    the stored count, never these rows)."""
    from quartier.ideas.enums import IdeaStatus
    from quartier.ideas.models import Idea, Support, Topic

    topics = list(Topic.objects.all())
    statuses = list(IdeaStatus)
    ideas = Idea.objects.bulk_create(
        Idea(
            key=f"bi{n:010d}",
            secret=secrets.token_urlsafe(24),
            title=f"Idee {n} für den Stadtteil",
            text="Eine Bank, ein Baum, ein Fest: was im Quartier besser werden kann.",
            topic=topics[n % len(topics)],
            place="Westerfilder Straße",
            may_publish=True,
            email=f"idee{n}@example.org",
            status=statuses[n % len(statuses)],
            published_at=now - dt.timedelta(minutes=n + 1),
            created_at=now - dt.timedelta(minutes=n + 2),
            answer_due_on=(now + dt.timedelta(days=14)).date(),
            support_count=supports // count,
        )
        for n in range(count)
    )
    Support.objects.bulk_create(
        (
            Support(
                idea=ideas[n % count],
                email_hash=f"{n:064x}",
                key=f"bench-support-{n}",
                created_at=now,
                confirmed_at=now,
            )
            for n in range(supports)
        ),
        batch_size=2000,
    )
    return Idea.objects.count(), Support.objects.count()


def _application(*, fund, year: int, number: int, today):
    from fund_applications.models import Application

    return Application(
        fund=fund,
        reference=f"SF-{year}-{number:04d}",
        reference_year=year,
        reference_number=number,
        applicant_type="person",
        contact_name=f"Bewohnerin {number}",
        street="Westerfilder Straße 1",
        postal_code="44357",
        city="Dortmund",
        email=f"person{number}@example.org",
        title=f"Projekt {number}",
        summary="Ein kleines Projekt für die Nachbarschaft.",
        target_group="Alle",
        place="Innenhof",
        start_date=today,
        end_date=today + dt.timedelta(days=30),
        expected_participants=20,
        neighbourhood_benefit="Mehr Kontakt im Block.",
        other_funding=Decimal("0.00"),
        total_cost=Decimal("300.00"),
        requested_amount=Decimal("300.00"),
        declares_not_started=True,
        declares_no_other_funding=True,
        consents_to_privacy=True,
        status_key=secrets.token_hex(6),
        status_secret=secrets.token_hex(32),
        submitted_at=timezone.now(),
    )


def complete_drafts(count: int) -> list[str]:
    """`count` drafts with every step filled in, ready to be sent; returns their tokens."""
    from fund_applications import services
    from fund_applications.demo import example_step_values
    from fund_applications.models import Fund

    fund = Fund.objects.first()
    values = example_step_values(fund)
    tokens = []
    for _ in range(count):
        draft = services.draft_create(fund=fund)
        for slug, step_values in values.items():
            services.draft_save_step(draft=draft, step=slug, values=step_values, valid=True)
        tokens.append(draft.token)
    return tokens


def fresh_statistics() -> None:
    """The planner statistics a running database has: PostgreSQL's autovacuum analyses a table
    a minute or more after thousands of rows arrive, and a page measured before that is planned
    for empty tables (the fund page's yearly figures then read all 5,000 applications twice:
    7 ms instead of 0.05 ms)."""
    from django.db import connection

    if connection.vendor == "postgresql":  # SQLite keeps no statistics unless asked
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


if __name__ == "__main__":
    import django

    django.setup()
    if sys.argv[1] == "drafts":
        print("\n".join(complete_drafts(int(sys.argv[2]))))
    else:
        rows = build(sys.argv[1])
        fresh_statistics()
        print(json.dumps(rows))
