"""The Änderungsverlauf records changes, not saves: a save that changed nothing adds no row;
creating, changing and deleting still do."""

import pytest

from consultations.models import ConsultationHours
from tests.factories import OfficeFactory, login_with_two_factors, staff_user

pytestmark = pytest.mark.django_db


def test_a_save_without_a_change_adds_no_history_row():
    office = OfficeFactory(name="Jobcenter")
    office.save()
    office.save()
    assert office.history.count() == 1

    office.name = "Aktionsbüro des Jobcenters"
    office.save()
    assert [h.history_type for h in office.history.all()] == ["~", "+"]


def test_pressing_sichern_twice_in_the_admin_leaves_one_entry(client):
    from quartier.accounts.roles import COORDINATORS

    office = OfficeFactory()
    login_with_two_factors(client, staff_user(role=COORDINATORS))
    url = "/admin/consultations/consultationhours/add/"
    data = {"office": office.pk, "weekday": 1, "start": "10:00", "end": "12:00", "note": ""}
    client.post(url, {**data, "valid_from": "", "valid_until": "", "_save": "Sichern"})
    hours = ConsultationHours.objects.get()
    change = f"/admin/consultations/consultationhours/{hours.pk}/change/"
    for _press in range(2):
        client.post(change, {**data, "valid_from": "", "valid_until": "", "_save": "Sichern"})

    assert hours.history.count() == 1
