from django.core.management.base import BaseCommand, CommandError

from offices.models import Office
from quartier.accounts.roles import ROLE_KEYS, ROLES_WITH_OFFICES
from quartier.accounts.services import staff_invite


class Command(BaseCommand):
    help = (
        "Invites a staff member in a role (buero needs --office; koordination, stadtteilfonds "
        "and jury need none): creates the account and e-mails a link with which they set their "
        "own password at first login."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--office", action="append", default=[], help="office slug (repeat for several)"
        )
        parser.add_argument("--role", choices=sorted(ROLE_KEYS), default="buero")
        parser.add_argument("--name", default="", help="first and last name")

    def handle(self, *args, email, office, role, name, **options):
        role_name = ROLE_KEYS[role]
        if role_name in ROLES_WITH_OFFICES and not office:
            raise CommandError(f"--role {role} needs at least one --office")
        offices = list(Office.objects.filter(slug__in=office))
        unknown = set(office) - {o.slug for o in offices}
        if unknown:
            raise CommandError(f"Unknown office: {', '.join(sorted(unknown))}")
        link = staff_invite(email=email, offices=offices, role=role_name, name=name)
        self.stdout.write(
            self.style.SUCCESS(f"Invitation queued for {email} (the worker sends it). Link: {link}")
        )
