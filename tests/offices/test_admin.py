import pytest

from tests.factories import OfficeFactory, SitePageFactory, UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["office", "sitepage"])
def test_admin_changelist_and_change_form_open(admin_client, model):
    obj = OfficeFactory(name="Aktionsbüro") if model == "office" else SitePageFactory()

    changelist = admin_client.get(f"/admin/offices/{model}/")
    change = admin_client.get(f"/admin/offices/{model}/{obj.pk}/change/")

    assert changelist.status_code == 200
    assert str(obj) in changelist.content.decode()
    assert change.status_code == 200
    assert f'value="{obj.pk}"' in change.content.decode() or str(obj) in change.content.decode()


def test_admin_site_page_edit_records_who_changed_it(admin_client):
    page = SitePageFactory(slug="impressum", title="Impressum")

    response = admin_client.post(
        f"/admin/offices/sitepage/{page.pk}/change/",
        {"slug": "impressum", "title": "Impressum", "body": "## Neu"},
    )

    page.refresh_from_db()
    assert response.status_code == 302
    assert page.body == "## Neu"
    assert page.updated_by.username == "admin"
