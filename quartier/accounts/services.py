"""Writes of staff accounts: invitations (and the way back for a forgotten password), and
Koordination's changes to a colleague's name, role, offices and access."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext

from offices.models import Office, OfficeMembership
from quartier.accounts.roles import ROLE_PERMISSIONS, role_groups
from quartier.core.links import absolute_url
from quartier.core.mail import queue_email


def staff_invite(*, email: str, offices: list[Office], role: str, name: str = "") -> str:
    """Create (or reuse) a staff account in this role (a group) for these offices and mail a
    link to set a password.

    Returns the link, so the inviting person can also hand it over in person. Like every
    link in a mail it starts with settings.SITE_URL."""
    User = get_user_model()
    group = Group.objects.get(name=role)
    first_name, _space, last_name = name.strip().rpartition(" ")
    if not first_name:
        first_name, last_name = last_name, ""
    with transaction.atomic():
        user, created = User.objects.get_or_create(
            username=email.lower(),
            defaults={
                "email": email.lower(),
                "is_staff": True,
                "first_name": first_name[:150],
                "last_name": last_name[:150],
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(group)
        for office in offices:
            OfficeMembership.objects.get_or_create(user=user, office=office)
        return staff_invitation_queue(user=user, role=role)


def staff_set_password_link(user) -> str:
    """The link to set (or set again) the password: valid PASSWORD_RESET_TIMEOUT, used once."""
    return absolute_url(
        reverse(
            "staff_set_password",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    )


def staff_invitation_queue(*, user, role: str) -> str:
    """Put the invitation (again) into the outbox; returns its link. Also the way back for
    someone who forgot the password: a new link, the old password stays until it is used."""
    link = staff_set_password_link(user)
    offices = [membership.office.name for membership in user.office_memberships.all()]
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    parts = [
        gettext("Guten Tag %(name)s,") % {"name": user.get_full_name()}
        if user.get_full_name()
        else gettext("Guten Tag,"),
        gettext(
            "Sie haben einen Zugang zum Verwaltungsbereich der Website des Quartiersbüros, "
            "in der Rolle „%(role)s“."
        )
        % {"role": role},
    ]
    if offices:
        parts.append(gettext("Sie arbeiten für: %(offices)s.") % {"offices": ", ".join(offices)})
    parts.append(
        gettext(
            "Bitte legen Sie über diesen Link Ihr Passwort fest (der Link gilt %(days)s Tage "
            "und nur einmal):\n\n%(link)s"
        )
        % {"days": days, "link": link}
    )
    parts.append(gettext("Ihr Benutzername ist: %(username)s") % {"username": user.username})
    if role in settings.TWO_FACTOR_REQUIRED_ROLES or user.is_superuser:
        parts.append(
            gettext(
                "Danach richten Sie die Anmeldung in zwei Schritten ein. Dafür brauchen Sie "
                "eine Authenticator-App auf Ihrem Telefon (zum Beispiel FreeOTP oder Aegis)."
            )
        )
    queue_email(
        to=[user.email],
        subject=gettext("Ihr Zugang zur Website des Quartiersbüros"),
        body="\n\n".join(parts) + "\n",
    )
    return link


def staff_member_update(*, user, name: str, role: str, offices: list, is_active: bool) -> None:
    """Koordination changes a colleague: name, exactly one role, the offices, active or not.
    A deactivated account can no longer log in, and a running session ends at the next click
    (Django's backends refuse inactive users); its history stays."""

    if role not in ROLE_PERMISSIONS:
        raise ValueError(f"Unknown role: {role}")
    first_name, _space, last_name = name.strip().rpartition(" ")
    if not first_name:
        first_name, last_name = last_name, ""
    with transaction.atomic():
        user.first_name, user.last_name = first_name[:150], last_name[:150]
        user.is_active = is_active
        user.save(update_fields=["first_name", "last_name", "is_active"])
        others = [group for group in role_groups() if group.name != role]
        user.groups.remove(*others)
        user.groups.add(Group.objects.get(name=role))
        OfficeMembership.objects.filter(user=user).exclude(office__in=offices).delete()
        for office in offices:
            OfficeMembership.objects.get_or_create(user=user, office=office)
