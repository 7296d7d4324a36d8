from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quartier.backups import backup_restore


class Command(BaseCommand):
    help = "Replaces the database and all uploaded files with those of a backup archive."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="really overwrite the current data")

    def handle(self, *args, archive, yes, **options):
        if not yes:
            raise CommandError("This overwrites all current data. Repeat with --yes.")
        manifest = backup_restore(archive=Path(archive))
        self.stdout.write(self.style.SUCCESS(f"Restored backup from {manifest['created']}"))
