"""The "Vorschau" of an announcement: the typed text as residents will read it, before and
after the first save, with the chosen picture; nothing saved, the form comes back as typed."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.utils.html import escape

from offices import pictures, services
from offices.announcement_preview import PICTURE_LOST, PICTURE_UNREADABLE, STORED_PICTURE_MISSING
from offices.enums import AnnouncementStatus
from offices.models import Announcement
from quartier.accounts.roles import OFFICE_STAFF
from tests.factories import AnnouncementFactory, OfficeFactory, ProgrammeItemFactory, picture_upload

ADD_URL = "/admin/offices/announcement/add/"


def typed(**fields) -> dict:
    """The form as staff fill it in, with "Vorschau" pressed."""
    return {
        "_preview": "1",
        "title": "Sommerfest am Spielplatz",
        "slug": "",
        "teaser": "Alle Nachbarinnen und Nachbarn sind eingeladen.",
        "body": "Mit **Kuchen** und Musik.",
        "status": AnnouncementStatus.PUBLISHED,
        "publish_from_0": "01.06.2026",
        "publish_from_1": "09:00",
        "picture_alt": "",
        "picture_credit": "",
        "event_start_0": "13.06.2026",
        "event_start_1": "15:00",
        "event_end_0": "13.06.2026",
        "event_end_1": "19:00",
        "event_place": "Spielplatz Westerfilder Straße",
        "programme-TOTAL_FORMS": "1",
        "programme-INITIAL_FORMS": "0",
        "programme-0-time": "15:30",
        "programme-0-title": "Kinderschminken",
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
        **fields,
    }


def preview_of(response) -> str:
    html = response.content.decode()
    found = re.search(
        r'<section class="announcement-preview".*?<div id="content-main">', html, re.S
    )
    return found.group(0) if found else ""


def stored_state() -> tuple:
    return (
        list(Announcement.objects.values_list("pk", "title", "status", "updated_at")),
        Announcement.history.count(),
        LogEntry.objects.count(),
    )


def files_in(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def test_preview_of_a_new_announcement_shows_it_as_residents_will_and_saves_nothing(
    admin_client, media_root
):
    office = OfficeFactory(name="Aktionsbüro des Jobcenters")

    response = admin_client.post(
        ADD_URL,
        typed(
            office=str(office.pk),
            picture=picture_upload(name="Fest.jpg", gps=True),
            picture_alt="Kinder am Grill",
            picture_credit="Foto: Quartiersbüro",
        ),
    )

    preview = preview_of(response)
    assert response.status_code == 200
    assert "<h1>Sommerfest am Spielplatz</h1>" in preview
    assert "Veröffentlicht am 1. Juni 2026" in preview
    assert "Aktionsbüro des Jobcenters" in preview
    assert "Alle Nachbarinnen und Nachbarn sind eingeladen." in preview
    assert "<strong>Kuchen</strong>" in preview
    assert "Samstag, 13. Juni 2026, 15:00 bis 19:00 Uhr" in preview
    assert "Spielplatz Westerfilder Straße" in preview
    assert "Kinderschminken" in preview
    assert re.search(r'<img src="data:image/jpeg;base64,[^"]+" [^>]*alt="Kinder am Grill"', preview)
    assert "Foto: Quartiersbüro" in preview
    assert stored_state() == ([], 0, 0)
    assert files_in(media_root) == []


def test_preview_is_never_cached_nor_indexed(admin_client):
    response = admin_client.post(ADD_URL, typed())

    assert "Sommerfest am Spielplatz" in preview_of(response)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


def test_preview_of_a_changed_announcement_shows_the_change_and_saves_nothing(admin_client):
    announcement = AnnouncementFactory(title="Sprechzeiten im Sommer", picture_alt="Das Büro")
    services.announcement_save(announcement=announcement, picture_upload=picture_upload())
    ProgrammeItemFactory(announcement=announcement, title="Begrüßung")
    point = announcement.programme.get()
    before = stored_state()

    response = admin_client.post(
        f"/admin/offices/announcement/{announcement.pk}/change/",
        typed(
            title="Sprechzeiten im Sommer: länger offen",
            slug=announcement.slug,
            office=str(announcement.office.pk),
            picture_alt="Das Büro",
            **{
                "programme-TOTAL_FORMS": "2",
                "programme-INITIAL_FORMS": "1",
                "programme-0-id": str(point.pk),
                "programme-0-announcement": str(announcement.pk),
                "programme-0-time": "15:00",
                "programme-0-title": "Begrüßung durch den Bürgermeister",
                "programme-1-time": "",
                "programme-1-title": "",
            },
        ),
    )

    preview = preview_of(response)
    assert "<h1>Sprechzeiten im Sommer: länger offen</h1>" in preview
    assert "Begrüßung durch den Bürgermeister" in preview
    # The typed text, not the one rendered when the announcement was saved.
    assert "<strong>Kuchen</strong>" in preview
    assert "Worum es geht" not in preview
    assert f'src="{announcement.fallback_rendition.url}"' in preview  # the stored picture
    assert stored_state() == before
    point.refresh_from_db()
    assert point.title == "Begrüßung"
    # The read-only "So sieht die Meldung aus" below still shows what is saved.
    assert "<h2>Sprechzeiten im Sommer</h2>" in response.content.decode()


def test_after_the_preview_the_form_keeps_the_text_and_the_picture_and_saves_them(
    admin_client,
):
    response = admin_client.post(
        ADD_URL,
        typed(picture=picture_upload(name="Fest.jpg"), picture_alt="Kinder am Grill"),
    )

    html = response.content.decode()
    assert 'value="Sommerfest am Spielplatz"' in html
    assert "Mit **Kuchen** und Musik.</textarea>" in html
    assert 'value="Kinderschminken"' in html
    assert html.count(escape("„Fest.jpg“ ist aufbewahrt. Sie wird gespeichert")) == 2
    assert "noch Fehler" not in html
    reference = re.search(r'name="picture__kept" value="([^"]+)"', html).group(1)

    data = typed(picture_alt="Kinder am Grill", picture__kept=reference)
    del data["_preview"]
    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert announcement.title == "Sommerfest am Spielplatz"
    assert [point.title for point in announcement.programme.all()] == ["Kinderschminken"]
    assert announcement.picture_renditions


def test_a_second_preview_shows_the_kept_picture_again(admin_client):
    first = admin_client.post(
        ADD_URL, typed(picture=picture_upload(), picture_alt="Kinder am Grill")
    ).content.decode()
    reference = re.search(r'name="picture__kept" value="([^"]+)"', first).group(1)

    response = admin_client.post(
        ADD_URL, typed(picture_alt="Kinder am Grill", picture__kept=reference)
    )

    assert 'src="data:image/jpeg;base64,' in preview_of(response)
    assert not Announcement.objects.exists()


def test_preview_says_plainly_when_the_chosen_picture_is_gone(admin_client):
    response = admin_client.post(
        ADD_URL, typed(picture_alt="Kinder am Grill", picture__kept="abgelaufen")
    )

    preview = preview_of(response)
    assert escape(str(PICTURE_LOST)) in preview
    assert "<img" not in preview


def test_preview_says_plainly_when_the_chosen_picture_cannot_be_drawn(admin_client, monkeypatch):
    def out_of_memory(picture):
        raise MemoryError

    monkeypatch.setattr(pictures, "inline_preview", out_of_memory)

    response = admin_client.post(
        ADD_URL, typed(picture=picture_upload(), picture_alt="Kinder am Grill")
    )

    preview = preview_of(response)
    assert escape(str(PICTURE_UNREADABLE)) in preview
    assert "<img" not in preview
    assert 'name="picture__kept"' in response.content.decode()  # it is still saved later


def test_preview_says_plainly_when_the_stored_picture_cannot_be_shown(admin_client):
    announcement = AnnouncementFactory(picture="aktuelles/alt.jpg", picture_alt="Das Büro")

    response = admin_client.post(
        f"/admin/offices/announcement/{announcement.pk}/change/",
        typed(
            title=announcement.title,
            slug=announcement.slug,
            office=str(announcement.office.pk),
            picture_alt="Das Büro",
        ),
    )

    assert escape(str(STORED_PICTURE_MISSING)) in preview_of(response)


def test_a_form_with_errors_shows_the_errors_and_the_corrected_one_the_preview(admin_client):
    with_errors = admin_client.post(ADD_URL, typed(title=""))
    corrected = admin_client.post(ADD_URL, typed())

    assert "title" in with_errors.context["adminform"].form.errors
    assert preview_of(with_errors) == ""
    assert "<h1>Sommerfest am Spielplatz</h1>" in preview_of(corrected)
    assert not Announcement.objects.exists()


def test_office_staff_cannot_preview_into_an_office_they_do_not_own(staff_client):
    own, other = OfficeFactory(short_name="QM"), OfficeFactory(short_name="DoNaPart")
    theirs = AnnouncementFactory(office=other, title="Projekt-Treffen")
    client = staff_client(role=OFFICE_STAFF, offices=[own])

    into_other = client.post(ADD_URL, typed(office=str(other.pk)))
    onto_theirs = client.post(
        f"/admin/offices/announcement/{theirs.pk}/change/",
        typed(title="Übernommen", slug=theirs.slug, office=str(own.pk)),
    )
    own_office = client.post(ADD_URL, typed(office=str(own.pk)))

    assert "office" in into_other.context["adminform"].form.errors
    assert preview_of(into_other) == ""
    assert onto_theirs.status_code == 403
    assert "Übernommen" not in onto_theirs.content.decode()
    assert "<h1>Sommerfest am Spielplatz</h1>" in preview_of(own_office)
    assert list(Announcement.objects.values_list("title", flat=True)) == ["Projekt-Treffen"]


def test_residents_get_nothing_of_the_preview_staff_get(client, admin_client, db):
    announcement = AnnouncementFactory(title="Sprechzeiten im Sommer")
    change_url = f"/admin/offices/announcement/{announcement.pk}/change/"
    changed = typed(slug=announcement.slug, office=str(announcement.office.pk))

    for_staff = admin_client.post(change_url, changed)
    for_residents = [client.post(ADD_URL, typed()), client.post(change_url, changed)]

    assert "<h1>Sommerfest am Spielplatz</h1>" in preview_of(for_staff)
    for response in for_residents:
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
        assert "Sommerfest" not in response.content.decode()
    assert list(Announcement.objects.values_list("title", flat=True)) == ["Sprechzeiten im Sommer"]


@pytest.mark.parametrize("url", [ADD_URL, "change"])
def test_the_form_points_to_the_preview_button(admin_client, url):
    if url == "change":
        url = f"/admin/offices/announcement/{AnnouncementFactory().pk}/change/"

    html = admin_client.get(url).content.decode()

    assert 'name="_preview"' in html
    assert "erscheint nach dem ersten Speichern" not in html
    assert "Knopf „Vorschau“" in html
