"""Mail scanners open links before people do: no GET changes state. Every link in every email
the site sends, and every public page, is opened as a scanner would (no session); the database
must see no INSERT, UPDATE or DELETE of the site's data. A visitor's session row and the shared
cache table (rate limits, page-cache version) are not the site's data."""

import re
from datetime import date, timedelta
from decimal import Decimal
from functools import partial

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from consultations import services as consultation_services
from consultations.booking import services as booking_services
from fund_applications import services
from fund_applications.enums import ApplicationStatus as S
from fund_applications.enums import Decision
from fund_applications.selectors import fund_current
from offices.events.models import EventSignup
from offices.models import Announcement, Office
from quartier.accounts.roles import FUND_TEAM, OFFICE_STAFF
from quartier.accounts.services import staff_invite
from quartier.services import accessibility_feedback_submit
from tests.factories import ApplicationFactory, staff_user
from tests.fund_applications.conftest import step_values

pytestmark = pytest.mark.django_db

NOT_SITE_DATA = ("django_session", "quartier_cache")
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def writes_of(queries) -> list[str]:
    return [
        query["sql"]
        for query in queries
        if WRITE.match(query["sql"]) and not any(table in query["sql"] for table in NOT_SITE_DATA)
    ]


def open_as_scanner(url: str):
    """GET the link like a mail scanner: no cookies, follows redirects."""
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url, follow=True)
    return response, writes_of(queries)


def _every_mail_the_site_sends(settings) -> list:
    """Walk each path that sends mail once, with the mails it sends left in mail.outbox."""
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = "barrieren@example.org"
    fund = fund_current()
    office = fund.office
    office.email = "qm@example.org"
    office.save()
    jobcenter = Office.objects.get(slug="jobcenter")
    jobcenter.email = "jobcenter@example.org"
    jobcenter.save()
    staff = staff_user(role=FUND_TEAM)

    draft = services.draft_create(fund=fund)
    for slug, values in step_values(fund).items():
        services.draft_save_step(draft=draft, step=slug, values=values, valid=True)
    values = step_values(fund)
    project = values["projekt"]
    application, _ = services.application_submit(
        draft=draft,
        fields={
            **values["antragsteller"],
            **{k: v for k, v in project.items() if k != "goals"},
            "start_date": date.fromisoformat(project["start_date"]),
            "end_date": date.fromisoformat(project["end_date"]),
            "expected_participants": 20,
            "volunteer_hours": 10,
            "other_funding": Decimal("0"),
            "declares_not_started": True,
            "declares_no_other_funding": True,
            "consents_to_privacy": True,
        },
        goals=list(fund.goals.all()[:1]),
        cost_lines=[services.CostLine("material", "Holz", Decimal("200.00"))],
    )
    for to_status, extra in [
        (S.IN_REVIEW, {}),
        (S.QUESTION, {"question": "Wie viele Beete?"}),
    ]:
        services.application_staff_transition(
            application=application, to_status=to_status, user=staff, **extra
        )
    services.application_answer_question(application=application, body="Drei.")
    services.application_staff_transition(
        application=application, to_status=S.READY_FOR_JURY, user=staff
    )
    services.application_decide(
        application=application,
        user=staff,
        decision=Decision.APPROVED,
        jury_session=application.jury_session,
        granted_amount=Decimal("200.00"),
        votes_for=5,
        over_budget_confirmed=True,
        early_confirmed=True,
    )
    services.application_staff_transition(
        application=application, to_status=S.IN_PROGRESS, user=staff
    )
    services.reports_remind_overdue(now=application.end_date and _after(application))
    other = ApplicationFactory(fund=fund, status=S.SUBMITTED, reference_number=901)
    services.application_withdraw(application=other, reason="Kein Platz")
    rejected = ApplicationFactory(fund=fund, status=S.READY_FOR_JURY, reference_number=902)
    services.application_decide(
        application=rejected,
        user=staff,
        decision=Decision.REJECTED,
        jury_session=None,
        reason="Kein Bezug zum Stadtteil",
    )
    staff_invite(email="neu@example.org", offices=[jobcenter], role=OFFICE_STAFF)
    consultation_services.appointment_request_create(
        office=jobcenter, name="Ayşe", topic="Termin", phone="0231 1"
    )
    accessibility_feedback_submit(message="Zu klein", email="a@example.org")
    _every_booking_mail(jobcenter)
    _every_newsletter_mail(jobcenter)
    _every_initiatives_mail()
    _every_event_signup_mail()
    return application


def _every_initiatives_mail() -> None:
    """Initiativen und Gruppen: proposal received, published, a "Mitmachen" message."""
    from offices.initiatives import services as initiatives
    from offices.initiatives.enums import GroupStatus

    group = initiatives.group_propose(
        entry={
            "name": "Lauftreff",
            "activity": "Laufen",
            "meeting_time": "mittwochs",
            "meeting_place": "Mosselde",
            "audience": "alle",
            "languages": "Deutsch",
            "contact_name": "Lena",
            "contact_email": "lauf@example.org",
        }
    )
    group = initiatives.group_set_status(group=group, status=GroupStatus.PUBLISHED)
    initiatives.join_request_create(
        group=group, name="Nora", email="nora@example.org", message="Ich komme."
    )


def _every_event_signup_mail() -> None:
    """Event sign-up: confirmation, waiting list, moved up, fewer places, reminder, cancelled,
    a message from staff."""
    from offices.events import services as events
    from offices.events.models import EventSignupSetup

    setup = EventSignupSetup.objects.select_related("announcement").get(
        announcement__slug="workshop-energie-sparen"
    )
    setup.places = 1000
    events.setup_save(setup=setup)
    people = [
        events.signup_create(setup=setup, name=f"Gast {n}", email=f"gast{n}@example.org", persons=1)
        for n in range(2)
    ]
    setup.places = 7 + 1
    events.setup_save(setup=setup)  # the last one back to the waiting list
    events.signup_cancel(signup=people[0])  # … and moved up again
    events.message_to_signed_up(setup=setup, subject="Neuer Raum", text="Im Saal.")
    events.signups_send_reminders(now=setup.announcement.event_start - timedelta(days=1))


def _every_newsletter_mail(office) -> None:
    """Neuigkeiten per E-Mail: confirmation, "schon angemeldet", an issue, a digest."""
    from quartier.core import clock
    from quartier.newsletter import services as newsletter
    from quartier.newsletter.models import NewsletterIssue, NewsletterSubscriber
    from quartier.newsletter.tasks import send_issue_batch

    for address in ("neu@example.org", "dabei@example.org"):
        newsletter.subscriber_subscribe(
            email=address,
            language="de",
            offices=[office],
            fund_dates=False,
            events=True,
            booking_times=False,
            digest=True,
        )
    reader = NewsletterSubscriber.objects.get(email="dabei@example.org")
    newsletter.subscriber_confirm(key=reader.key)
    newsletter.subscriber_subscribe(
        email=reader.email,
        language="de",
        offices=[],
        fund_dates=True,
        events=False,
        booking_times=False,
        digest=False,
    )
    issue = NewsletterIssue.objects.create(subject="Ausgabe", body="Text", events=True)
    newsletter.issue_send(issue=issue, by=None)
    transaction.on_commit(partial(send_issue_batch.enqueue, issue_id=issue.pk))
    NewsletterSubscriber.objects.filter(pk=reader.pk).update(
        last_digest_at=clock.now() - timedelta(days=30)
    )
    Announcement.objects.filter(office=office).update(publish_from=clock.now() - timedelta(1))
    assert newsletter.digests_send(now=clock.now()) == 1


def _every_booking_mail(office) -> None:
    """Online booking: confirmation, move, reminder, cancellations."""
    from consultations.booking import selectors as booking_selectors
    from consultations.booking.models import Booking

    kinds = list(office.appointment_types.select_related("office", "office__booking_rules"))
    for number, appointment_type in enumerate(kinds[:2]):
        start = booking_selectors.type_offer(appointment_type=appointment_type).next_time
        booking = booking_services.booking_create(
            appointment_type=appointment_type,
            start=start.start,
            name=f"Person {number}",
            email=f"person{number}@example.org",
        )
        later = (
            booking_selectors.type_offer(appointment_type=appointment_type, exclude_booking=booking)
            .days[-1]
            .times[-1]
        )
        booking = booking_services.booking_move(booking=booking, start=later.start)
        Booking.objects.filter(pk=booking.pk).update(created_at=booking.starts_at - timedelta(9))
        booking_services.bookings_send_reminders(now=booking.starts_at - timedelta(hours=3))
        staff = staff_user(role=OFFICE_STAFF, offices=[office]) if number else None
        booking_services.booking_cancel(booking=booking, reason="Krank", by=staff)


def _after(application):
    from quartier.core import clock

    return clock.now() + (application.report_due_on - clock.today()) + timedelta(days=1)


def test_every_link_in_every_mail_starts_with_site_url_and_changes_nothing_on_get(
    demo_data, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://quartiersbuero.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        _every_mail_the_site_sends(settings)

    links = {
        link.rstrip(".,)")
        for message in mail.outbox
        for link in re.findall(r"https?://\S+", message.body)
    }
    kinds = {message.subject.split(" ")[0] for message in mail.outbox}
    assert len(mail.outbox) >= 12, kinds
    assert links
    # The one-click unsubscribe of every newsletter mail: its GET changes nothing either.
    links |= {
        message.extra_headers["List-Unsubscribe"].strip("<>")
        for message in mail.outbox
        if "List-Unsubscribe" in message.extra_headers
    }
    assert any("/neuigkeiten-per-e-mail/bestaetigen/" in link for link in links)
    assert any("/neuigkeiten-per-e-mail/abmelden/" in link for link in links)
    for link in links:
        assert link.startswith(settings.SITE_URL + "/"), link
        response, writes = open_as_scanner(link.removeprefix(settings.SITE_URL))
        assert response.status_code == 200, link
        assert writes == [], link


def _public_routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith("admin/"):
                continue
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            yield from _public_routes(pattern.url_patterns, prefix + namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def _newsletter_urls() -> dict[str, str]:
    from quartier.newsletter import tokens
    from tests.factories import NewsletterSubscriberFactory

    waiting = NewsletterSubscriberFactory(unconfirmed=True)
    reader = NewsletterSubscriberFactory()
    return {
        "newsletter:subscribe": "/neuigkeiten-per-e-mail/",
        "newsletter:check_inbox": "/neuigkeiten-per-e-mail/bitte-bestaetigen/",
        "newsletter:confirm": "/neuigkeiten-per-e-mail/bestaetigen/"
        f"{tokens.confirm_token(waiting.key)}/",
        "newsletter:unsubscribe": "/neuigkeiten-per-e-mail/abmelden/"
        f"{tokens.unsubscribe_token(reader.key)}/",
    }


def _idea_urls() -> dict[str, str]:
    """Anregungen und Ideen: an invited author's private pages, a support waiting for its
    confirmation (the GET must count nothing)."""
    from quartier.core import clock
    from quartier.ideas import tokens
    from quartier.ideas.models import Idea, Support
    from quartier.ideas.services import supports

    idea = Idea.objects.published().filter(closed_at__isnull=True).first()
    Idea.objects.filter(pk=idea.pk).update(fund_invited_at=clock.now())
    supports.support_request(idea=idea, email="neu@example.org", language="de")
    waiting = Support.objects.filter(idea=idea, confirmed_at__isnull=True).first()
    mine = f"/ideen/meine/{idea.token}/"
    return {
        "ideas:list": "/ideen/",
        "ideas:new": "/ideen/neu/",
        "ideas:how_to": "/ideen/so-gehts/",
        "ideas:feed_new": "/ideen/feed/",
        "ideas:feed_answered": "/ideen/feed/antworten/",
        "ideas:detail": f"/ideen/{idea.pk}/",
        "ideas:support": f"/ideen/{idea.pk}/unterstuetzen/",
        "ideas:support_sent": f"/ideen/{idea.pk}/unterstuetzen/danke/",
        "ideas:support_confirm": f"/ideen/unterstuetzung/{tokens.support_token(waiting.key)}/",
        "ideas:mine": mine,
        "ideas:fund_start": mine + "antrag/",
    }


def _sample_urls(application, draft, office, announcement) -> dict[str, str]:
    """One address of every public route (the test below insists that none is missing)."""
    from django.urls import reverse

    from consultations.booking import selectors as booking_selectors
    from fund_applications import register

    funded = register.register_year()
    year = funded.year
    shown = next(project for project in funded.projects if project.photos)
    project_url = reverse("fund_applications:register_project", kwargs={"pk": shown.pk})
    photo_url = reverse(
        "fund_applications:register_photo",
        kwargs={"pk": shown.pk, "photo_pk": shown.photos[0].pk},
    )

    appointment_type = office.appointment_types.select_related(
        "office", "office__booking_rules"
    ).first()
    start = booking_selectors.type_offer(appointment_type=appointment_type).days
    hold = booking_services.booking_hold_create(
        appointment_type=appointment_type, start=start[0].times[0].start
    )
    booking = booking_services.booking_create(
        appointment_type=appointment_type,
        start=start[-1].times[-1].start,
        name="Anna",
        email="anna@example.org",
    )
    mine = booking.get_absolute_url()
    event_signup = EventSignup.objects.select_related("setup__announcement").first()
    my_signup = event_signup.get_absolute_url()
    status = application.get_status_url()
    wizard = f"/stadtteilfonds/antrag/{draft.token}/"
    return {
        "staff_set_password": "/admin/passwort/MQ/falsch-123/",
        "sitemap": "/sitemap.xml",
        "robots_txt": "/robots.txt",
        "home": "/",
        "offices:detail": office.get_absolute_url(),
        "consultations:overview": "/sprechzeiten/",
        "consultations:calendar": "/sprechzeiten/kalender.ics",
        "consultations:appointment_request": f"/sprechzeiten/termin/{office.slug}/",
        "consultations:appointment_done": f"/sprechzeiten/termin/{office.slug}/danke/",
        "consultations:office_calendar": f"/sprechzeiten/{office.slug}/kalender.ics",
        "booking:start": "/sprechzeiten/buchen/",
        "booking:office": f"/sprechzeiten/buchen/{office.slug}/",
        "booking:times": f"/sprechzeiten/buchen/{office.slug}/{appointment_type.pk}/",
        "booking:details": f"/sprechzeiten/buchen/angaben/{hold.token}/",
        "booking:release": f"/sprechzeiten/buchen/angaben/{hold.token}/andere-zeit/",
        "booking:manage": mine,
        "booking:calendar": mine + "kalender.ics",
        "booking:cancel": mine + "absagen/",
        "booking:move": mine + "verschieben/",
        "events:signup": f"/aktuelles/{event_signup.setup.announcement.slug}/anmeldung/",
        "events:manage": my_signup,
        "events:persons": my_signup + "personen/",
        "events:cancel": my_signup + "absagen/",
        "events:calendar": my_signup + "kalender.ics",
        "events:how_it_works": "/leichte-sprache/anmeldung/",
        "news:list": "/aktuelles/",
        "news:feed_atom": "/aktuelles/feed/",
        "news:feed_rss": "/aktuelles/feed/rss/",
        "news:office_feed_atom": f"/aktuelles/feed/{office.slug}/",
        "news:office_feed_rss": f"/aktuelles/feed/{office.slug}/rss/",
        "news:detail": announcement.get_absolute_url(),
        "news:announcement_calendar": announcement.get_absolute_url() + "kalender.ics",
        "news:events": "/veranstaltungen/",
        "news:event_calendar": "/veranstaltungen/kalender.ics",
        "fund_applications:fund": "/stadtteilfonds/",
        "fund_applications:start": "/stadtteilfonds/antrag/",
        "fund_applications:resume": wizard,
        "fund_applications:saved": wizard + "gespeichert/",
        "fund_applications:review": wizard + "pruefen/",
        "fund_applications:submit": wizard + "absenden/",
        "fund_applications:confirmation": wizard + "bestaetigung/",
        "fund_applications:step": wizard + "projekt/",
        "fund_applications:status": status,
        "fund_applications:withdraw": status + "zurueckziehen/",
        "fund_applications:answer": status + "antworten/",
        "fund_applications:report": status + "nachweis/",
        "fund_applications:approval_notice": status + "bewilligungsbescheid.pdf",
        # Geförderte Projekte: the demo has projects with consent, one with photos.
        "fund_applications:publication": status + "veroeffentlichung/",
        "fund_applications:register": "/stadtteilfonds/gefoerderte-projekte/",
        "fund_applications:register_year": f"/stadtteilfonds/gefoerderte-projekte/{year}/",
        "fund_applications:register_project": project_url,
        "fund_applications:register_photo": photo_url,
        "fund_applications:register_feed_atom": "/stadtteilfonds/gefoerderte-projekte/feed/",
        "fund_applications:register_feed_rss": "/stadtteilfonds/gefoerderte-projekte/feed/rss/",
        "inclusion:easy_read": "/leichte-sprache/",
        "inclusion:sign_language": "/gebaerdensprache/",
        "site_page": "/impressum/",
        "accessibility_feedback": "/barrierefreiheit/rueckmeldung/",
        "accessibility_feedback_thanks": "/barrierefreiheit/rueckmeldung/danke/",
        **_newsletter_urls(),
        **_initiatives_urls(),
        **_idea_urls(),
    }


def _initiatives_urls() -> dict[str, str]:
    from offices.initiatives.models import Group

    group = Group.objects.published().first()
    mine = f"/initiativen/eintrag/{group.token}/"
    return {
        "initiatives:list": "/initiativen/",
        "initiatives:propose": "/initiativen/eintragen/",
        "initiatives:propose_thanks": "/initiativen/eintragen/danke/",
        "initiatives:detail": group.get_absolute_url(),
        "initiatives:join_thanks": group.get_absolute_url() + "danke/",
        "initiatives:manage": mine,
        "initiatives:change": mine + "aendern/",
        "initiatives:remove": mine + "entfernen/",
        **_lending_urls(),
    }


def _lending_urls() -> dict[str, str]:
    from consultations.lending.models import Loan

    loan = Loan.objects.filter(status="zugesagt").first()
    mine = loan.get_absolute_url()
    return {
        "lending:items": "/ausleihen/",
        "lending:easy_read": "/ausleihen/so-geht-es/",
        "lending:item": "/ausleihen/lastenrad/",
        "lending:ask": "/ausleihen/lastenrad/anfragen/",
        "lending:calendar": "/ausleihen/lastenrad/belegung.ics",
        "lending:manage": mine,
        "lending:cancel": mine + "absagen/",
    }


def test_no_public_page_changes_anything_on_get(demo_data):
    fund = fund_current()
    application = ApplicationFactory(fund=fund, status=S.IN_PROGRESS)
    draft = services.draft_create(fund=fund)
    office = Office.objects.get(slug="jobcenter")
    announcement = Announcement.objects.published().first()
    urls = _sample_urls(application, draft, office, announcement)

    assert set(_public_routes()) == set(urls)
    for name, url in urls.items():
        for language_prefix in ("", "/en"):
            if language_prefix and url.startswith(("/admin/", "/sitemap", "/robots")):
                continue
            response, writes = open_as_scanner(language_prefix + url)
            assert response.status_code in {200, 404, 405}, (name, response.status_code)
            assert writes == [], name
    assert settings.LANGUAGE_CODE == "de"
