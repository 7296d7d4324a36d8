"""Geförderte Projekte: consent gates the register, the figures equal the budget
selector's, revoking and anonymising remove a project at once, a fixed number of queries."""

import io
import stat
from decimal import Decimal
from pathlib import Path

import feedparser
import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from fund_applications import register, selectors, services
from fund_applications.enums import GRANTED_STATUSES, ApplicationStatus
from fund_applications.models import Application, FundBudget, ReportPhoto
from fund_applications.services import ConsentKind, application_anonymise, consent_set
from fund_applications.storage import private_storage
from quartier.core import clock, page_cache
from tests.factories import ApplicationFactory, CostItemFactory, picture_upload
from tests.fund_applications.conftest import DECLARATIONS, PDF_BYTES
from tests.public_pages import MAX_QUERIES_PER_PAGE, page_query_counts

S = ApplicationStatus
YEAR = 2026
REGISTER = "/stadtteilfonds/gefoerderte-projekte/"
YEAR_URL = f"{REGISTER}{YEAR}/"


@pytest.fixture(autouse=True)
def _in_2026(time_machine):
    time_machine.move_to("2026-10-01 12:00:00+02:00", tick=False)


def funded(fund, *, consent=True, status=S.IN_PROGRESS, amount="1000.00", year=YEAR, **fields):
    application = ApplicationFactory(
        fund=fund,
        status=status,
        granted_amount=Decimal(amount),
        budget_year=year,
        publication_consent_given_at=clock.now() if consent else None,
        **fields,
    )
    application.goals.set(fund.goals.filter(name="Umwelt"))
    return application


def project_url(application) -> str:
    return f"{REGISTER}projekt/{application.pk}/"


def anonymous() -> Client:
    """A reader without cookies: the one who gets cached pages."""
    return Client()


# ---------------------------------------------------------------- consent gates the register


def test_register_lists_a_consented_project_with_its_public_facts(fund):
    funded(fund, title="Hochbeete im Hof", summary="Wir bauen drei Hochbeete.", amount="1480")

    html = anonymous().get(YEAR_URL).content.decode()

    assert "Geförderte Projekte 2026" in html
    assert "Hochbeete im Hof" in html
    assert "Wir bauen drei Hochbeete." in html
    assert "Umwelt" in html
    assert "1.480,00\u00a0€" in html
    assert "läuft" in html
    # Nothing that names or reaches the applicant.
    assert "Anna Beispiel" not in html
    assert "anna@example.org" not in html


def test_project_without_consent_is_neither_listed_nor_reachable(fund):
    hidden = funded(fund, consent=False, title="Geheimes Projekt")

    html = anonymous().get(YEAR_URL).content.decode()

    assert "Geheimes Projekt" not in html
    assert anonymous().get(project_url(hidden)).status_code == 404


@pytest.mark.parametrize("status", [S.SUBMITTED, S.READY_FOR_JURY, S.REJECTED, S.WITHDRAWN])
def test_only_granted_projects_are_shown(fund, status):
    application = funded(fund, status=status, title="Noch nicht bewilligt")

    assert "Noch nicht bewilligt" not in anonymous().get(YEAR_URL).content.decode()
    assert anonymous().get(project_url(application)).status_code == 404


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (S.APPROVED, "läuft"),
        (S.IN_PROGRESS, "läuft"),
        (S.REPORT_SUBMITTED, "läuft"),
        (S.CLOSED, "abgeschlossen"),
    ],
)
def test_status_is_derived_from_the_lifecycle(fund, status, shown):
    application = funded(fund, status=status)

    html = anonymous().get(project_url(application)).content.decode()

    assert f'register-status--{"done" if shown == "abgeschlossen" else "running"}">{shown}' in html


def test_revoking_through_the_status_link_removes_the_project_at_once(
    fund, django_capture_on_commit_callbacks
):
    application = funded(fund, title="Sommerfest im Hof")
    reader = anonymous()
    assert "Sommerfest im Hof" in reader.get(YEAR_URL).content.decode()  # now in the cache
    assert reader.get(project_url(application)).status_code == 200

    applicant = Client()
    url = application.get_status_url() + "veroeffentlichung/"
    page = applicant.get(url)
    application.refresh_from_db()
    assert application.publication_consent_revoked_at is None  # GET changes nothing
    assert "Einwilligung zurücknehmen" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        applicant.post(url, {"kind": "projekt", "given": "nein"})

    application.refresh_from_db()
    assert application.publication_consent_given_at is not None  # kept for the record
    assert application.publication_consent_revoked_at is not None
    assert "Sommerfest im Hof" not in reader.get(YEAR_URL).content.decode()
    assert reader.get(project_url(application)).status_code == 404
    timeline = application.status_changes.get()
    assert timeline.actor == "antragsteller"
    assert timeline.from_status == timeline.to_status == S.IN_PROGRESS
    assert "widerrufen" in timeline.comment


def test_consent_can_be_given_again_and_each_change_is_in_the_timeline(fund):
    application = funded(fund)

    consent_set(application=application, kind=ConsentKind.PROJECT, given=False)
    consent_set(application=application, kind=ConsentKind.PROJECT, given=False)  # twice: once
    consent_set(application=application, kind=ConsentKind.PROJECT, given=True)

    application.refresh_from_db()
    assert application.publication_consented
    assert application.status_changes.count() == 2
    assert register.register_project_get(pk=application.pk) == application


def test_status_page_links_to_the_consent_page(fund):
    application = funded(fund)

    html = Client().get(application.get_status_url()).content.decode()

    assert application.get_status_url() + "veroeffentlichung/" in html


# ---------------------------------------------------------------- photos


def _photo(application, *, gps=False):
    return services.report_photo_add(
        application=application, upload=picture_upload(width=900, height=600, gps=gps)
    )


def test_photos_are_shown_only_with_the_photo_consent(fund, django_capture_on_commit_callbacks):
    application = funded(fund)
    photo = _photo(application)
    photo_url = f"{project_url(application)}foto-{photo.pk}.jpg"

    assert photo_url not in anonymous().get(project_url(application)).content.decode()
    assert anonymous().get(photo_url).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        consent_set(application=application, kind=ConsentKind.PHOTOS, given=True)

    assert photo_url in anonymous().get(project_url(application)).content.decode()
    assert photo_url in anonymous().get(YEAR_URL).content.decode()
    response = anonymous().get(photo_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


def test_shown_photo_is_written_anew_without_the_gps_position(fund):
    application = funded(fund, photo_consent_given_at=clock.now())
    photo = _photo(application, gps=True)

    response = anonymous().get(f"{project_url(application)}foto-{photo.pk}.jpg")

    shown = Image.open(io.BytesIO(response.getvalue()))
    assert shown.format == "JPEG"
    assert not shown.getexif()


def test_photos_need_the_project_consent_too(fund):
    application = funded(fund, consent=False, photo_consent_given_at=clock.now())
    photo = _photo(application)

    assert anonymous().get(f"{project_url(application)}foto-{photo.pk}.jpg").status_code == 404


def test_photo_consent_is_asked_when_handing_in_the_report(fund):
    application = funded(fund)
    CostItemFactory(application=application)
    client = Client()
    url = application.get_status_url() + "nachweis/"
    client.post(
        url,
        {
            "action": "beleg",
            "file": SimpleUploadedFile("Beleg.pdf", PDF_BYTES),
            "amount": "50",
        },
    )
    _photo(application)
    form = client.get(url).content.decode()
    assert 'name="consents_to_photo_publication"' in form
    assert 'name="consents_to_photo_publication" checked' not in form

    client.post(
        url,
        {
            "action": "einreichen",
            "report_text": "Es war schön.",
            "consents_to_photo_publication": "on",
        },
    )

    application.refresh_from_db()
    assert application.status == S.REPORT_SUBMITTED
    assert application.photo_consent_given_at is not None
    assert any("Fotos" in change.comment for change in application.status_changes.all())


def test_report_without_photo_consent_keeps_the_photos_private(fund):
    application = funded(fund)
    CostItemFactory(application=application)
    client = Client()
    url = application.get_status_url() + "nachweis/"
    client.post(
        url, {"action": "beleg", "file": SimpleUploadedFile("B.pdf", PDF_BYTES), "amount": "5"}
    )

    client.post(url, {"action": "einreichen", "report_text": "Gut."})

    application.refresh_from_db()
    assert application.status == S.REPORT_SUBMITTED
    assert application.photo_consent_given_at is None


def test_revoking_the_photo_consent_keeps_the_project_but_hides_the_photos(
    fund, django_capture_on_commit_callbacks
):
    application = funded(fund, photo_consent_given_at=clock.now())
    photo = _photo(application)
    photo_url = f"{project_url(application)}foto-{photo.pk}.jpg"
    reader = anonymous()
    assert reader.get(photo_url).status_code == 200

    assert photo_url in reader.get(project_url(application)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            application.get_status_url() + "veroeffentlichung/", {"kind": "fotos", "given": "nein"}
        )

    assert reader.get(photo_url).status_code == 404
    page = reader.get(project_url(application)).content.decode()
    assert photo_url not in page
    assert application.title in page


# ---------------------------------------------------------------- the declarations


def test_publication_consent_is_offered_in_the_declarations_and_not_ticked(client, filled_draft):
    html = client.get(f"/stadtteilfonds/antrag/{filled_draft.token}/pruefen/").content.decode()

    assert "Unser Projekt darf mit Titel, Kurzbeschreibung, Ziel und Fördersumme" in html
    assert 'name="consents_to_publication"' in html
    checkbox = html[html.index('name="consents_to_publication"') :]
    assert " checked" not in checkbox[: checkbox.index(">")]


@pytest.mark.parametrize(("ticked", "consented"), [(True, True), (False, False)])
def test_submitting_stores_the_consent_as_a_timestamp(client, filled_draft, ticked, consented):
    data = {**DECLARATIONS, **({"consents_to_publication": "on"} if ticked else {})}

    client.post(f"/stadtteilfonds/antrag/{filled_draft.token}/absenden/", data)

    application = Application.objects.get()
    assert (application.publication_consent_given_at is not None) is consented
    assert application.publication_consent_revoked_at is None


# ---------------------------------------------------------------- the year's figures


def test_year_figures_equal_the_budget_selector(fund):
    FundBudget.objects.create(fund=fund, year=YEAR, amount=Decimal("36000.00"))
    funded(fund, amount="1200.00")
    funded(fund, amount="800.50", consent=False, status=S.CLOSED)
    funded(fund, amount="300.00", status=S.APPROVED)
    funded(fund, amount="999.00", year=YEAR - 1)
    ApplicationFactory(fund=fund, status=S.REJECTED, budget_year=None)

    data = register.register_year(year=YEAR)
    summary = selectors.budget_summary(fund=fund, year=YEAR)

    assert data.budget == summary.budget == Decimal("36000.00")
    assert data.granted == summary.granted == Decimal("2300.50")
    assert (
        data.granted_count
        == Application.objects.filter(
            fund=fund, budget_year=YEAR, status__in=GRANTED_STATUSES
        ).count()
        == 3
    )
    assert data.shown_count == 2
    html = anonymous().get(YEAR_URL).content.decode()
    assert "Budget 2026: 36.000,00\u00a0€ – bewilligt 2.300,50\u00a0€ für 3 Projekte" in html
    assert "Davon werden 2 Projekte hier gezeigt" in html


def test_index_shows_the_current_year_and_links_other_years(fund):
    funded(fund, title="Bank am Spielplatz", year=YEAR - 1, status=S.CLOSED)
    funded(fund, title="Kinderkino")

    html = anonymous().get(REGISTER).content.decode()

    assert "Geförderte Projekte 2026" in html
    assert "Kinderkino" in html
    assert f'href="{REGISTER}2025/"' in html
    assert "Bank am Spielplatz" in anonymous().get(f"{REGISTER}2025/").content.decode()


def test_year_without_grants_is_not_found(fund):
    assert anonymous().get(f"{REGISTER}1999/").status_code == 404
    assert anonymous().get(f"{REGISTER}2031/").status_code == 404


def test_register_pages_make_a_fixed_number_of_queries(fund, django_assert_num_queries):
    first = funded(fund, photo_consent_given_at=clock.now())
    _photo(first)
    paths = [YEAR_URL, REGISTER, project_url(first), f"{REGISTER}feed/", "/sitemap.xml"]
    few = page_query_counts(Client(), paths)
    for _ in range(25):
        application = funded(fund, photo_consent_given_at=clock.now())
        _photo(application)
        funded(fund, consent=False)

    for path in paths:
        caches["pages"].clear()
        page_cache.forget_version()
        page_cache.content_version()
        with django_assert_num_queries(few[path]):
            assert anonymous().get(path).status_code == 200
    assert max(few[path] for path in paths[:4]) <= MAX_QUERIES_PER_PAGE, few


# ---------------------------------------------------------------- anonymisation, links, feeds


def test_anonymising_removes_the_project_from_the_register(
    fund, django_capture_on_commit_callbacks
):
    application = funded(fund, title="Repair-Café")
    reader = anonymous()
    assert "Repair-Café" in reader.get(YEAR_URL).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        application_anonymise(application=application)

    assert "Repair-Café" not in reader.get(YEAR_URL).content.decode()
    assert reader.get(project_url(application)).status_code == 404
    assert "Repair-Café" not in reader.get(f"{REGISTER}feed/").content.decode()
    # The figures still count the grant: the money was spent.
    assert register.register_year(year=YEAR).granted_count == 1


def test_feed_lists_shown_projects_only(fund):
    funded(fund, title="Kinderkino im Gemeindehaus", amount="960")
    funded(fund, title="Ohne Einwilligung", consent=False)

    for path in (f"{REGISTER}feed/", f"{REGISTER}feed/rss/"):
        body = anonymous().get(path).content.decode()
        assert "Kinderkino im Gemeindehaus" in body
        assert "960,00" in body
        assert "Ohne Einwilligung" not in body


def test_sitemap_lists_years_and_shown_projects(fund):
    shown = funded(fund)
    hidden = funded(fund, consent=False)

    body = anonymous().get("/sitemap.xml").content.decode()

    assert f"{REGISTER}2026/</loc>" in body
    assert f"{project_url(shown)}</loc>" in body
    assert f"{project_url(hidden)}</loc>" not in body


@pytest.mark.parametrize("path", ["/", "/stadtteilfonds/", "/leichte-sprache/"])
def test_register_is_linked_from_home_fund_and_easy_read_pages(fund, path):
    assert f'href="{REGISTER}"' in anonymous().get(path).content.decode()


def test_register_has_a_leichte_sprache_summary_in_german_in_every_language(fund):
    funded(fund)

    html = anonymous().get(f"/ar{YEAR_URL}").content.decode()

    assert "In Leichter Sprache" in html
    assert 'lang="de"' in html
    assert "Wir zeigen ein Projekt nur, wenn die Menschen vom Projekt Ja gesagt haben." in html


def test_demo_data_has_funded_projects_with_consent_and_photos(demo_data):
    data = register.register_year()

    assert data.shown_count >= 3
    assert data.granted_count > data.shown_count  # one without consent, counted
    assert any(project.photos for project in data.projects)
    photo_project = next(project for project in data.projects if project.photos)
    photo = photo_project.photos[0]
    url = f"{project_url(photo_project)}foto-{photo.pk}.jpg"
    assert anonymous().get(url).status_code == 200


def test_index_shows_last_year_until_this_year_has_grants(fund, time_machine):
    time_machine.move_to("2026-01-10 12:00:00+01:00", tick=False)
    funded(fund, title="Bank am Spielplatz", year=YEAR - 1, status=S.CLOSED)

    html = anonymous().get(REGISTER).content.decode()

    assert "Geförderte Projekte 2025" in html
    assert "Bank am Spielplatz" in html
    assert f'href="{REGISTER}2026/"' in html  # this year's (empty) page is one click away


def test_subject_access_report_names_the_consents(fund):
    from fund_applications.services import subject_access_report

    application = funded(fund)
    consent_set(application=application, kind=ConsentKind.PROJECT, given=False)

    report = subject_access_report(application.reference)

    declarations = report["applications"][0]["declarations"]
    assert declarations["publication_consent_given_at"]
    assert declarations["publication_consent_revoked_at"]
    assert declarations["photo_consent_given_at"] is None


@pytest.mark.django_db
def test_staff_see_the_register_consents_on_the_application_but_cannot_change_them(client):
    from quartier.accounts.roles import FUND_TEAM
    from tests.factories import login_with_two_factors, staff_user

    application = ApplicationFactory(publication_consent_given_at=clock.now())
    login_with_two_factors(client, staff_user(role=FUND_TEAM))

    page = client.get(f"/admin/fund_applications/application/{application.pk}/change/")

    assert "Projekt: ja, Fotos: nein" in page.content.decode()
    assert "publication_consent_given_at" not in page.content.decode()


@pytest.mark.parametrize(
    ("prefix", "language"), [("", "de"), ("/en", "en"), ("/tr", "tr"), ("/ar", "ar")]
)
@pytest.mark.parametrize("kind", ["feed/", "feed/rss/"])
def test_feed_declares_the_language_of_its_address(fund, prefix, language, kind):
    funded(fund, title="Kinderkino im Gemeindehaus")

    response = anonymous().get(f"{prefix}{REGISTER}{kind}")

    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.language == language
    assert "bound method" not in response.content.decode()


# ---------------------------------------------------------------- photos served as stored files


def test_a_shown_photo_is_streamed_from_its_stored_picture_and_never_decoded_on_a_request(
    fund, monkeypatch
):
    application = funded(fund, photo_consent_given_at=clock.now())
    photo = _photo(application, gps=True)
    photo.refresh_from_db()
    stored = private_storage.open(photo.rendition.name).read()
    monkeypatch.setattr(Image, "open", lambda *a, **kw: pytest.fail("decoded on a request"))
    url = f"{project_url(application)}foto-{photo.pk}.jpg"

    bodies = [anonymous().get(f"{url}?v={n}").getvalue() for n in range(3)]

    assert bodies == [stored] * 3
    monkeypatch.undo()
    shown = Image.open(io.BytesIO(stored))
    assert shown.format == "JPEG"
    assert shown.width == 900
    assert not shown.getexif()


def test_the_picture_of_a_photo_is_made_once_when_it_is_handed_in_and_kept_private(fund):
    application = funded(fund)
    photo = _photo(application)
    photo.refresh_from_db()

    assert photo.rendition.name.endswith(".jpg")
    assert photo.rendition.name != photo.file.name
    path = Path(private_storage.path(photo.rendition.name))
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # No consent yet: the stored picture is not handed out.
    assert anonymous().get(f"{project_url(application)}foto-{photo.pk}.jpg").status_code == 404


def test_photos_from_before_get_their_picture_when_the_consent_is_given(
    fund, django_capture_on_commit_callbacks
):
    application = funded(fund)
    photo = _photo(application)
    ReportPhoto.objects.filter(pk=photo.pk).update(rendition="")

    with django_capture_on_commit_callbacks(execute=True):
        consent_set(application=application, kind=ConsentKind.PHOTOS, given=True)

    photo.refresh_from_db()
    assert photo.rendition
    response = anonymous().get(f"{project_url(application)}foto-{photo.pk}.jpg")
    assert response.status_code == 200


def test_removing_a_photo_removes_its_picture_too(fund, django_capture_on_commit_callbacks):
    application = funded(fund)
    photo = _photo(application)
    photo.refresh_from_db()
    names = [photo.file.name, photo.rendition.name]

    with django_capture_on_commit_callbacks(execute=True):
        services.report_file_remove(application=application, kind="foto", file_id=photo.pk)

    assert [private_storage.exists(name) for name in names] == [False, False]
