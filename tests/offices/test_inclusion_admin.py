import pytest

from offices.models import EasyReadSection, SignLanguageVideo
from tests.factories import (
    EasyReadSectionFactory,
    UserFactory,
    login_with_two_factors,
    mp4_bytes,
    sign_language_video,
    video_upload,
    webm_bytes,
)


@pytest.fixture
def admin_client(client, db):
    login_with_two_factors(client, UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def test_admin_easy_read_changelist_and_change_form_open(admin_client):
    section = EasyReadSectionFactory(topic=EasyReadSection.Topic.HOURS, title="Wann offen?")

    changelist = admin_client.get("/admin/offices/easyreadsection/")
    change = admin_client.get(f"/admin/offices/easyreadsection/{section.pk}/change/")

    assert changelist.status_code == 200
    assert "Wann offen?" in changelist.content.decode()
    assert change.status_code == 200
    assert 'name="topic"' not in change.content.decode()  # fixed once the part exists


def test_admin_easy_read_edit_keeps_lines(admin_client):
    section = EasyReadSectionFactory(topic=EasyReadSection.Topic.WAY)

    response = admin_client.post(
        f"/admin/offices/easyreadsection/{section.pk}/change/",
        {"title": "So kommen Sie zu uns", "body": "Satz eins.\nSatz zwei."},
    )

    section.refresh_from_db()
    assert response.status_code == 302
    assert section.title == "So kommen Sie zu uns"
    assert section.body == "Satz eins.\nSatz zwei."


def test_admin_video_changelist_and_change_form_show_size_and_length(admin_client):
    video = sign_language_video(
        title="Willkommen in DGS", upload=video_upload(mp4_bytes(seconds=125))
    )

    changelist = admin_client.get("/admin/offices/signlanguagevideo/").content.decode()
    change = admin_client.get(f"/admin/offices/signlanguagevideo/{video.pk}/change/")

    assert "Willkommen in DGS" in changelist
    assert "2 Minuten und 5 Sekunden" in changelist
    assert change.status_code == 200
    assert 'accept="video/mp4,video/webm,.mp4,.webm"' in change.content.decode()


def test_admin_upload_stores_a_checked_video(admin_client):
    response = admin_client.post(
        "/admin/offices/signlanguagevideo/add/",
        {
            "title": "Das Quartiersbüro in DGS",
            "video": video_upload(webm_bytes(seconds=42.2), name="dgs.webm"),
            "transcript": "Hallo. Wir sind das Quartiersbüro.",
            "is_published": "on",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    video = SignLanguageVideo.objects.get()
    assert video.media_type == "video/webm"
    assert video.duration_seconds == 42
    assert video.is_published


def test_admin_upload_of_a_renamed_picture_shows_the_error(admin_client):
    response = admin_client.post(
        "/admin/offices/signlanguagevideo/add/",
        {
            "title": "Kein Video",
            "video": video_upload(b"\x89PNG\r\n\x1a\n" + b"\0" * 100, name="dgs.mp4"),
            "transcript": "Hallo.",
        },
    )

    assert response.status_code == 200
    assert "kein Video im Format MP4 oder WebM" in response.content.decode()
    assert SignLanguageVideo.objects.count() == 0


def test_admin_delete_removes_the_video(admin_client):
    video = sign_language_video()

    response = admin_client.post(
        f"/admin/offices/signlanguagevideo/{video.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 302
    assert SignLanguageVideo.objects.count() == 0
