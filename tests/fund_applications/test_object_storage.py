"""With MEDIA_STORAGE=s3 an applicant's file goes into the private bucket, never the public
one, and the fund team still downloads it through the view that checks their permission."""

import urllib.error
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fund_applications import services
from fund_applications.services import drafts
from fund_applications.storage import private_storage
from quartier.accounts.roles import FUND_TEAM
from tests.factories import ApplicationFactory
from tests.fund_applications.conftest import PDF_BYTES

pytestmark = pytest.mark.s3


def test_a_fund_attachment_lands_in_the_private_bucket_and_the_fund_team_downloads_it(
    fund, s3_buckets, staff_client, settings
):
    draft = services.draft_create(fund=fund)
    services.draft_attachment_add(draft=draft, upload=SimpleUploadedFile("Angebot.pdf", PDF_BYTES))
    application = ApplicationFactory(fund=fund)
    drafts._move_draft_attachments(draft=draft, application=application)
    attachment = application.attachments.get()
    client = staff_client(role=FUND_TEAM)

    response = client.get(
        f"/admin/fund_applications/application/{application.pk}/anlage/{attachment.pk}/"
    )

    assert s3_buckets.names(s3_buckets.private) == {attachment.file.name}
    assert s3_buckets.names(s3_buckets.public) == set()
    with pytest.raises(urllib.error.HTTPError, match="403"):  # no address reads it directly
        urllib.request.urlopen(  # noqa: S310 - the test server
            f"{s3_buckets.endpoint_url}/{s3_buckets.private}/{attachment.file.name}", timeout=10
        )
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment;")
    with pytest.raises(ValueError, match="no public URL"):
        private_storage.url(attachment.file.name)
