"""Random and hostile input against every public form and every admin form staff use: never a
500, never unescaped output, never half a record, a clear answer otherwise. Add a form to
PUBLIC_FORMS or ADMIN_FORMS when you add one to the site."""

import os
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quartier.core import clock


def fund_step_url() -> str:
    from fund_applications import services
    from fund_applications.models import Fund

    draft = services.draft_create(fund=Fund.objects.get())
    return f"/stadtteilfonds/antrag/{draft.token}/antragsteller/"


def booking_times_url() -> str:
    from consultations.booking.models import AppointmentType

    appointment_type = AppointmentType.objects.select_related("office").get(
        name="Mitmachen bei DoNaPart"
    )
    return f"/sprechzeiten/buchen/{appointment_type.office.slug}/{appointment_type.pk}/"


def booking_details_url() -> str:
    """A fresh hold on the next free time (earlier examples hold the ones before)."""
    from consultations.booking import selectors, services
    from consultations.booking.models import AppointmentType

    appointment_type = AppointmentType.objects.select_related(
        "office", "office__booking_rules"
    ).get(name="Mitmachen bei DoNaPart")
    offer = selectors.type_offer(appointment_type=appointment_type)
    hold = services.booking_hold_create(
        appointment_type=appointment_type, start=offer.next_time.start
    )
    return f"/sprechzeiten/buchen/angaben/{hold.token}/"


def idea_support_url() -> str:
    from quartier.ideas.selectors import idea_list

    return f"/ideen/{idea_list().filter(closed_at__isnull=True).first().pk}/unterstuetzen/"


# (URL or a function that makes one, field names) of every public form.
PUBLIC_FORMS = [
    ("/stadtteilfonds/antrag/", ["homepage"]),
    (
        fund_step_url,
        [
            "applicant_type",
            "organisation_name",
            "contact_name",
            "street",
            "postal_code",
            "city",
            "email",
            "phone",
            "action",
        ],
    ),
    ("/barrierefreiheit/rueckmeldung/", ["message", "page", "name", "email", "homepage"]),
    (
        "/sprechzeiten/termin/quartiersmanagement/",
        ["name", "phone", "email", "topic", "preferred_times", "privacy_consent", "homepage"],
    ),
    # Initiativen und Gruppen: "Gruppe eintragen" and "Mitmachen" on a group's page
    (
        "/initiativen/eintragen/",
        [
            "name",
            "activity",
            "meeting_time",
            "meeting_place",
            "audience",
            "languages",
            "contact_name",
            "contact_email",
            "privacy_consent",
            "homepage",
        ],
    ),
    (
        "/initiativen/gemeinschaftsgarten-westerfilde/",
        ["name", "email", "message", "privacy_consent", "homepage"],
    ),
    # Online booking
    (booking_times_url, ["start"]),
    (
        booking_details_url,
        ["name", "phone", "email", "topic", "privacy_consent", "homepage", "start"],
    ),
    # Anregungen und Ideen
    (
        "/ideen/neu/",
        [
            "title",
            "text",
            "topic",
            "place",
            "picture_alt",
            "language",
            "publish",
            "email",
            "consent",
            "homepage",
            "picture__kept",
        ],
    ),
    (idea_support_url, ["email", "consent", "homepage"]),
]

HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "'; DROP TABLE offices_office; --",
        "\u202eevil\u202c",  # right-to-left override
        "\x00\x01\x02\x1b[31m",
        "A" * 100_000,
        "{{ settings.SECRET_KEY }}",
        "%(message)s %s {0}",
        "😀" * 500,
        "",
    ]
)
VALUE = st.one_of(HOSTILE, st.text(max_size=300), st.integers().map(str))


@pytest.mark.parametrize(("url", "fields"), PUBLIC_FORMS)
@settings(
    max_examples=25,
    deadline=None,
    # CI replays the same examples every run; local runs keep exploring new ones.
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_public_form_survives_hostile_input(demo_data, url, fields, data):
    caches["default"].clear()  # rate limits must not hide what the form does
    client = Client(enforce_csrf_checks=False)
    url = url() if callable(url) else url
    chosen = data.draw(st.lists(st.sampled_from(fields), unique=True))
    payload = {field: data.draw(VALUE) for field in chosen}
    if data.draw(st.booleans()):
        # A repeated field, as a tampered form would send it.
        payload = {**payload, **{f: [data.draw(VALUE), data.draw(VALUE)] for f in chosen[:1]}}

    response = client.post(url, payload)

    assert response.status_code in {200, 302, 400, 422, 429}, response.status_code
    html = response.content.decode(errors="replace")
    assert "<script>alert(1)</script>" not in html
    assert "onerror=alert(1)>" not in html
    if response.status_code in {200, 422}:
        assert "Bitte prüfen Sie Ihre Angaben" in html


@pytest.mark.parametrize(("url", "fields"), PUBLIC_FORMS)
def test_public_form_without_csrf_token_is_refused(demo_data, url, fields):
    client = Client(enforce_csrf_checks=True)
    url = url() if callable(url) else url

    response = client.post(url, dict.fromkeys(fields, "x"))

    assert response.status_code == 403


# ---------------------------------------------------------------- the admin forms staff use
# Staff type into these every day; a careless paste or a hostile colleague must not break a
# page, store half a record or put anything active into the admin or the public site.


def _admin_target(name: str) -> tuple[str, dict, str | None]:
    """(URL, a valid payload to start from, the model label whose rows a failure must not
    change) for one admin form, with fresh objects."""
    from uuid import uuid4

    from fund_applications.enums import ApplicationStatus as S
    from fund_applications.models import Fund
    from offices.models import EasyReadSection, Office, SitePage
    from tests.factories import ApplicationFactory, CostItemFactory

    today = clock.today().isoformat()
    office = Office.objects.get(slug="quartiersmanagement")
    fund = Fund.objects.get()
    if name == "announcement":
        base = {
            "title": "Sommerfest",
            "slug": f"fest-{uuid4().hex[:8]}",
            "office": str(office.pk),
            "teaser": "Alle sind eingeladen.",
            "body": "Mit **Kuchen**.",
            "status": "entwurf",
            "publish_from_0": today,
            "publish_from_1": "09:00:00",
            "programme-TOTAL_FORMS": "1",
            "programme-INITIAL_FORMS": "0",
            "programme-0-time": "15:00",
            "programme-0-title": "Begrüßung",
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
        }
        return "/admin/offices/announcement/add/", base, "offices.Announcement"
    if name == "hours":
        base = {"office": str(office.pk), "weekday": "2", "start": "07:00", "end": "07:30"}
        return (
            "/admin/consultations/consultationhours/add/",
            base,
            "consultations.ConsultationHours",
        )
    if name == "closure":
        base = {"office": "", "kind": "geschlossen", "reason": "Betriebsausflug"}
        base |= {"start_date": today, "end_date": today}
        return "/admin/consultations/closure/add/", base, "consultations.Closure"
    if name == "office":
        return f"/admin/offices/office/{office.pk}/change/", {}, None
    if name == "idea":
        from quartier.ideas.models import Idea

        idea = Idea.objects.filter(published_at__isnull=False, status="eingegangen").first()
        return f"/admin/ideas/idea/{idea.pk}/change/", {}, None
    if name == "idea topic":
        return "/admin/ideas/topic/add/", {"name": "Neu", "slug": f"t-{uuid4().hex[:8]}"}, None
    if name == "site page":
        page = SitePage.objects.get(slug="impressum")
        return f"/admin/offices/sitepage/{page.pk}/change/", {}, None
    if name == "easy read":
        section = EasyReadSection.objects.order_by("pk").first()
        return f"/admin/offices/easyreadsection/{section.pk}/change/", {}, None
    if name == "fund":
        return f"/admin/fund_applications/fund/{fund.pk}/change/", {}, None
    if name == "group":
        from offices.initiatives.models import Group

        group = Group.objects.order_by("pk").first()
        return f"/admin/initiatives/group/{group.pk}/change/", {}, None
    session = fund.jury_sessions.order_by("-starts_at").first()
    steps = {
        "question": (S.IN_REVIEW, "rueckfrage", {"question": "Wie viele Beete?"}),
        "review": (S.SUBMITTED, "in_pruefung", {}),
        "jury": (S.IN_REVIEW, "bereit_fuer_jury", {}),
        "approval": (
            S.READY_FOR_JURY,
            "bewilligt",
            {"jury_session": str(session.pk), "granted_amount": "100,00"}
            | {"votes_for": "3", "votes_against": "0", "votes_abstain": "1"}
            | {"early_confirmed": "on"},
        ),
        "rejection": (
            S.READY_FOR_JURY,
            "abgelehnt",
            {"jury_session": str(session.pk), "reason": "Passt nicht zu den Regeln."}
            | {"votes_for": "0", "votes_against": "3", "votes_abstain": "0"}
            | {"early_confirmed": "on"},
        ),
        "payout": (S.IN_PROGRESS, None, {"amount": "10,00", "paid_on": today, "note": "Bar"}),
    }
    status, to_status, base = steps[name]
    application = ApplicationFactory(
        fund=fund, status=status, jury_session=session, granted_amount=Decimal("200.00")
    )
    CostItemFactory(application=application)
    url = f"/admin/fund_applications/application/{application.pk}/"
    url += f"schritt/{to_status}/" if to_status else "auszahlung/"
    return url, base, "fund_applications.Payout" if name == "payout" else None


ADMIN_FORMS = {
    "announcement": ["title", "slug", "teaser", "body", "picture_alt", "picture_credit",
                     "event_place", "programme-0-title", "programme-0-time", "publish_from_0"],
    "hours": ["note", "start", "end", "valid_from", "valid_until", "weekday"],
    "closure": ["reason", "start_date", "end_date", "start_time", "end_time", "kind"],
    "office": ["name", "short_name", "summary", "services", "description", "room", "phone",
               "email", "website", "funded_by", "easy_summary", "sms_number"],
    "site page": ["title", "body"],
    "easy read": ["title", "body"],
    "fund": ["name", "summary", "rules", "max_per_application", "year_budget"],
    "question": ["question", "personal_message", "comment"],
    "review": ["personal_message", "comment"],
    "jury": ["personal_message", "comment", "jury_session"],
    "approval": ["granted_amount", "conditions", "conflicted_members", "personal_message",
                 "votes_for"],
    "rejection": ["reason", "conflicted_members", "personal_message", "votes_against"],
    "payout": ["amount", "paid_on", "note"],
    "group": ["name", "slug", "activity", "meeting_time", "meeting_place", "audience",
              "languages", "picture_alt", "contact_name", "contact_email"],
    "idea": ["title", "text", "place", "picture_alt", "answer", "answer_due_on",
             "new_private_answer", "new_status", "status_note", "announcement", "publish"],
    "idea topic": ["name", "slug", "position"],
}  # fmt: skip


@pytest.fixture
def staff_client(demo_data):
    from tests.factories import UserFactory, login_with_two_factors

    client = Client(raise_request_exception=False)
    login_with_two_factors(client, UserFactory(username="chefin", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("form", ADMIN_FORMS)
@settings(
    max_examples=8,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_admin_form_survives_hostile_input(staff_client, form, data):
    from django.apps import apps

    from tests.html_safety import active_content, read_forms

    caches["default"].clear()
    url, base, guarded = _admin_target(form)
    page = staff_client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    values = {**read_forms(page.content.decode()).forms[-1], **base}
    chosen = data.draw(st.lists(st.sampled_from(ADMIN_FORMS[form]), unique=True, min_size=1))
    payload = {**values, **{field: data.draw(VALUE) for field in chosen}}
    if "/schritt/" in url:
        payload["action"] = data.draw(st.sampled_from(["vorschau", "ausfuehren"]))
    model = apps.get_model(guarded) if guarded else None
    rows_before = model.objects.count() if model else 0

    response = staff_client.post(url, payload)

    assert response.status_code in {200, 302, 422}, (url, response.status_code)
    html = response.content.decode(errors="replace")
    assert not active_content(html), (url, active_content(html))
    saved = response.status_code == 302
    if not saved and payload.get("action") != "vorschau":
        # A clear answer: the admin's note, the workflow's error summary, or "not allowed".
        assert "errornote" in html or "errorlist" in html, url
    if model is not None and not saved:
        assert model.objects.count() == rows_before, "half a record was stored"
    if saved:
        shown = staff_client.get(response["Location"])
        assert shown.status_code == 200
        assert not active_content(shown.content.decode()), (url, "after saving")
