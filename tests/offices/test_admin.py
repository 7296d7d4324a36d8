import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from offices import services
from offices.enums import AnnouncementStatus
from offices.models import Announcement
from tests.factories import (
    AnnouncementFactory,
    OfficeFactory,
    ProgrammeItemFactory,
    SitePageFactory,
    UserFactory,
    login_with_two_factors,
    picture_upload,
)


@pytest.fixture
def admin_client(client, db):
    login_with_two_factors(client, UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["office", "sitepage"])
def test_admin_changelist_and_change_form_open(admin_client, model):
    obj = OfficeFactory(name="Aktionsbüro") if model == "office" else SitePageFactory()

    changelist = admin_client.get(f"/admin/offices/{model}/")
    change = admin_client.get(f"/admin/offices/{model}/{obj.pk}/change/")

    assert changelist.status_code == 200
    assert str(obj) in changelist.content.decode()
    assert change.status_code == 200
    assert f'value="{obj.pk}"' in change.content.decode() or str(obj) in change.content.decode()


def test_admin_site_page_edit_records_who_changed_it(admin_client):
    page = SitePageFactory(slug="impressum", title="Impressum")

    response = admin_client.post(
        f"/admin/offices/sitepage/{page.pk}/change/",
        {"slug": "impressum", "title": "Impressum", "body": "## Neu"},
    )

    page.refresh_from_db()
    assert response.status_code == 302
    assert page.body == "## Neu"
    assert page.updated_by.username == "admin"


# --- Announcements and events ---


def announcement_form(**overrides) -> dict:
    data = {
        "title": "Sommerfest",
        "slug": "sommerfest",
        "office": "",
        "teaser": "Alle sind eingeladen.",
        "body": "Mit **Kuchen**.",
        "status": AnnouncementStatus.PUBLISHED,
        "publish_from_0": "2026-05-01",
        "publish_from_1": "09:00:00",
        "publish_until_0": "",
        "publish_until_1": "",
        "picture_alt": "",
        "picture_credit": "",
        "event_start_0": "",
        "event_start_1": "",
        "event_end_0": "",
        "event_end_1": "",
        "event_place": "",
        "programme-TOTAL_FORMS": "0",
        "programme-INITIAL_FORMS": "0",
        "programme-MIN_NUM_FORMS": "0",
        "programme-MAX_NUM_FORMS": "1000",
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_admin_announcement_changelist_and_change_form_open(admin_client):
    announcement = AnnouncementFactory(title="Sprechzeiten im Sommer")
    ProgrammeItemFactory(announcement=announcement, title="Begrüßung")

    changelist = admin_client.get("/admin/offices/announcement/")
    change = admin_client.get(f"/admin/offices/announcement/{announcement.pk}/change/")

    assert changelist.status_code == 200
    assert "Sprechzeiten im Sommer" in changelist.content.decode()
    assert change.status_code == 200
    html = change.content.decode()
    assert 'value="Sprechzeiten im Sommer"' in html
    assert 'value="Begrüßung"' in html
    assert 'accept="image/jpeg,image/png,image/webp"' in html


def test_admin_add_announcement_with_picture_programme_and_event(admin_client):
    office = OfficeFactory(short_name="QM")
    data = announcement_form(
        office=str(office.pk),
        picture=picture_upload(gps=True),
        picture_alt="Menschen vor dem Büro",
        event_start_0="2026-06-13",
        event_start_1="15:00",
        event_end_0="2026-06-13",
        event_end_1="19:00",
        event_place="Spielplatz",
        **{
            "programme-TOTAL_FORMS": "1",
            "programme-0-time": "15:00",
            "programme-0-title": "Begrüßung",
        },
    )

    response = admin_client.post("/admin/offices/announcement/add/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    announcement = Announcement.objects.get(slug="sommerfest")
    assert announcement.office == office
    assert [item.title for item in announcement.programme.all()] == ["Begrüßung"]
    assert len(announcement.renditions) == 6
    for rendition in announcement.renditions:
        with Image.open(default_storage.path(rendition.name)) as stored:
            assert not stored.getexif()
    assert (
        announcement.picture.name
        == max(
            (r for r in announcement.renditions if r.image_format == "jpeg"), key=lambda r: r.width
        ).name
    )


def test_admin_refuses_a_non_image_renamed_jpg_with_a_clear_message(admin_client, media_root):
    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 kein Bild", content_type="image/jpeg")

    response = admin_client.post(
        "/admin/offices/announcement/add/",
        announcement_form(picture=fake, picture_alt="Foto"),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "kein Bild" in errors["picture"][0]
    assert "kein Bild, das wir lesen können" in response.content.decode()
    assert not Announcement.objects.exists()
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_admin_picture_without_alt_text_is_refused_next_to_the_field(admin_client):
    response = admin_client.post(
        "/admin/offices/announcement/add/", announcement_form(picture=picture_upload())
    )

    assert response.status_code == 200
    assert "picture_alt" in response.context["adminform"].form.errors
    assert not Announcement.objects.exists()


def test_admin_preview_renders_markdown_and_picture_without_scripts(admin_client):
    announcement = AnnouncementFactory(
        body="## Programm\n\n<script>alert(1)</script>", picture_alt="Ein Fest"
    )
    services.announcement_save(announcement=announcement, picture_upload=picture_upload())

    html = admin_client.get(f"/admin/offices/announcement/{announcement.pk}/change/").content
    html = html.decode()

    assert "<h2>Programm</h2>" in html
    assert "<script>alert(1)" not in html
    assert f'src="{announcement.fallback_rendition.url}"' in html
    assert 'alt="Ein Fest"' in html


def test_admin_publish_action_publishes_drafts(admin_client):
    drafts = AnnouncementFactory.create_batch(2, draft=True)

    response = admin_client.post(
        "/admin/offices/announcement/",
        {"action": "publish", "_selected_action": [d.pk for d in drafts]},
    )

    assert response.status_code == 302
    assert set(Announcement.objects.values_list("status", flat=True)) == {
        AnnouncementStatus.PUBLISHED
    }


def test_admin_event_filter_shows_only_events(admin_client):
    AnnouncementFactory(title="Sommerfest", event=True)
    AnnouncementFactory(title="Neue Sprechzeiten")

    html = admin_client.get("/admin/offices/announcement/?veranstaltung=ja").content.decode()

    assert "Sommerfest" in html
    assert "Neue Sprechzeiten" not in html


# --- Security and data safety ---

from django.core.files.storage import default_storage as storage  # noqa: E402

from offices.models import Office  # noqa: E402
from tests.factories import BROKEN_PICTURES  # noqa: E402


def stored_files(root) -> set[str]:
    return (
        {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
        if root.exists()
        else set()
    )


def office_form(office, **overrides) -> dict:
    data = {
        "name": office.name,
        "short_name": office.short_name,
        "slug": office.slug,
        "kind": office.kind,
        "ordering": "0",
        "summary": office.summary,
        "services": office.services,
        "description": "",
        "funded_by": "",
        "street": office.street,
        "postal_code": office.postal_code,
        "city": office.city,
        "room": "",
        "phone": "",
        "email": "",
        "website": "",
        "by_appointment": "on",
        "easy_summary": "",
        "sms_number": "",
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("name", BROKEN_PICTURES)
def test_admin_truncated_announcement_picture_is_a_german_form_error_not_a_500(
    admin_client, media_root, name
):
    broken = SimpleUploadedFile(name, BROKEN_PICTURES[name]())

    response = admin_client.post(
        "/admin/offices/announcement/add/", announcement_form(picture=broken, picture_alt="Foto")
    )

    assert response.status_code == 200
    assert (
        "beschädigt oder unvollständig" in response.context["adminform"].form.errors["picture"][0]
    )
    html = response.content.decode()
    assert "<title>Fehler:" in html
    assert "beschädigt oder unvollständig" in html
    assert not Announcement.objects.exists()
    assert not stored_files(media_root)


@pytest.mark.parametrize("name", BROKEN_PICTURES)
def test_admin_truncated_logo_is_a_german_form_error_not_a_500(admin_client, media_root, name):
    office = OfficeFactory()
    broken = SimpleUploadedFile(name, BROKEN_PICTURES[name]())

    response = admin_client.post(
        f"/admin/offices/office/{office.pk}/change/", office_form(office, logo=broken)
    )

    assert response.status_code == 200
    assert "beschädigt oder unvollständig" in response.context["adminform"].form.errors["logo"][0]
    office.refresh_from_db()
    assert not office.logo
    assert not stored_files(media_root)


def test_admin_logo_is_re_encoded_without_gps_and_a_replaced_logo_is_deleted(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    office = OfficeFactory()
    with_gps = picture_upload(width=900, height=300, gps=True, name="Logo Büro.jpg")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/offices/office/{office.pk}/change/", office_form(office, logo=with_gps)
        )

    assert response.status_code == 302, response.context["adminform"].form.errors
    office.refresh_from_db()
    first = office.logo.name
    with Image.open(storage.path(first)) as stored:
        assert stored.format == "PNG"
        assert stored.size == (800, 267)
        assert not stored.getexif()  # no GPS position, no camera, nothing
    assert first.startswith("offices/logos/")
    assert "Logo" not in first
    assert stored_files(media_root) == {first}

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            f"/admin/offices/office/{office.pk}/change/",
            office_form(office, logo=picture_upload(width=200, height=100, name="neu.png")),
        )
    office.refresh_from_db()
    assert office.logo.name != first
    assert stored_files(media_root) == {office.logo.name}

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            f"/admin/offices/office/{office.pk}/change/",
            office_form(office, **{"logo-clear": "on"}),
        )
    office.refresh_from_db()
    assert not office.logo
    assert not stored_files(media_root)


def test_deleting_an_announcement_removes_every_size_of_its_picture(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    keep = AnnouncementFactory(title="Bleibt", picture_alt="Bild")
    services.announcement_save(announcement=keep, picture_upload=picture_upload())
    gone = AnnouncementFactory(title="Weg", picture_alt="Bild")
    services.announcement_save(announcement=gone, picture_upload=picture_upload(width=2000))
    names = {r.name for r in gone.renditions}
    assert len(names) == 6
    assert all(storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/offices/announcement/{gone.pk}/delete/", {"post": "yes"}
        )

    assert response.status_code == 302
    assert not any(storage.exists(name) for name in names)
    assert stored_files(media_root) == {r.name for r in keep.renditions}


def test_deleting_announcements_from_the_list_removes_their_pictures(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    announcements = AnnouncementFactory.create_batch(2, picture_alt="Bild")
    for announcement in announcements:
        services.announcement_save(announcement=announcement, picture_upload=picture_upload())
    assert len(stored_files(media_root)) == 12

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/offices/announcement/",
            {
                "action": "delete_selected",
                "_selected_action": [a.pk for a in announcements],
                "post": "yes",
            },
        )

    assert not Announcement.objects.exists()
    assert not stored_files(media_root)


def test_deleting_an_office_removes_its_logo(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    office = OfficeFactory()
    services.office_save(office=office, logo_upload=picture_upload(name="logo.png"))
    assert stored_files(media_root) == {office.logo.name}

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/offices/office/{office.pk}/delete/", {"post": "yes"})

    assert not Office.objects.filter(pk=office.pk).exists()
    assert not stored_files(media_root)
