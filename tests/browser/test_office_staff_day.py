"""A day of the Büro-Team and of the Koordination in a real browser: hours, a closure, an
announcement with a phone photo, previewed before it is published, answering an appointment
request; a site page with preview. Every admin page visited is checked with axe; screenshots at
1280 and 390 px."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from post_office.models import Email

from consultations import services
from consultations.models import AppointmentRequest, ConsultationHours
from offices.models import Announcement, Office, SitePage
from quartier.accounts.roles import COORDINATORS, OFFICE_STAFF
from quartier.core import clock
from tests.browser.axe import assert_no_axe_violations
from tests.factories import picture_upload

pytestmark = pytest.mark.django_db(transaction=True)


def snap(page, screenshot, name, *, readme=False):
    """Axe on the page as it is, screenshots at 1280 and 390 px; no sideways scrolling."""
    assert_no_axe_violations(page)
    screenshot(page, f"{name}-1280", docs=readme)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-390", docs=readme)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_buero_team_day(page, live_server, demo_data, screenshot, staff_login, tmp_path):
    jobcenter = Office.objects.get(slug="jobcenter")
    jobcenter.email = ""
    jobcenter.save()
    staff_login(
        page,
        role=OFFICE_STAFF,
        offices=[jobcenter],
        username="demir",
        two_factors=False,
        email="demir@example.org",
        first_name="Selin",
        last_name="Demir",
    )

    # Hours: Tuesday 10–12 becomes 10–13; the public page says so.
    page.goto(live_server.url + "/admin/consultations/consultationhours/")
    snap(page, screenshot, "staff-office-hours-list", readme=True)
    hours = ConsultationHours.objects.get(office=jobcenter, weekday=1)
    page.goto(f"{live_server.url}/admin/consultations/consultationhours/{hours.pk}/change/")
    snap(page, screenshot, "staff-office-hours-form")
    page.locator("#id_end").fill("13:00")
    page.get_by_role("button", name="Sichern", exact=True).click()
    page.wait_for_url("**/admin/consultations/consultationhours/")
    hours.refresh_from_db()
    assert hours.end.hour == 13
    page.goto(live_server.url + "/sprechzeiten/")
    assert "10:00–13:00" in page.locator("main").inner_text().replace(" ", "")
    page.goto(f"{live_server.url}/admin/consultations/consultationhours/{hours.pk}/history/")
    assert "13:00" in page.locator("#change-history").inner_text()
    snap(page, screenshot, "staff-office-history", readme=True)

    # A closure: the one office is chosen already.
    page.goto(live_server.url + "/admin/consultations/closure/add/")
    assert page.locator("#id_office").input_value() == str(jobcenter.pk)
    day = clock.today() + timedelta(days=40)
    page.locator("#id_reason").fill("Teamfortbildung")
    page.locator("#id_start_date").fill(day.strftime("%d.%m.%Y"))
    page.locator("#id_end_date").fill(day.strftime("%d.%m.%Y"))
    snap(page, screenshot, "staff-office-closure-form", readme=True)
    page.get_by_role("button", name="Sichern", exact=True).click()
    page.wait_for_url("**/admin/consultations/closure/")
    assert "Teamfortbildung" in page.locator("#result_list").inner_text()

    # An announcement with a photo from a phone (JPEG with a GPS position in EXIF).
    photo = picture_upload(width=1600, height=1200, name="IMG_2031.jpg", gps=True)
    page.goto(live_server.url + "/admin/offices/announcement/add/")
    assert page.locator("#id_office").input_value() == str(jobcenter.pk)
    page.locator("#id_teaser").fill("Dienstags beraten wir jetzt bis 13 Uhr.")
    page.locator("#id_body").fill("Ab sofort:\nDienstag 10 bis 13 Uhr\nFreitag 10 bis 12 Uhr")
    page.locator("#id_picture").set_input_files(
        files=[{"name": photo.name, "mimeType": "image/jpeg", "buffer": photo.read()}]
    )
    page.locator("#id_picture_alt").fill("Der Beratungsraum des Aktionsbüros")
    # Forgot the title: the error page keeps the photo, nobody has to pick it again.
    with page.expect_navigation():
        page.get_by_role("button", name="Sichern", exact=True).click()
    assert "IMG_2031.jpg“ ist aufbewahrt" in page.locator(".messagelist").inner_text()
    assert "IMG_2031.jpg“ ist aufbewahrt" in page.locator(".field-picture").inner_text()
    snap(page, screenshot, "staff-office-announcement-error", readme=True)
    page.locator("#id_title").fill("Bürgergeld-Sprechstunde länger")
    snap(page, screenshot, "staff-office-announcement-form", readme=True)
    # Before publishing: the preview shows it as residents will read it, the photo included.
    with page.expect_navigation():
        page.get_by_role("button", name="Vorschau").click()
    preview = page.locator(".announcement-preview")
    expect(preview.get_by_role("heading", name="Bürgergeld-Sprechstunde länger")).to_be_visible()
    assert "Dienstag 10 bis 13 Uhr<br>" in preview.inner_html()
    photo_preview = preview.get_by_role("img", name="Der Beratungsraum des Aktionsbüros")
    assert photo_preview.evaluate("img => img.complete && img.naturalWidth > 0")
    assert not Announcement.objects.filter(title="Bürgergeld-Sprechstunde länger").exists()
    snap(page, screenshot, "staff-office-announcement-preview", readme=True)
    # The form below keeps everything typed and the photo; now it is published.
    assert page.locator("#id_title").input_value() == "Bürgergeld-Sprechstunde länger"
    assert "IMG_2031.jpg“ ist aufbewahrt" in page.locator(".field-picture").inner_text()
    page.locator("#id_status").select_option(label="Veröffentlicht")
    page.get_by_role("button", name="Sichern", exact=True).click()
    page.wait_for_url("**/admin/offices/announcement/")
    announcement = Announcement.objects.get(title="Bürgergeld-Sprechstunde länger")
    assert announcement.slug == "buergergeld-sprechstunde-laenger"
    page.goto(live_server.url + announcement.get_absolute_url())
    picture = page.get_by_role("img", name="Der Beratungsraum des Aktionsbüros")
    picture.scroll_into_view_if_needed()
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
    assert "Dienstag 10 bis 13 Uhr" in page.locator("main").inner_html()
    assert "<br>" in page.locator("main").inner_html()

    # An appointment request arrives: the member is told by email, the list says "neu".
    services.appointment_request_create(
        office=jobcenter,
        name="Ayşe Yılmaz",
        phone="0231 555 12 34",
        topic="Weiterbewilligungsantrag Bürgergeld, brauche Hilfe beim Ausfüllen",
        preferred_times="vormittags",
    )
    request = AppointmentRequest.objects.get(name="Ayşe Yılmaz")
    mail = Email.objects.get(subject__startswith="Neue Terminanfrage")
    assert mail.to == ["demir@example.org"]
    page.goto(live_server.url + "/admin/consultations/appointmentrequest/")
    row = page.locator("#result_list tbody tr", has_text="Ayşe Yılmaz")
    assert "neu" in row.inner_text()
    assert "Weiterbewilligungsantrag" in row.inner_text()
    snap(page, screenshot, "staff-office-requests-list", readme=True)
    row.get_by_role("link", name="Ayşe Yılmaz").click()
    page.wait_for_url(f"**/appointmentrequest/{request.pk}/change/")
    agreed = clock.today() + timedelta(days=7)
    page.locator("#id_appointment_at_0").fill(agreed.strftime("%d.%m.%Y"))
    page.locator("#id_appointment_at_1").fill("10:30")
    page.locator("#id_appointment_with").fill("Frau Demir, Raum 2")
    page.locator("#id_resident_informed_on").fill(clock.today().strftime("%d.%m.%Y"))
    snap(page, screenshot, "staff-office-request-form", readme=True)
    page.get_by_role("button", name="Sichern", exact=True).click()
    page.wait_for_url("**/admin/consultations/appointmentrequest/")
    request.refresh_from_db()
    assert (request.answered, request.appointment_with) == (True, "Frau Demir, Raum 2")
    assert "Ayşe Yılmaz" not in page.locator("#content-main").inner_text()  # no longer open
    page.goto(live_server.url + "/admin/consultations/appointmentrequest/?stand=alle")
    row = page.locator("#result_list tbody tr", has_text="Ayşe Yılmaz")
    assert "neu" not in row.inner_text()
    assert "Frau Demir, Raum 2" in row.inner_text()


def test_koordination_edits_the_impressum_with_preview(
    page, live_server, demo_data, screenshot, staff_login
):
    staff_login(page, role=COORDINATORS, username="koordination")
    imprint = SitePage.objects.get(slug="impressum")

    page.goto(f"{live_server.url}/admin/offices/sitepage/{imprint.pk}/change/")
    body = (
        "## Anschrift\n\nQuartiersbüro Westerfilde/Bodelschwingh\n"
        "Westerfilder Straße 23\n44357 Dortmund"
    )
    page.locator("#id_body").fill(body)
    snap(page, screenshot, "staff-coordination-sitepage-form", readme=True)
    with page.context.expect_page() as preview_tab:
        page.get_by_role("button", name="Vorschau").click()
    preview = preview_tab.value
    preview.wait_for_load_state()
    assert "Vorschau" in preview.locator("main").inner_text()
    assert "Westerfilder Straße 23<br>" in preview.locator("main").inner_html()
    snap(preview, screenshot, "staff-coordination-sitepage-preview", readme=True)
    preview.close()
    imprint.refresh_from_db()
    assert "Westerfilder Straße 23\n44357" not in imprint.body  # the preview saved nothing

    page.get_by_role("button", name="Sichern", exact=True).click()
    page.wait_for_url("**/admin/offices/sitepage/")
    page.goto(live_server.url + "/impressum/")
    lines = page.locator("main article").inner_text()
    assert "Westerfilder Straße 23\n44357 Dortmund" in lines
    page.goto(f"{live_server.url}/admin/offices/sitepage/{imprint.pk}/history/")
    assert page.locator("#change-history ins").count() > 0
    snap(page, screenshot, "staff-coordination-sitepage-history", readme=True)
