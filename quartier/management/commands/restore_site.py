from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quartier.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Replaces the database and all uploaded files with those of a backup archive. The whole "
        "archive is checked first; if anything is wrong, nothing is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="really overwrite the current data")

    def handle(self, *args, archive, yes, **options):
        if not yes:
            raise CommandError("This overwrites all current data. Repeat with --yes.")
        try:
            manifest = backup_restore(archive=Path(archive))
        except BackupError as error:
            raise CommandError(f"Nothing was changed: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Restored backup from {manifest['created']}"))
        for kind, label in [("vanished", "deleted during that backup"), ("missing", "missing")]:
            for tree, names in manifest.get(kind, {}).items():
                for name in names:
                    self.stdout.write(f"not in the archive ({label}): {tree}/{name}")
