from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from offices.models import Office, OfficeMembership


def staff_invite(*, email: str, offices: list[Office], role: str, base_url: str) -> str:
    """Create (or reuse) a staff account for these offices and mail a link to set a password.

    Returns the link, so the inviting person can also hand it over in person.
    """
    User = get_user_model()
    group = Group.objects.get(name=role)
    with transaction.atomic():
        user, created = User.objects.get_or_create(
            username=email.lower(), defaults={"email": email.lower(), "is_staff": True}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(group)
        for office in offices:
            OfficeMembership.objects.get_or_create(user=user, office=office)
    link = base_url.rstrip("/") + reverse(
        "staff_set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    office_names = ", ".join(office.name for office in offices)
    transaction.on_commit(
        lambda: send_mail(
            subject=_("Ihr Zugang zur Website des Quartiersbüros"),
            message=_(
                "Guten Tag,\n\nSie wurden als Mitarbeiterin oder Mitarbeiter für %(offices)s "
                "eingeladen. Bitte legen Sie über diesen Link Ihr Passwort fest (der Link gilt "
                "drei Tage):\n\n%(link)s\n\nIhr Benutzername ist: %(username)s\n"
            )
            % {"offices": office_names, "link": link, "username": user.username},
            from_email=None,
            recipient_list=[user.email],
        )
    )
    return link
