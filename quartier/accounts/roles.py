"""Staff roles as Django groups with exactly these permissions. Which office's data a member
of "Büro-Team" may touch is decided by offices.permissions (memberships), not by the group."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

OFFICE_STAFF = "Büro-Team"
COORDINATORS = "Koordination Quartiersmanagement"
FUND_TEAM = "Stadtteilfonds-Team"
JURY = "Jury"

CRUD = ("view", "add", "change", "delete")

# The roles as staff choose them (invitation form, `invite_staff --role`), with what each does.
ROLE_CHOICES = [
    (OFFICE_STAFF, _("Büro-Team – Sprechzeiten, Meldungen und Anfragen der eigenen Büros")),
    (COORDINATORS, _("Koordination – alle Büros, Seiten der Website, Mitarbeitende")),
    (FUND_TEAM, _("Stadtteilfonds-Team – Anträge, Jurysitzungen, Auszahlungen")),
    (JURY, _("Jury – liest die Anträge ihrer Jurysitzungen")),
]
# `invite_staff --role <key>`.
ROLE_KEYS = {
    "buero": OFFICE_STAFF,
    "koordination": COORDINATORS,
    "stadtteilfonds": FUND_TEAM,
    "jury": JURY,
}
# Only these roles work through office memberships; for them at least one office is needed.
ROLES_WITH_OFFICES = frozenset({OFFICE_STAFF})

# What each office's staff look after (their own office only, see offices.permissions).
OFFICE_CONTENT = [
    "offices.view_office",
    "offices.change_office",
    *(f"offices.{action}_announcement" for action in CRUD),
    *(f"offices.{action}_programmeitem" for action in CRUD),
    # Translations of their office's texts and announcements.
    *(f"offices.{action}_officetranslation" for action in CRUD),
    *(f"offices.{action}_announcementtranslation" for action in CRUD),
    *(f"consultations.{action}_consultationhours" for action in CRUD),
    *(f"consultations.{action}_closure" for action in CRUD),
    "consultations.view_appointmentrequest",
    "consultations.change_appointmentrequest",
    # Online booking: their office's appointment types, rules and times, and the
    # bookings (entered for callers, cancelled with a reason, marked; never deleted by hand:
    # the retention rule deletes them).
    *(f"booking.{action}_appointmenttype" for action in CRUD),
    *(f"booking.{action}_appointmenttypetranslation" for action in CRUD),
    *(f"booking.{action}_appointmenthours" for action in CRUD),
    "booking.view_bookingrules",
    "booking.add_bookingrules",
    "booking.change_bookingrules",
    "booking.view_booking",
    "booking.add_booking",
    "booking.change_booking",
    # Event sign-up: switch it on for their offices' events, see and tick the sign-ups,
    # move someone up from the waiting list (sign-ups are deleted by the retention rule or
    # on request by Koordination).
    *(f"events.{action}_eventsignupsetup" for action in CRUD),
    "events.view_eventsignup",
    "events.change_eventsignup",
    # Verleih: their office's room and cargo bike, the requests and loans (approve, decline,
    # hand out, take back; never deleted by hand: the retention rule deletes them).
    *(f"lending.{action}_lendingitem" for action in CRUD),
    "lending.view_loan",
    "lending.change_loan",
    "lending.view_loanseries",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    OFFICE_STAFF: OFFICE_CONTENT,
    COORDINATORS: [
        *OFFICE_CONTENT,
        "offices.edit_all_offices",
        "offices.add_office",
        "events.delete_eventsignup",  # erasure on request (Auskunft)
        *(f"offices.{action}_officemembership" for action in CRUD),
        "offices.view_sitepage",
        "offices.change_sitepage",
        # Verleih: erase a borrower's loans on request (Auskunft und Löschen).
        "lending.delete_loan",
        "quartier.view_accessibilityfeedback",
        "quartier.change_accessibilityfeedback",
        # The pages in Leichte Sprache and Gebärdensprache.
        "offices.view_easyreadsection",
        "offices.add_easyreadsection",
        "offices.change_easyreadsection",
        *(f"offices.{action}_signlanguagevideo" for action in CRUD),
        # The outbox: failed mails, "Erneut senden" (only the mails of their part).
        "core.view_outboxemail",
        "core.change_outboxemail",
        # Neuigkeiten per E-Mail: compose, preview, test and send issues; see the
        # subscribers (never add or edit them: only the person subscribes), suppress
        # addresses after bounces or complaints.
        *(f"newsletter.{action}_newsletterissue" for action in CRUD),
        *(f"newsletter.{action}_newsletterissuetranslation" for action in CRUD),
        "newsletter.send_newsletterissue",
        "newsletter.view_newslettersubscriber",
        "newsletter.delete_newslettersubscriber",
        *(f"newsletter.{action}_suppressedaddress" for action in CRUD),
        # Initiativen und Gruppen: review, publish and hide entries, take over changes the
        # contacts proposed, see and pass on "Mitmachen" messages, Auskunft and erasure.
        *(f"initiatives.{action}_group" for action in CRUD),
        "initiatives.view_groupchange",
        "initiatives.change_groupchange",
        "initiatives.delete_groupchange",
        "initiatives.view_joinrequest",
        "initiatives.delete_joinrequest",
        # Anregungen und Ideen: read, correct, publish and answer ideas, keep the topics,
        # Auskunft and erasure. Never who supported an idea: supports have no admin.
        "ideas.view_idea",
        "ideas.change_idea",
        "ideas.delete_idea",
        "ideas.view_ideastatuschange",
        *(f"ideas.{action}_topic" for action in CRUD),
        # The plain staff page: invite, change role and offices, deactivate (no raw
        # permissions, no deleting: history stays with the person).
        "accounts.view_staffmember",
        "accounts.add_staffmember",
        "accounts.change_staffmember",
    ],
    FUND_TEAM: [
        *(
            f"fund_applications.{action}_{model}"
            for action in CRUD
            for model in [
                "fund",
                "fundgoal",
                "jurysession",
                "application",
                "costitem",
                "fundbudget",
                "jurydecision",
                "payout",
            ]
        ),
        "fund_applications.view_attachment",
        "fund_applications.change_attachment",
        "fund_applications.view_receipt",
        "fund_applications.view_reportphoto",
        "fund_applications.view_applicationstatuschange",
        "fund_applications.view_applicationmessage",
        "fund_applications.add_applicationmessage",
        "fund_applications.view_applicant_contact",
        "fund_applications.view_all_applications",
        "fund_applications.export_applications",
        "core.view_outboxemail",
        "core.change_outboxemail",
    ],
    # Volunteers from the neighbourhood: they read the applications put on a jury session,
    # never the applicants' contact data (fund_applications.admin hides it without
    # view_applicant_contact).
    JURY: [
        "fund_applications.view_application",
        "fund_applications.view_jurysession",
        "fund_applications.view_costitem",
    ],
}


def role_of(user) -> str | None:
    """The person's role (the name of its group), None for accounts without one."""
    names = {group.name for group in user.groups.all()}
    return next((role for role in ROLE_PERMISSIONS if role in names), None)


def role_groups() -> list[Group]:
    return list(Group.objects.filter(name__in=ROLE_PERMISSIONS))


def _permissions(names: list[str]) -> list[Permission]:
    query = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(query).select_related("content_type"))
    missing = set(names) - {f"{p.content_type.app_label}.{p.codename}" for p in found}
    if missing:
        raise LookupError(f"unknown permissions in quartier.accounts.roles: {sorted(missing)}")
    return found


def roles_sync() -> None:
    """Create the role groups and give each exactly its permissions."""
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(_permissions(names))


def sync_roles_after_migrate(sender, **kwargs) -> None:
    # Permissions exist only after post_migrate of every app; ours runs last.
    roles_sync()
