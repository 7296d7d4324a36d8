from django.test import Client

from tests.factories import OfficeFactory, SitePageFactory
from tests.public_pages import all_public_paths, page_query_counts, public_page_paths


def test_home_names_each_partner_with_services_and_link(client, demo_data):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    for name, url in [
        ("Quartiersmanagement Westerfilde/Bodelschwingh", "/partner/quartiersmanagement/"),
        ("Aktionsbüro des Jobcenters Dortmund", "/partner/jobcenter/"),
        ("Projekt DoNaPart", "/partner/donapart/"),
    ]:
        assert name in html
        assert f'href="{url}"' in html
    assert "Lastenräder zum Ausleihen" in html
    assert '<html lang="de" dir="ltr">' in html


def test_home_has_one_h1_skip_link_and_landmarks(client, demo_data):
    html = client.get("/").content.decode()

    assert html.count("<h1") == 1
    assert 'href="#inhalt"' in html
    assert '<main id="inhalt"' in html
    assert "<header" in html
    assert "<footer" in html


def test_office_detail_shows_services_contact_and_appointment_note(client, db):
    office = OfficeFactory(
        name="Aktionsbüro Jobcenter",
        slug="jobcenter",
        services="Sozialticket\nDortmund-Pass",
        phone="0231 1234",
        by_appointment=True,
    )

    response = client.get(office.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Aktionsbüro Jobcenter</h1>" in html
    assert "<li>Sozialticket</li>" in html
    assert 'href="tel:02311234"' in html
    assert "nach Terminvereinbarung" in html


def test_office_detail_unknown_slug_is_german_404_in_layout(client, db):
    response = client.get("/partner/gibt-es-nicht/")

    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in response.content.decode()


def test_site_page_renders_markdown_without_raw_html(client, db):
    SitePageFactory(slug="impressum", title="Impressum", body="## Anbieter\n\n<script>x</script>")

    response = client.get("/impressum/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h2>Anbieter</h2>" in html
    assert "<script>x" not in html


def test_english_home_is_translated_with_lang_attribute(client, demo_data):
    html = client.get("/en/").content.decode()

    assert '<html lang="en" dir="ltr">' in html
    assert "Three partners under one roof" in html
    assert 'href="/en/partner/jobcenter/"' in html


def test_language_links_point_to_the_same_page(client, demo_data):
    html = client.get("/partner/jobcenter/").content.decode()

    assert 'href="/en/partner/jobcenter/" lang="en" hreflang="en"' in html


def test_every_public_page_without_a_form_answers_without_setting_a_cookie(demo_data):
    client = Client()
    for path in public_page_paths():
        response = client.get(path)
        assert response.status_code == 200, path
        assert not response.cookies, f"{path} set {list(response.cookies)}"


def test_public_pages_make_the_same_few_queries_whatever_the_data_volume(client, demo_data):
    before = page_query_counts(client, all_public_paths())
    OfficeFactory.create_batch(30)

    after = page_query_counts(client, all_public_paths())

    for path, count in before.items():
        assert after[path] == count, path
        assert count <= 3, (path, count)
