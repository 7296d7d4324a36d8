from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from offices.models import OfficeMembership
from quartier.core.mail import queue_email
from quartier.models import AccessibilityFeedback
from quartier.roles import ROLE_PERMISSIONS, role_groups


def accessibility_feedback_submit(
    *, message: str, page: str = "", name: str = "", email: str = ""
) -> AccessibilityFeedback:
    """Store a reported barrier and tell the people who must answer it within a month."""
    feedback = AccessibilityFeedback(message=message, page=page, name=name, email=email)
    feedback.full_clean()
    with transaction.atomic():
        feedback.save()
        if settings.ACCESSIBILITY_FEEDBACK_EMAIL:
            queue_email(
                to=[settings.ACCESSIBILITY_FEEDBACK_EMAIL],
                subject=_("Neue Rückmeldung zur Barrierefreiheit"),
                body=_("Seite: %(page)s\n\n%(message)s\n\nAntwort an: %(email)s")
                % {"page": page or "–", "message": message, "email": email or "–"},
                reply_to=[email] if email else None,
            )
    return feedback


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
