from django.core.management.base import BaseCommand

from fund_applications import services


class Command(BaseCommand):
    help = (
        "Deletes Stadtteilfonds drafts nobody touched for 30 days, with their uploaded files. "
        "Run it daily from cron."
    )

    def handle(self, *args, **options):
        result = services.drafts_purge()
        self.stdout.write(
            "drafts purged unsent={unsent_drafts} sent={sent_drafts} files={files}".format(**result)
        )
