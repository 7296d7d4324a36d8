from django.core.management.base import BaseCommand

from quartier import stored_files


class Command(BaseCommand):
    help = (
        "Reports files in MEDIA_ROOT and PRIVATE_MEDIA_ROOT (or the public and the private S3 "
        "bucket) that no record refers to, and records that refer to a file that is not "
        "there. Changes nothing unless --delete is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete",
            action="store_true",
            help="delete the orphaned files (never files younger than --grace-minutes)",
        )
        parser.add_argument(
            "--grace-minutes",
            type=int,
            default=60,
            help="files younger than this may belong to an upload still being saved (60)",
        )

    def handle(self, *args, delete, grace_minutes, **options):
        storages = stored_files.storages()
        total = 0
        for report in stored_files.file_reports(grace_seconds=grace_minutes * 60):
            for name in report.orphaned:
                self.stdout.write(f"orphaned: {report.tree}/{name}")
            for name in report.recent:
                self.stdout.write(f"too recent to judge: {report.tree}/{name}")
            for name in report.missing:
                self.stderr.write(self.style.WARNING(f"missing: {report.tree}/{name}"))
            total += len(report.orphaned)
            if delete and report.orphaned:
                stored_files.delete_names(storages[report.tree], report.orphaned)
        summary = f"{total} orphaned files" + (" deleted" if delete else "")
        self.stdout.write(self.style.SUCCESS(summary))
