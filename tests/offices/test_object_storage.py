"""With MEDIA_STORAGE=s3, on a real S3-compatible server: an announcement picture's sizes go
into the public bucket and their addresses serve them; a picture kept across a form with
errors waits in the private bucket."""

import re
import urllib.request

import pytest

from offices.models import Announcement
from quartier.accounts.roles import OFFICE_STAFF
from quartier.core.kept_uploads import FOLDER
from tests.factories import OfficeFactory, announcement_form_data, picture_upload

pytestmark = pytest.mark.s3


@pytest.fixture
def office_staff(staff_client):
    office = OfficeFactory(name="Aktionsbüro")
    return staff_client(role=OFFICE_STAFF, offices=[office]), office


def test_an_announcement_picture_lands_in_the_public_bucket_and_its_address_serves_it(
    s3_buckets, office_staff
):
    client, office = office_staff

    response = client.post(
        "/admin/offices/announcement/add/",
        announcement_form_data(office=office.pk, title="Sommerfest", picture=picture_upload()),
    )

    assert response.status_code == 302
    announcement = Announcement.objects.get()
    names = {rendition.name for rendition in announcement.renditions}
    assert names
    assert names == s3_buckets.names(s3_buckets.public)
    assert s3_buckets.names(s3_buckets.private) == set()
    rendition = announcement.fallback_rendition
    assert rendition.url.startswith(f"{s3_buckets.endpoint_url}/{s3_buckets.public}/")
    served = urllib.request.urlopen(rendition.url, timeout=10).read()  # noqa: S310 - test server
    stored = s3_buckets.client().get_object(Bucket=s3_buckets.public, Key=rendition.name)
    assert served == stored["Body"].read()
    assert served.startswith(b"\xff\xd8")


def test_a_picture_kept_across_a_form_error_waits_in_the_private_bucket(s3_buckets, office_staff):
    client, office = office_staff

    first = client.post(
        "/admin/offices/announcement/add/",
        announcement_form_data(
            office=office.pk, title="", picture=picture_upload(name="Sommerfest.jpg")
        ),
    )
    kept = s3_buckets.names(s3_buckets.private)
    reference = re.search(r'name="picture__kept" value="([^"]+)"', first.content.decode())
    second = client.post(
        "/admin/offices/announcement/add/",
        announcement_form_data(
            office=office.pk, title="Sommerfest", picture__kept=reference.group(1)
        ),
    )

    assert first.status_code == 200
    assert len(kept) == 1
    assert next(iter(kept)).startswith(f"{FOLDER}/")
    assert second.status_code == 302
    announcement = Announcement.objects.get()
    assert {r.name for r in announcement.renditions} == s3_buckets.names(s3_buckets.public)
