import pytest
from django.urls import reverse

from offices.initiatives.models import GroupChange
from quartier.accounts.roles import COORDINATORS, OFFICE_STAFF
from tests.initiatives.factories import GroupFactory, JoinRequestFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["group", "groupchange", "joinrequest"])
def test_admin_changelist_and_change_form_open_for_coordinators(staff_client, model):
    client = staff_client(role=COORDINATORS)
    group = GroupFactory(name="Gemeinschaftsgarten")
    objects = {
        "group": group,
        "groupchange": GroupChange.objects.create(
            group=group,
            **{
                name: getattr(group, name)
                for name in [
                    "activity",
                    "meeting_time",
                    "meeting_place",
                    "audience",
                    "languages",
                    "contact_name",
                    "contact_email",
                ]
            },
            name="Garten am Mosselde",
        ),
        "joinrequest": JoinRequestFactory(group=group),
    }

    listing = client.get(reverse(f"admin:initiatives_{model}_changelist"))
    form = client.get(reverse(f"admin:initiatives_{model}_change", args=[objects[model].pk]))

    assert "Gemeinschaftsgarten" in listing.content.decode()
    assert "Gemeinschaftsgarten" in form.content.decode()


def test_office_staff_do_not_see_the_groups(staff_client):
    client = staff_client(role=OFFICE_STAFF)

    assert client.get(reverse("admin:initiatives_group_changelist")).status_code == 403


def test_subject_access_shows_and_erases_what_is_stored(staff_client):
    client = staff_client(role=COORDINATORS)
    JoinRequestFactory(email="nora@example.org", message="Ich komme gern.")
    url = reverse("admin:initiatives_group_subject_access")

    page = client.get(url, {"email": "nora@example.org"}).content.decode()
    assert "Ich komme gern." in page
    client.post(url, {"email": "nora@example.org"})

    assert (
        "Zu dieser Angabe ist nichts gespeichert."
        in client.get(url, {"email": "nora@example.org"}).content.decode()
    )


def test_staff_today_shows_entries_waiting_for_review(staff_client):
    client = staff_client(role=COORDINATORS)
    GroupFactory(proposed=True)

    page = client.get(reverse("admin:index")).content.decode()

    assert "1 neuer Eintrag wartet auf Prüfung" in page
