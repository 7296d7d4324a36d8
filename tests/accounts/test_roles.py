"""The roles are Django groups written at every migrate from quartier/accounts/roles.py."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from quartier.accounts.roles import (
    COORDINATORS,
    FUND_TEAM,
    ROLE_PERMISSIONS,
    role_of,
    roles_sync,
)
from tests.factories import UserFactory, staff_user

pytestmark = pytest.mark.django_db


def _held(group: Group) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_after_migrate_every_role_group_holds_exactly_its_permissions():
    for role, names in ROLE_PERMISSIONS.items():
        assert _held(Group.objects.get(name=role)) == set(names), role


def test_the_role_sync_runs_after_every_other_app_has_its_permissions():
    assert list(apps.get_app_configs())[-1].label == "accounts"


def test_a_permission_taken_away_by_hand_comes_back_with_the_next_sync():
    group = Group.objects.get(name=COORDINATORS)
    group.permissions.clear()

    roles_sync()

    assert "newsletter.send_newsletterissue" in _held(group)
    assert "accounts.change_staffmember" in _held(group)


def test_a_persons_role_is_the_name_of_their_role_group():
    assert role_of(staff_user(role=FUND_TEAM, username="fonds")) == FUND_TEAM
    assert role_of(UserFactory(username="ohne", is_staff=True)) is None
