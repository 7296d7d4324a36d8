"""Editing content without traps: German slugs, a chosen file that cannot be kept is named,
Markdown keeps the editor's lines, the site page preview, the history as a word diff."""

import re
import tempfile

import pytest
from django.utils.html import escape

from offices.models import Announcement
from quartier.core.markdown import render_markdown
from quartier.core.slugs import german_slugify
from quartier.core.templatetags.history_diff import word_diff
from tests.factories import (
    OfficeFactory,
    SitePageFactory,
    UserFactory,
    announcement_form_data,
    login_with_two_factors,
    picture_upload,
)


@pytest.fixture
def admin_client(client, db):
    login_with_two_factors(client, UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def test_german_slugify_transliterates_umlauts_and_sharp_s():
    assert german_slugify("Grünfläche für Bürger: Straßenfest in Ölberg") == (
        "gruenflaeche-fuer-buerger-strassenfest-in-oelberg"
    )


def test_announcement_without_slug_gets_a_german_unique_one(admin_client):
    data = {
        "title": "Grünes Frühstück",
        "slug": "",
        "teaser": "Kurz",
        "body": "Text",
        "status": "entwurf",
        "publish_from_0": "01.12.2026",
        "publish_from_1": "09:00",
        "programme-TOTAL_FORMS": "0",
        "programme-INITIAL_FORMS": "0",
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
    }
    for _ in range(2):
        response = admin_client.post("/admin/offices/announcement/add/", data)
        assert response.status_code == 302, response.context["adminform"].form.errors

    assert sorted(Announcement.objects.values_list("slug", flat=True)) == [
        "gruenes-fruehstueck",
        "gruenes-fruehstueck-2",
    ]


def test_office_without_slug_gets_a_german_one(admin_client):
    response = admin_client.post(
        "/admin/offices/office/add/",
        {
            "name": "Büro für Übergänge",
            "short_name": "Übergänge",
            "slug": "",
            "kind": "sonstige",
            "ordering": "5",
            "summary": "Kurz",
            "services": "Beratung",
            "street": "Westerfilder Straße 23",
            "postal_code": "44357",
            "city": "Dortmund",
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert OfficeFactory._meta.model.objects.get(name="Büro für Übergänge").slug == "uebergaenge"


def test_form_error_keeps_the_chosen_picture_and_the_next_submit_stores_it(admin_client):
    response = admin_client.post(
        "/admin/offices/announcement/add/",
        announcement_form_data(title="", picture=picture_upload(name="Sommerfest.jpg", gps=True)),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(escape("„Sommerfest.jpg“ ist aufbewahrt")) == 2  # top and at the field
    assert not Announcement.objects.exists()
    reference = re.search(r'name="picture__kept" value="([^"]+)"', html).group(1)

    response = admin_client.post(
        "/admin/offices/announcement/add/",
        announcement_form_data(title="Sommerfest", picture__kept=reference),
    )

    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert announcement.picture.name.endswith(".jpg")
    assert announcement.picture_renditions


def test_a_kept_picture_is_stored_when_the_correction_reaches_another_server(
    admin_client, tmp_path, monkeypatch
):
    # Each app server has a temporary folder of its own; the kept file must not live there.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "first-server"))
    (tmp_path / "first-server").mkdir()
    response = admin_client.post(
        "/admin/offices/announcement/add/",
        announcement_form_data(title="", picture=picture_upload(name="Sommerfest.jpg")),
    )
    reference = re.search(r'name="picture__kept" value="([^"]+)"', response.content.decode())

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "second-server"))
    (tmp_path / "second-server").mkdir()
    response = admin_client.post(
        "/admin/offices/announcement/add/",
        announcement_form_data(title="Sommerfest", picture__kept=reference.group(1)),
        follow=True,
    )

    assert "nicht mehr aufbewahrt" not in response.content.decode()
    assert Announcement.objects.get().picture_renditions


def test_a_forged_or_foreign_kept_reference_is_ignored(client, admin_client, db):
    response = admin_client.post(
        "/admin/offices/announcement/add/",
        announcement_form_data(title="", picture=picture_upload()),
    )
    reference = re.search(r'name="picture__kept" value="([^"]+)"', response.content.decode()).group(
        1
    )
    other = UserFactory(username="andere", is_staff=True, is_superuser=True)
    login_with_two_factors(admin_client, other)

    for value in [reference, reference[:-2] + "xx"]:
        response = admin_client.post(
            "/admin/offices/announcement/add/",
            announcement_form_data(title=f"Versuch {value[-2:]}", picture__kept=value),
            follow=True,
        )
        page = response.content.decode()
        assert "nicht mehr aufbewahrt" in page
        assert 'href="#id_picture"' in page or 'id="id_picture"' in page

    assert not Announcement.objects.exists()  # nothing saved without the picture


def test_markdown_keeps_single_line_breaks():
    html = render_markdown("Quartiersbüro\nWesterfilder Straße 23\n44357 Dortmund\n\nNeu")

    assert "Quartiersbüro<br>\nWesterfilder Straße 23<br>\n44357 Dortmund" in html
    assert html.count("<p>") == 2


def test_site_page_preview_renders_the_public_page_and_saves_nothing(admin_client):
    page = SitePageFactory(slug="impressum", title="Impressum", body="Alt")

    response = admin_client.post(
        f"/admin/offices/sitepage/{page.pk}/change/",
        {
            "slug": "impressum",
            "title": "Impressum",
            "body": "Zeile eins\nZeile zwei",
            "_preview": "1",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Zeile eins<br>\nZeile zwei" in html
    assert 'class="site-header' in html  # the public layout, not the admin's
    assert "Vorschau" in html
    page.refresh_from_db()
    assert page.body == "Alt"


def test_site_page_form_has_a_preview_button(admin_client):
    page = SitePageFactory(slug="impressum")

    html = admin_client.get(f"/admin/offices/sitepage/{page.pk}/change/").content.decode()

    assert 'name="_preview"' in html


def test_word_diff_marks_changed_words_and_escapes():
    old, new = word_diff(
        "Die Öffnungszeiten <b>gelten</b> ab Montag", "Die Zeiten gelten ab Dienstag"
    )

    assert (
        old
        == "Die <del>Öffnungszeiten</del> <del>&lt;b&gt;gelten&lt;/b&gt;</del> ab <del>Montag</del>"
    )
    assert new == "Die <ins>Zeiten</ins> <ins>gelten</ins> ab <ins>Dienstag</ins>"


def test_history_page_shows_long_texts_as_german_word_diff(admin_client):
    long_text = "Wort " * 80 + "Beratung"
    page = SitePageFactory(slug="datenschutz", title="Datenschutz", body=long_text)
    page.body = long_text.replace("Beratung", "Begleitung")
    page.save()

    html = admin_client.get(f"/admin/offices/sitepage/{page.pk}/history/").content.decode()

    assert "<del>Beratung</del>" in html
    assert "<ins>Begleitung</ins>" in html
    assert "chars]" not in html
    assert "Änderungen" in html
    assert "None" not in html
    assert "Changes" not in html


def test_history_page_works_for_every_model_with_history(admin_client):
    office = OfficeFactory(name="Jobcenter")
    office.summary = "Neu"
    office.save()

    response = admin_client.get(f"/admin/offices/office/{office.pk}/history/")

    assert response.status_code == 200
    assert "<ins>Neu</ins>" in response.content.decode()


def test_expiring_soon_lists_drafts_and_published_leaving_within_the_days(db):
    from datetime import timedelta

    from quartier.core import clock
    from tests.factories import AnnouncementFactory

    now = clock.now()
    soon = AnnouncementFactory(status="veroeffentlicht", publish_until=now + timedelta(days=2))
    draft = AnnouncementFactory(status="entwurf", publish_until=now + timedelta(days=5))
    AnnouncementFactory(status="veroeffentlicht", publish_until=now + timedelta(days=20))
    AnnouncementFactory(
        status="veroeffentlicht",
        publish_from=now - timedelta(days=9),
        publish_until=now - timedelta(days=1),
    )
    AnnouncementFactory(status="veroeffentlicht", publish_until=None)

    assert list(Announcement.objects.expiring_soon(days=7)) == [soon, draft]
    assert list(Announcement.objects.drafts()) == [draft]


def test_admin_list_cells_carry_their_column_name_for_phone_cards(admin_client):
    from tests.factories import ConsultationHoursFactory

    ConsultationHoursFactory(office=OfficeFactory(name="Jobcenter"))

    html = admin_client.get("/admin/consultations/consultationhours/").content.decode()

    assert 'data-label="Wochentag"' in html
