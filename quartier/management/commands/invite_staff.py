from django.core.management.base import BaseCommand, CommandError

from offices.models import Office
from offices.services import staff_invite
from quartier.roles import COORDINATORS, OFFICE_STAFF

ROLES = {"buero": OFFICE_STAFF, "koordination": COORDINATORS}


class Command(BaseCommand):
    help = (
        "Invites a staff member: creates the account for one or more offices and e-mails a link "
        "with which they set their own password at first login."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--office", action="append", required=True, help="office slug")
        parser.add_argument("--role", choices=sorted(ROLES), default="buero")

    def handle(self, *args, email, office, role, **options):
        offices = list(Office.objects.filter(slug__in=office))
        unknown = set(office) - {o.slug for o in offices}
        if unknown:
            raise CommandError(f"Unknown office: {', '.join(sorted(unknown))}")
        link = staff_invite(email=email, offices=offices, role=ROLES[role])
        self.stdout.write(
            self.style.SUCCESS(f"Invitation queued for {email} (the worker sends it). Link: {link}")
        )
