"""The probe's hostile names and texts, typed into every public form and into the staff's steps
of the fund workflow, then read back on every admin page, every email preview and every public
page that shows them: nothing in them may act (no meta refresh, script, event handler, foreign
picture or javascript: link), and they must still be there to read, as text."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fund_applications.models import Application, Fund
from quartier.core import clock
from tests.factories import UserFactory, login_with_two_factors
from tests.fund_applications.conftest import DECLARATIONS, PDF_BYTES, png_bytes
from tests.html_safety import (
    HOSTILE,
    HOSTILE_EMAIL,
    HOSTILE_FILE_NAME,
    active_content,
    hostile_text,
    read_forms,
    shows_as_text,
)

S = "/stadtteilfonds"
ADMIN_APPLICATIONS = "/admin/fund_applications/application"
# The probe's own case: the contact name that redirected the fund team's tab.
CONTACT_NAME = HOSTILE["meta"] + " " + HOSTILE["img"]


PLAIN_ADDRESS_ERROR = "ohne Anführungszeichen und spitze Klammern"


def post_refusing_hostile_address(client: Client, url: str, values: dict):
    """Posts the form with the probe's e-mail address first (valid for Django's EmailField,
    refused by the outbox): a German error at the field, nothing active; then as given."""
    refused = client.post(url, {**values, "email": HOSTILE_EMAIL})
    assert refused.status_code in {200, 422}, (url, refused.status_code)
    assert PLAIN_ADDRESS_ERROR in assert_inert(refused, url)
    return client.post(url, values)


def assert_inert(response, where: str) -> str:
    assert response.status_code < 500, (where, response.status_code)
    html = response.content.decode()
    assert not active_content(html), (where, active_content(html))
    return html


# ---------------------------------------------------------------- residents: the public forms


def apply_online(client: Client, fund: Fund, *, title: str) -> Application:
    """A whole application through the wizard, every text field hostile."""
    response = client.post(f"{S}/antrag/", {"homepage": ""})
    token = re.search(r"/antrag/([A-Za-z0-9_-]{44})/", response["Location"]).group(1)
    base = f"{S}/antrag/{token}"
    start = clock.today() + timedelta(days=365)  # 29 February has no date a year later
    steps = {
        "antragsteller": {
            "applicant_type": "gruppe",
            "organisation_name": hostile_text(150),
            "contact_name": CONTACT_NAME,
            "street": hostile_text(150),
            "postal_code": "44357",
            "city": hostile_text(80),
            "email": "anna@example.org",
            "phone": hostile_text(40),
        },
        "projekt": {
            "title": title,
            "summary": hostile_text(),
            "goals": [str(fund.goals.first().pk)],
            "target_group": hostile_text(300),
            "place": hostile_text(200),
            "start_date": start.isoformat(),
            "end_date": start.replace(day=min(start.day + 3, 28)).isoformat(),
            "expected_participants": "25",
            "neighbourhood_benefit": hostile_text(),
            "volunteer_hours": "10",
            "volunteer_work": hostile_text(),
        },
        "kosten": {
            "kosten-TOTAL_FORMS": "1",
            "kosten-INITIAL_FORMS": "0",
            "kosten-0-category": "material",
            "kosten-0-description": hostile_text(200),
            "kosten-0-amount": "400",
            "other_funding": "0",
            "other_funding_source": hostile_text(300),
        },
    }
    for step, values in steps.items():
        if step == "antragsteller":
            response = post_refusing_hostile_address(client, f"{base}/{step}/", values)
        else:
            response = client.post(f"{base}/{step}/", values)
        assert response.status_code == 302, (step, response.content.decode()[:3000])
    upload = SimpleUploadedFile(HOSTILE_FILE_NAME, PDF_BYTES, content_type="application/pdf")
    response = client.post(f"{base}/anlagen/", {"file": upload, "action": "hochladen"})
    assert response.status_code == 302
    assert_inert(client.get(f"{base}/anlagen/"), "wizard attachments")
    client.post(f"{base}/anlagen/", {"action": "weiter"})
    review = assert_inert(client.get(f"{base}/pruefen/"), "wizard review")
    assert shows_as_text(review, CONTACT_NAME)
    response = client.post(f"{base}/absenden/", DECLARATIONS)
    assert response.status_code == 302
    assert_inert(client.get(response["Location"]), "confirmation")
    return Application.objects.get(title=title)


def ask_for_an_appointment(client: Client) -> None:
    response = post_refusing_hostile_address(
        client,
        "/sprechzeiten/termin/quartiersmanagement/",
        {
            "name": hostile_text(120),
            "phone": hostile_text(40),
            "email": "anna@example.org",
            "topic": hostile_text(2000),
            "preferred_times": hostile_text(300),
            "privacy_consent": "on",
            "homepage": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]


def report_a_barrier(client: Client) -> None:
    response = post_refusing_hostile_address(
        client,
        "/barrierefreiheit/rueckmeldung/",
        {
            "message": hostile_text(),
            "page": hostile_text(200),
            "name": hostile_text(100),
            "email": "anna@example.org",
            "homepage": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]


def propose_a_group_and_join_one(client: Client) -> None:
    """Initiativen und Gruppen: a hostile entry proposed, a hostile "Mitmachen" message."""
    response = post_refusing_hostile_contact(client)
    assert response.status_code == 302, response.content.decode()[:3000]
    response = post_refusing_hostile_address(
        client,
        "/initiativen/gemeinschaftsgarten-westerfilde/",
        {
            "name": hostile_text(120),
            "email": "anna@example.org",
            "message": hostile_text(2000),
            "privacy_consent": "on",
            "homepage": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]


def post_refusing_hostile_contact(client: Client):
    url = "/initiativen/eintragen/"
    values = {
        "name": hostile_text(120),
        "activity": hostile_text(1500),
        "meeting_time": hostile_text(200),
        "meeting_place": hostile_text(200),
        "audience": hostile_text(300),
        "languages": hostile_text(200),
        "contact_name": CONTACT_NAME,
        "contact_email": "anna@example.org",
        "privacy_consent": "on",
        "homepage": "",
    }
    refused = client.post(url, {**values, "contact_email": HOSTILE_EMAIL})
    assert PLAIN_ADDRESS_ERROR in assert_inert(refused, url)
    return client.post(url, values)


# ---------------------------------------------------------------- staff: the workflow steps


def fill_hostile(html: str, *, action: str) -> dict:
    """The page's last post form as staff would send it, every free-text field hostile."""
    reader = read_forms(html)
    values, kinds = reader.forms[-1], reader.kinds[-1]
    data: dict = {}
    for name, current in values.items():
        kind = kinds.get(name, "text")
        if kind == "hidden" or name.endswith("amount") or kind in {"checkbox", "radio"}:
            data[name] = current
        elif kind == "select":
            options = [o for o in kinds.get(f"{name}:options", "").split("|") if o]
            data[name] = current if current and current[0] else options[:1]
        elif kind == "number":
            data[name] = "0"
        elif kind == "date":
            data[name] = clock.today().isoformat()
        else:
            data[name] = hostile_text(reader.limits.get(name, 3000))
    if "early_confirmed" in values:
        data["early_confirmed"] = "on"  # the demo's sessions lie ahead: staff confirm
    return {**data, "action": action}


def staff_step(client: Client, application: Application, to_status: str) -> None:
    """Opens the step, previews the email with hostile text, then takes the step."""
    url = f"{ADMIN_APPLICATIONS}/{application.pk}/schritt/{to_status}/"
    page = assert_inert(client.get(url), url)
    preview = assert_inert(client.post(url, fill_hostile(page, action="vorschau")), url)
    assert shows_as_text(preview, CONTACT_NAME), "the preview shows the name as text"
    response = client.post(url, fill_hostile(page, action="ausfuehren"))
    assert response.status_code == 302, (url, response.content.decode()[:5000])
    application.refresh_from_db()
    assert application.status == to_status


def hand_in_the_report(client: Client, application: Application) -> None:
    url = f"{S}/status/{application.status_token}/nachweis/"
    receipt = SimpleUploadedFile(HOSTILE_FILE_NAME, PDF_BYTES, content_type="application/pdf")
    photo = SimpleUploadedFile(HOSTILE_FILE_NAME.replace(".pdf", ".png"), png_bytes())
    for data in [
        {"action": "beleg", "file": receipt, "amount": "50", "cost_item": ""},
        {"action": "foto", "photo": photo},
        {"action": "einreichen", "report_text": hostile_text()},
    ]:
        response = client.post(url, data)
        assert response.status_code == 302, (data["action"], response.content.decode()[:3000])


# ---------------------------------------------------------------- reading it all back

SKIPPED_LINKS = (
    "/admin/logout/",
    "/admin/r/",
    "/admin/jsi18n/",
    "/admin/autocomplete/",
    # django-post-office's template editor loads CodeMirror from a CDN (the CSP blocks it);
    # the site keeps no email templates there: every mail is written in code.
    "/admin/post_office/emailtemplate/",
)


def admin_links(html: str) -> set[str]:
    links = set()
    for href in re.findall(r'href="([^"]+)"', html):
        parts = urlsplit(href.replace("&amp;", "&"))
        if parts.netloc or parts.query or not parts.path.startswith("/admin/"):
            continue
        if not parts.path.startswith(SKIPPED_LINKS) and "/export/" not in parts.path:
            links.add(parts.path)
    return links


def crawl_admin(client: Client, *, below: str = "/admin/", limit: int = 800) -> dict[str, str]:
    """Every admin page below `below` reachable by links from there, as {path: html}."""
    pages: dict[str, str] = {}
    queue, seen = [below], {below}
    while queue:
        path = queue.pop(0)
        response = client.get(path)
        assert response.status_code in {200, 302}, (path, response.status_code)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        pages[path] = assert_inert(response, path)
        for link in sorted(
            link for link in admin_links(pages[path]) - seen if link.startswith(below)
        ):
            seen.add(link)
            queue.append(link)
        assert len(pages) < limit, "the crawl does not end"
    return pages


def hostile_applications_in_every_stage() -> dict:
    """Four applications typed by a hostile resident, moved on by staff who type hostile text
    too: one waiting for the jury after an answered Rückfrage, one funded with its report handed
    in and a payout, one rejected, one withdrawn; plus an appointment request and a report of a
    barrier."""
    resident = Client()
    fund = Fund.objects.get()
    waiting, funded, rejected, withdrawn = (
        apply_online(resident, fund, title=f"{hostile_text(140)} {letter}") for letter in "ABCD"
    )
    ask_for_an_appointment(resident)
    report_a_barrier(resident)
    propose_a_group_and_join_one(resident)
    response = resident.post(
        f"{S}/status/{withdrawn.status_token}/zurueckziehen/", {"reason": hostile_text(1000)}
    )
    assert response.status_code == 302

    staff = Client()
    login_with_two_factors(staff, UserFactory(username="chefin", is_staff=True, is_superuser=True))
    # Rückfrage with a hostile question, answered by a hostile applicant.
    staff_step(staff, waiting, "in_pruefung")
    staff_step(staff, waiting, "rueckfrage")
    answer = f"{S}/status/{waiting.status_token}/antworten/"
    assert resident.post(answer, {"body": hostile_text()}).status_code == 302
    staff_step(staff, waiting, "bereit_fuer_jury")
    # Approved with hostile conditions, the report handed in with hostile names, a payout.
    for step in ["in_pruefung", "bereit_fuer_jury", "bewilligt", "in_umsetzung"]:
        staff_step(staff, funded, step)
    hand_in_the_report(resident, funded)
    payout_url = f"{ADMIN_APPLICATIONS}/{funded.pk}/auszahlung/"
    payout = fill_hostile(staff.get(payout_url).content.decode(), action="")
    assert staff.post(payout_url, {**payout, "amount": "50"}).status_code == 302
    # Rejected with a hostile reason.
    staff_step(staff, rejected, "in_pruefung")
    staff_step(staff, rejected, "abgelehnt")
    return {
        "clients": (resident, staff),
        "waiting": waiting,
        "funded": funded,
        "rejected": rejected,
        "withdrawn": withdrawn,
    }


@pytest.mark.django_db
def test_hostile_text_from_every_form_is_inert_on_every_page_and_email_preview(
    demo_data, settings, django_capture_on_commit_callbacks
):
    # Every mail into the outbox, as in production (pytest-django sends to mail.outbox): the
    # admin shows what went out. They leave after the commit.
    settings.EMAIL_BACKEND = "post_office.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        applications = hostile_applications_in_every_stage()
    resident, staff = applications.pop("clients")
    waiting, funded = applications["waiting"], applications["funded"]

    # The applicants' own pages.
    for name, application in applications.items():
        html = assert_inert(resident.get(application.get_status_url()), f"status page {name}")
        assert shows_as_text(html, CONTACT_NAME) or name == "withdrawn"
    # Every admin page, and every step's email preview with what staff type into it.
    pages = crawl_admin(staff)
    steps = {path for path in pages if "/schritt/" in path}
    for path in steps:
        preview = staff.post(path, fill_hostile(pages[path], action="vorschau"))
        assert_inert(preview, path)
    searched = staff.get(f"{ADMIN_APPLICATIONS}/", {"q": HOSTILE["img"]})
    assert_inert(searched, "search")
    subject_access = staff.get(f"{ADMIN_APPLICATIONS}/auskunft/", {"query": "anna@example.org"})
    # JSON shows quotes as \", so look for a payload without any.
    assert shows_as_text(assert_inert(subject_access, "Auskunft"), HOSTILE["script"])

    # The test saw what it claims to have seen.
    change = pages[f"{ADMIN_APPLICATIONS}/{waiting.pk}/change/"]
    assert shows_as_text(change, CONTACT_NAME)
    assert shows_as_text(change, HOSTILE["script"])
    assert f"{ADMIN_APPLICATIONS}/{waiting.pk}/schritt/bewilligt/" in steps
    assert f"{ADMIN_APPLICATIONS}/{funded.pk}/schritt/abgeschlossen/" in steps

    def pages_of(pattern: str) -> list[str]:
        return [path for path in pages if re.fullmatch(pattern, path)]

    # The outbox: post_office's own admin, or the site's German one in its place.
    outbox = pages_of(r"/admin/\w+/(outbox)?email/\d+/change/")
    assert len(outbox) >= 5
    assert any(shows_as_text(pages[path], CONTACT_NAME) for path in outbox)
    assert pages_of(r"/admin/consultations/appointmentrequest/\d+/change/")
    feedback = pages_of(r"/admin/quartier/accessibilityfeedback/\d+/change/")
    assert shows_as_text(pages[feedback[0]], HOSTILE["meta"])
    # Initiativen und Gruppen: the proposed entry, the message, the Auskunft.
    assert any(
        shows_as_text(pages[path], CONTACT_NAME)
        for path in pages_of(r"/admin/initiatives/group/\d+/change/")
    )
    assert pages_of(r"/admin/initiatives/joinrequest/\d+/change/")
    groups_access = staff.get("/admin/initiatives/group/auskunft/", {"email": "anna@example.org"})
    assert shows_as_text(assert_inert(groups_access, "Auskunft Gruppen"), HOSTILE["script"])


# ---------------------------------------------------------------- staff: public content


def admin_save(client: Client, url: str, changes: dict, *, files: dict | None = None) -> None:
    """Opens an admin form, changes some fields as staff would type them, saves."""
    values = read_forms(client.get(url).content.decode()).forms[-1]
    response = client.post(url, {**values, **changes, **(files or {})})
    errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode())
    assert response.status_code == 302, (url, errors)


def feed_html(xml: str) -> list[str]:
    """The HTML inside a feed's entries, as a feed reader would render it."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(xml)  # noqa: S314 - our own feed
    fragments = []
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        # Atom says type="html" where a reader renders HTML; RSS descriptions are HTML.
        if (name in {"content", "summary", "title"} and element.get("type") == "html") or (
            name == "description"
        ):
            fragments.append(element.text or "")
    return fragments


@pytest.mark.django_db
def test_hostile_text_staff_type_is_inert_on_every_public_and_admin_page(demo_data):
    from offices.models import Announcement, EasyReadSection, Office, SitePage
    from tests.factories import picture_upload
    from tests.public_pages import all_public_paths

    staff = Client()
    login_with_two_factors(staff, UserFactory(username="chefin", is_staff=True, is_superuser=True))
    office = Office.objects.get(slug="quartiersmanagement")
    admin_save(
        staff,
        f"/admin/offices/office/{office.pk}/change/",
        {
            "name": hostile_text(120),
            "short_name": HOSTILE["img"],
            "summary": hostile_text(300),
            "services": "\n".join(HOSTILE.values()),
            "description": hostile_text(),
            "room": hostile_text(120),
            "funded_by": hostile_text(300),
            "easy_summary": "\n".join(HOSTILE.values()),
        },
    )
    today = clock.today()
    admin_save(
        staff,
        "/admin/offices/announcement/add/",
        {
            "title": hostile_text(150),
            "slug": "boese-meldung",
            "office": str(office.pk),
            "teaser": hostile_text(300),
            "body": "\n\n".join(HOSTILE.values()),
            "status": "veroeffentlicht",
            "publish_from_0": today.replace(day=1).isoformat(),
            "publish_from_1": "00:00:00",
            "picture_alt": hostile_text(250),
            "picture_credit": hostile_text(150),
            "event_start_0": (today + timedelta(days=365)).isoformat(),
            "event_start_1": "15:00",
            "event_end_0": (today + timedelta(days=365)).isoformat(),
            "event_end_1": "18:00",
            "event_place": hostile_text(200),
            "programme-0-time": "15:00",
            "programme-0-title": hostile_text(200),
        },
        files={"picture": picture_upload()},
    )
    admin_save(
        staff,
        "/admin/consultations/consultationhours/add/",
        {"office": str(office.pk), "weekday": "0", "start": "09:00", "end": "12:00"}
        | {"note": hostile_text(120)},
    )
    admin_save(
        staff,
        "/admin/consultations/closure/add/",
        {"office": "", "reason": hostile_text(120), "start_date": today.isoformat()}
        | {"end_date": (today.replace(day=28)).isoformat()},
    )
    for page in SitePage.objects.all():
        admin_save(
            staff,
            f"/admin/offices/sitepage/{page.pk}/change/",
            {"title": hostile_text(200), "body": "\n\n".join(HOSTILE.values())},
        )
    for section in EasyReadSection.objects.all():
        admin_save(
            staff,
            f"/admin/offices/easyreadsection/{section.pk}/change/",
            {"title": hostile_text(120), "body": "\n".join(HOSTILE.values())},
        )
    from offices.initiatives.models import Group

    garden = Group.objects.get(slug="gemeinschaftsgarten-westerfilde")
    admin_save(
        staff,
        f"/admin/initiatives/group/{garden.pk}/change/",
        {
            "name": hostile_text(120),
            "activity": hostile_text(1500),
            "meeting_time": hostile_text(200),
            "meeting_place": hostile_text(200),
            "audience": hostile_text(300),
            "languages": hostile_text(200),
            "picture_alt": hostile_text(250),
        },
        files={"picture": picture_upload()},
    )
    assert Announcement.objects.get(slug="boese-meldung").is_public()

    reader = Client()
    for path in all_public_paths():
        assert_inert(reader.get(path), path)
    home = reader.get("/").content.decode()
    assert shows_as_text(home, hostile_text(120))
    news = reader.get("/aktuelles/boese-meldung/").content.decode()
    assert shows_as_text(news, HOSTILE["meta"])
    for path in ["/aktuelles/feed/", "/aktuelles/feed/rss/"]:
        for fragment in feed_html(reader.get(path).content.decode()):
            assert not active_content(fragment), (path, active_content(fragment))
    # The fund's pages were crawled by the test above; here the content staff look after.
    pages = crawl_admin(staff, below="/admin/offices/") | crawl_admin(
        staff, below="/admin/consultations/"
    )
    assert shows_as_text(pages[f"/admin/offices/office/{office.pk}/change/"], HOSTILE["meta"])
    assert any("/admin/consultations/closure/" in path for path in pages)


# ---------------------------------------------------------------- Anregungen und Ideen


@pytest.mark.django_db
def test_hostile_idea_and_staff_answers_are_inert_on_every_page_and_feed(
    demo_data, settings, django_capture_on_commit_callbacks
):
    from quartier.ideas.models import Idea, Topic
    from tests.factories import picture_upload

    settings.EMAIL_BACKEND = "post_office.EmailBackend"
    resident = Client()
    values = {
        "title": hostile_text(120),
        "text": "\n\n".join(HOSTILE.values()),
        "topic": str(Topic.objects.first().pk),
        "place": hostile_text(200),
        "picture_alt": hostile_text(250),
        "language": "de",
        "publish": "ja",
        "email": "anna@example.org",
        "consent": "on",
        "homepage": "",
    }
    refused = resident.post(
        "/ideen/neu/", {**values, "email": HOSTILE_EMAIL, "picture": picture_upload()}
    )
    assert PLAIN_ADDRESS_ERROR in assert_inert(refused, "/ideen/neu/")
    with django_capture_on_commit_callbacks(execute=True):
        sent = resident.post("/ideen/neu/", {**values, "picture": picture_upload()})
    errors = re.findall(r'<li><a href="#[^"]*">(.*?)</a>', sent.content.decode())
    assert sent.status_code == 302, errors
    idea = Idea.objects.get(email="anna@example.org")

    staff = Client()
    login_with_two_factors(staff, UserFactory(username="chefin", is_staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        admin_save(
            staff,
            f"/admin/ideas/idea/{idea.pk}/change/",
            {
                "publish": "on",
                "answer": "\n".join(HOSTILE.values()),
                "new_private_answer": hostile_text(1000),
                "new_status": "nicht_moeglich",
                "status_note": hostile_text(1000),
            },
        )
    idea.refresh_from_db()
    assert idea.is_published
    assert idea.is_closed

    reader = Client()
    public = [
        "/ideen/",
        idea.get_absolute_url(),
        idea.get_private_url(),
        f"{idea.get_absolute_url()}unterstuetzen/",
    ]
    for path in public:
        assert_inert(reader.get(path), path)
    page = reader.get(idea.get_absolute_url()).content.decode()
    assert shows_as_text(page, HOSTILE["meta"])
    for path in ["/ideen/feed/", "/ideen/feed/antworten/"]:
        for fragment in feed_html(reader.get(path).content.decode()):
            assert not active_content(fragment), (path, active_content(fragment))
    pages = crawl_admin(staff, below="/admin/ideas/")
    assert shows_as_text(pages[f"/admin/ideas/idea/{idea.pk}/change/"], HOSTILE["meta"])
    access = staff.get("/admin/ideas/idea/auskunft/", {"email": "anna@example.org"})
    assert shows_as_text(assert_inert(access, "Auskunft"), HOSTILE["script"])
    outbox = crawl_admin(staff, below="/admin/core/")
    assert outbox
