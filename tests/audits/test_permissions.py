"""Role × model × action → allowed or not, through the admin as a person would use it."""

import pytest

from consultations.models import ConsultationHours
from offices.models import Announcement, Office, OfficeTranslation
from quartier.accounts.roles import COORDINATORS, FUND_TEAM, OFFICE_STAFF
from tests.factories import (
    AnnouncementFactory,
    AppointmentRequestFactory,
    ClosureFactory,
    ConsultationHoursFactory,
    EasyReadSectionFactory,
    OfficeFactory,
    SitePageFactory,
    login_with_two_factors,
    staff_user,
)

ALLOWED, DENIED = "allowed", "denied"


@pytest.fixture
def world(db):
    qm = OfficeFactory(slug="quartiersmanagement", name="QM Westerfilde")
    jobcenter = OfficeFactory(slug="jobcenter", name="Aktionsbüro Jobcenter")
    page = SitePageFactory(slug="impressum")
    objects = {
        "page": page.pk,
        "qm": qm.pk,
        "jobcenter": jobcenter.pk,
        "qm_news": AnnouncementFactory(office=qm, title="QM-Meldung").pk,
        "jc_news": AnnouncementFactory(office=jobcenter, title="JC-Meldung").pk,
        "all_news": AnnouncementFactory(office=None, title="Meldung für alle").pk,
        "qm_hours": ConsultationHoursFactory(office=qm).pk,
        "jc_hours": ConsultationHoursFactory(office=jobcenter).pk,
        "qm_closure": ClosureFactory(office=qm).pk,
        "all_closure": ClosureFactory(office=None).pk,
        "qm_request": AppointmentRequestFactory(office=qm).pk,
        "jc_request": AppointmentRequestFactory(office=jobcenter).pk,
        "easy_read": EasyReadSectionFactory().pk,
    }
    users = {
        "jobcenter_staff": staff_user(role=OFFICE_STAFF, offices=[jobcenter], username="jc"),
        "coordinator": staff_user(role=COORDINATORS, offices=[qm], username="koord"),
        "staff_without_office": staff_user(role=OFFICE_STAFF, username="neu"),
        "fund_team": staff_user(role=FUND_TEAM, username="fonds"),
    }
    return {"qm": qm, "jobcenter": jobcenter, "objects": objects, "users": users}


# (role, url template, method, expected)
MATRIX = [
    ("jobcenter_staff", "/admin/offices/office/{jobcenter}/change/", "get", ALLOWED),
    ("jobcenter_staff", "/admin/offices/office/{qm}/change/", "get", DENIED),
    ("jobcenter_staff", "/admin/offices/office/{qm}/change/", "post", DENIED),
    ("jobcenter_staff", "/admin/offices/office/{qm}/delete/", "get", DENIED),
    ("jobcenter_staff", "/admin/offices/office/add/", "get", DENIED),
    ("jobcenter_staff", "/admin/offices/sitepage/{page}/change/", "get", DENIED),
    ("jobcenter_staff", "/admin/offices/officemembership/", "get", DENIED),
    ("staff_without_office", "/admin/offices/office/{jobcenter}/change/", "get", DENIED),
    ("coordinator", "/admin/offices/office/{jobcenter}/change/", "get", ALLOWED),
    ("coordinator", "/admin/offices/office/{qm}/change/", "get", ALLOWED),
    ("coordinator", "/admin/offices/office/add/", "get", ALLOWED),
    ("coordinator", "/admin/offices/sitepage/{page}/change/", "get", ALLOWED),
    ("coordinator", "/admin/offices/officemembership/", "get", ALLOWED),
    # Announcements: own office yes, other office and "whole Quartiersbüro" no.
    ("jobcenter_staff", "/admin/offices/announcement/{jc_news}/change/", "get", ALLOWED),
    ("jobcenter_staff", "/admin/offices/announcement/{qm_news}/change/", "get", DENIED),
    ("jobcenter_staff", "/admin/offices/announcement/{qm_news}/change/", "post", DENIED),
    ("jobcenter_staff", "/admin/offices/announcement/{qm_news}/delete/", "post", DENIED),
    ("jobcenter_staff", "/admin/offices/announcement/{qm_news}/history/", "get", DENIED),
    ("jobcenter_staff", "/admin/offices/announcement/{all_news}/change/", "get", DENIED),
    ("jobcenter_staff", "/admin/offices/announcement/add/", "get", ALLOWED),
    ("coordinator", "/admin/offices/announcement/{qm_news}/change/", "get", ALLOWED),
    ("coordinator", "/admin/offices/announcement/{all_news}/change/", "get", ALLOWED),
    # Consultation hours and closures
    (
        "jobcenter_staff",
        "/admin/consultations/consultationhours/{jc_hours}/change/",
        "get",
        ALLOWED,
    ),
    ("jobcenter_staff", "/admin/consultations/consultationhours/{qm_hours}/change/", "get", DENIED),
    (
        "jobcenter_staff",
        "/admin/consultations/consultationhours/{qm_hours}/change/",
        "post",
        DENIED,
    ),
    ("jobcenter_staff", "/admin/consultations/closure/{qm_closure}/change/", "get", DENIED),
    ("jobcenter_staff", "/admin/consultations/closure/{all_closure}/change/", "get", DENIED),
    ("coordinator", "/admin/consultations/consultationhours/{qm_hours}/change/", "get", ALLOWED),
    ("coordinator", "/admin/consultations/closure/{all_closure}/change/", "get", ALLOWED),
    # Appointment requests hold residents' contact data: own office only.
    (
        "jobcenter_staff",
        "/admin/consultations/appointmentrequest/{jc_request}/change/",
        "get",
        ALLOWED,
    ),
    (
        "jobcenter_staff",
        "/admin/consultations/appointmentrequest/{qm_request}/change/",
        "get",
        DENIED,
    ),
    (
        "staff_without_office",
        "/admin/consultations/appointmentrequest/{jc_request}/change/",
        "get",
        DENIED,
    ),
    # Other partners' staff never see fund applications; the fund team sees no office content.
    ("jobcenter_staff", "/admin/fund_applications/application/", "get", DENIED),
    ("coordinator", "/admin/fund_applications/application/", "get", DENIED),
    ("fund_team", "/admin/fund_applications/application/", "get", ALLOWED),
    ("fund_team", "/admin/consultations/appointmentrequest/{qm_request}/change/", "get", DENIED),
    # Leichte Sprache and Gebärdensprache pages: the coordinators look after them.
    ("coordinator", "/admin/offices/easyreadsection/{easy_read}/change/", "get", ALLOWED),
    ("coordinator", "/admin/offices/signlanguagevideo/add/", "get", ALLOWED),
    ("jobcenter_staff", "/admin/offices/easyreadsection/{easy_read}/change/", "get", DENIED),
    ("jobcenter_staff", "/admin/offices/easyreadsection/{easy_read}/change/", "post", DENIED),
    ("jobcenter_staff", "/admin/offices/signlanguagevideo/add/", "get", DENIED),
    ("fund_team", "/admin/offices/signlanguagevideo/", "get", DENIED),
    ("coordinator", "/admin/offices/easyreadsection/add/", "get", ALLOWED),
    ("jobcenter_staff", "/admin/offices/easyreadsection/add/", "get", DENIED),
]


@pytest.mark.parametrize(("role", "url", "method", "expected"), MATRIX)
def test_admin_permission_matrix(client, world, role, url, method, expected):
    login_with_two_factors(client, world["users"][role])
    url = url.format(**world["objects"])

    response = getattr(client, method)(url, {"name": "Übernommen"} if method == "post" else None)

    if expected == ALLOWED:
        assert response.status_code == 200, response.status_code
    else:
        assert response.status_code in {403, 404}, response.status_code
    assert not Office.objects.filter(name="Übernommen").exists()
    assert Announcement.objects.count() == 3
    assert ConsultationHours.objects.count() == 2


def test_office_changelist_lists_only_own_office_for_office_staff(client, world):
    client.force_login(world["users"]["jobcenter_staff"])

    html = client.get("/admin/offices/office/").content.decode()

    assert "Aktionsbüro Jobcenter" in html
    assert "QM Westerfilde" not in html


def test_office_staff_saves_own_office_but_cannot_change_its_slug(client, world):
    jobcenter = world["jobcenter"]
    client.force_login(world["users"]["jobcenter_staff"])
    data = {
        field: getattr(jobcenter, field)
        for field in ["name", "short_name", "summary", "services", "street", "postal_code", "city"]
    }

    response = client.post(
        f"/admin/offices/office/{jobcenter.pk}/change/",
        {
            **data,
            "phone": "0231 4711",
            "slug": "gekapert",
            "by_appointment": "on",
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
        },
    )

    jobcenter.refresh_from_db()
    assert response.status_code == 302
    assert jobcenter.phone == "0231 4711"
    assert jobcenter.slug == "jobcenter"


def test_office_staff_choices_offer_only_their_own_office(client, world):
    login_with_two_factors(client, world["users"]["jobcenter_staff"])

    for url in ["/admin/offices/announcement/add/", "/admin/consultations/closure/add/"]:
        html = client.get(url).content.decode()
        assert "Aktionsbüro Jobcenter" in html, url
        assert "QM Westerfilde" not in html, url


def test_office_staff_changelists_list_only_their_own_office(client, world):
    login_with_two_factors(client, world["users"]["jobcenter_staff"])

    news = client.get("/admin/offices/announcement/").content.decode()
    requests = client.get("/admin/consultations/appointmentrequest/").content.decode()

    assert "JC-Meldung" in news
    assert "QM-Meldung" not in news
    assert "Meldung für alle" not in news
    assert requests.count("field-office") == 1


def test_admin_action_cannot_reach_another_offices_objects(client, world):
    login_with_two_factors(client, world["users"]["jobcenter_staff"])
    qm_news = world["objects"]["qm_news"]
    Announcement.objects.filter(pk=qm_news).update(status="entwurf")

    client.post(
        "/admin/offices/announcement/",
        {"action": "publish", "_selected_action": [qm_news]},
    )

    assert Announcement.objects.get(pk=qm_news).status == "entwurf"


def test_every_change_to_public_content_is_kept_with_who_and_what(client, world):
    user = world["users"]["jobcenter_staff"]
    login_with_two_factors(client, user)
    hours = ConsultationHours.objects.get(pk=world["objects"]["jc_hours"])

    client.post(
        f"/admin/consultations/consultationhours/{hours.pk}/change/",
        {"office": hours.office_id, "weekday": 4, "start": "10:00", "end": "12:00", "note": ""},
    )
    history = client.get(f"/admin/consultations/consultationhours/{hours.pk}/history/")

    latest = hours.history.latest()
    assert latest.history_user == user
    assert latest.diff_against(latest.prev_record).changed_fields == ["end", "weekday"]
    assert history.status_code == 200
    assert "jc" in history.content.decode()


def _office_form(office, **extra) -> dict:
    data = {
        field: getattr(office, field)
        for field in ["name", "short_name", "summary", "services", "street", "postal_code", "city"]
    }
    return {**data, "translations-TOTAL_FORMS": "0", "translations-INITIAL_FORMS": "0", **extra}


def test_office_staff_translate_their_own_office_but_not_another(client, world):
    login_with_two_factors(client, world["users"]["jobcenter_staff"])
    translation = {
        "translations-TOTAL_FORMS": "1",
        "translations-0-language": "tr",
        "translations-0-summary": "Jobcenter’in semt bürosu.",
        "translations-0-services": "Vatandaş parası danışmanlığı",
    }

    own = client.post(
        f"/admin/offices/office/{world['jobcenter'].pk}/change/",
        _office_form(world["jobcenter"], **translation),
    )
    other = client.post(
        f"/admin/offices/office/{world['qm'].pk}/change/", _office_form(world["qm"], **translation)
    )

    assert own.status_code == 302
    assert other.status_code == 403
    assert [(t.office, t.language) for t in OfficeTranslation.objects.all()] == [
        (world["jobcenter"], "tr")
    ]


# "Auf der Website ansehen" (/admin/r/<type>/<id>/) redirects to an object's public address.
# For an object the staff member may not see it answers exactly as for one that does not exist.
VIEW_ON_SITE = [
    ("jobcenter_staff", "jc_news", ALLOWED),
    ("jobcenter_staff", "qm_news", DENIED),
    ("jobcenter_staff", "all_news", DENIED),
    ("jobcenter_staff", "jobcenter", ALLOWED),
    ("jobcenter_staff", "qm", DENIED),
    ("jobcenter_staff", "page", DENIED),
    ("jobcenter_staff", "easy_read", DENIED),
    ("staff_without_office", "jc_news", DENIED),
    ("coordinator", "qm_news", ALLOWED),
    ("coordinator", "all_news", ALLOWED),
    ("coordinator", "page", ALLOWED),
    ("fund_team", "jc_news", DENIED),
    ("fund_team", "fund", ALLOWED),
    ("jobcenter_staff", "fund", DENIED),
]


def _view_on_site_url(obj) -> str:
    from django.contrib.contenttypes.models import ContentType

    return f"/admin/r/{ContentType.objects.get_for_model(obj).pk}/{obj.pk}/"


@pytest.mark.parametrize(("role", "name", "expected"), VIEW_ON_SITE)
def test_view_on_site_reveals_only_what_the_staff_member_may_see(
    client, world, role, name, expected
):
    from fund_applications.models import Fund
    from offices.enums import AnnouncementStatus
    from offices.models import EasyReadSection, SitePage
    from tests.factories import FundFactory

    for key in ["qm_news", "jc_news", "all_news"]:
        Announcement.objects.filter(pk=world["objects"][key]).update(
            status=AnnouncementStatus.DRAFT, slug=f"geheimer-entwurf-{key.replace('_', '-')}"
        )
    world["objects"]["fund"] = FundFactory().pk
    models = {"page": SitePage, "easy_read": EasyReadSection, "fund": Fund}
    models |= dict.fromkeys(["qm", "jobcenter"], Office)
    model = models.get(name, Announcement)
    obj = model.objects.get(pk=world["objects"][name])
    login_with_two_factors(client, world["users"][role])
    url = _view_on_site_url(obj)
    missing = url.replace(f"/{obj.pk}/", "/999999/")

    response = client.get(url)

    if expected == ALLOWED:
        assert response.status_code == 302
        assert response["Location"].endswith(obj.get_absolute_url())
    else:
        answer_for_missing = client.get(missing)
        assert response.status_code == answer_for_missing.status_code == 404
        # The same page, but for the address itself (in the language links).
        assert response.content.decode().replace(url, "…") == (
            answer_for_missing.content.decode().replace(missing, "…")
        )
        assert "geheimer-entwurf" not in response.content.decode()
        assert "Location" not in response
