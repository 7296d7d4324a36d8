from pathlib import Path

from django.core.management.base import BaseCommand

from quartier.backups import backup_create


class Command(BaseCommand):
    help = "Backs up the database and all uploaded files into one timestamped archive."

    def add_arguments(self, parser):
        parser.add_argument("--output", default="backups", help="folder for the archive")

    def handle(self, *args, output, **options):
        archive = backup_create(directory=Path(output))
        self.stdout.write(self.style.SUCCESS(f"Backup written: {archive}"))
