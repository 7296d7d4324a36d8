"""Role × model × action → allowed or not, through the admin as a person would use it."""

import pytest

from offices.models import Office
from quartier.roles import COORDINATORS, OFFICE_STAFF
from tests.factories import OfficeFactory, SitePageFactory, login_with_two_factors, staff_user

ALLOWED, DENIED = "allowed", "denied"


@pytest.fixture
def world(db):
    qm = OfficeFactory(slug="quartiersmanagement", name="QM Westerfilde")
    jobcenter = OfficeFactory(slug="jobcenter", name="Aktionsbüro Jobcenter")
    page = SitePageFactory(slug="impressum")
    users = {
        "jobcenter_staff": staff_user(role=OFFICE_STAFF, offices=[jobcenter], username="jc"),
        "coordinator": staff_user(role=COORDINATORS, offices=[qm], username="koord"),
        "staff_without_office": staff_user(role=OFFICE_STAFF, username="neu"),
    }
    return {"qm": qm, "jobcenter": jobcenter, "page": page, "users": users}


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
]


@pytest.mark.parametrize(("role", "url", "method", "expected"), MATRIX)
def test_admin_permission_matrix(client, world, role, url, method, expected):
    login_with_two_factors(client, world["users"][role])
    url = url.format(qm=world["qm"].pk, jobcenter=world["jobcenter"].pk, page=world["page"].pk)

    response = getattr(client, method)(url, {"name": "Übernommen"} if method == "post" else None)

    if expected == ALLOWED:
        assert response.status_code == 200, response.status_code
    else:
        assert response.status_code in {403, 404}, response.status_code
    assert not Office.objects.filter(name="Übernommen").exists()


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
        {**data, "phone": "0231 4711", "slug": "gekapert", "by_appointment": "on"},
    )

    jobcenter.refresh_from_db()
    assert response.status_code == 302
    assert jobcenter.phone == "0231 4711"
    assert jobcenter.slug == "jobcenter"
