from pathlib import Path

from django.core.management.base import BaseCommand

from quartier import stored_files
from quartier.backups import backup_create

TREES = {stored_files.MEDIA: "public uploads", stored_files.PRIVATE: "private files"}


class Command(BaseCommand):
    help = (
        "Backs up the database and the uploaded files it refers to (public and private, from "
        "local folders or S3 buckets alike) into one timestamped archive (mode 0600, complete "
        "or not there at all). Safe while the site runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default="backups", help="folder for the archive")

    def handle(self, *args, output, **options):
        result = backup_create(directory=Path(output))
        files = sum(len(listed) for listed in result.manifest["files"].values())
        self.stdout.write(self.style.SUCCESS(f"Backup written: {result.archive} ({files} files)"))
        for tree, place in result.sources.items():
            count = len(result.manifest["files"][tree])
            self.stdout.write(f"{TREES[tree]}: {count} files the database refers to, from {place}")
        self.stdout.write(
            "Not included: files no record refers to, and uploads kept across a form with "
            "errors (they live a day)."
        )
        for tree, names in result.vanished.items():
            for name in names:
                self.stdout.write(f"deleted during the backup, not included: {tree}/{name}")
        for tree, names in result.missing.items():
            for name in names:
                self.stderr.write(
                    self.style.WARNING(f"the database refers to a missing file: {tree}/{name}")
                )
