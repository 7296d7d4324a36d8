"""Staff roles as Django groups with exactly these permissions. Which office's data a member
of "Büro-Team" may touch is decided by offices.permissions (memberships), not by the group."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

OFFICE_STAFF = "Büro-Team"
COORDINATORS = "Koordination Quartiersmanagement"
FUND_TEAM = "Stadtteilfonds-Team"

CRUD = ("view", "add", "change", "delete")

ROLE_PERMISSIONS: dict[str, list[str]] = {
    OFFICE_STAFF: [
        "offices.view_office",
        "offices.change_office",
    ],
    COORDINATORS: [
        "offices.edit_all_offices",
        *(f"offices.{action}_office" for action in CRUD),
        *(f"offices.{action}_officemembership" for action in CRUD),
        "offices.view_sitepage",
        "offices.change_sitepage",
        "quartier.view_accessibilityfeedback",
        "quartier.change_accessibilityfeedback",
    ],
    FUND_TEAM: [],
}


def _permissions(names: list[str]) -> list[Permission]:
    query = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(query).select_related("content_type"))
    missing = set(names) - {f"{p.content_type.app_label}.{p.codename}" for p in found}
    if missing:
        raise LookupError(f"unknown permissions in quartier.roles: {sorted(missing)}")
    return found


def roles_sync() -> None:
    """Create the role groups and give each exactly its permissions."""
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(_permissions(names))


def sync_roles_after_migrate(sender, **kwargs) -> None:
    # Permissions exist only after post_migrate of every app; ours runs last.
    roles_sync()
