"""A newcomer finds the community garden in the directory and asks to join; the group's
contact receives the message through the outbox. A group proposes its entry, staff publish it."""

import pytest
from playwright.sync_api import expect
from post_office.models import Email

from offices.initiatives.models import Group, JoinRequest
from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_newcomer_finds_the_community_garden_and_asks_to_join(
    page, live_server, demo_data, screenshot
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    with page.expect_navigation():
        page.get_by_role("link", name="Alle Initiativen und Gruppen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Initiativen und Gruppen")
    assert_no_axe_violations(page)
    screenshot(page, "initiatives-directory-de-390", docs=True)

    with page.expect_navigation():
        page.get_by_role("link", name="Gemeinschaftsgarten Westerfilde").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gemeinschaftsgarten Westerfilde")
    expect(page.get_by_role("link", name="Pflanztag im Gemeinschaftsgarten")).to_have_count(1)
    assert "garten@example.org" not in page.content()
    assert_no_axe_violations(page)

    # Sent without a message: the error summary links to the field, the name stays.
    page.get_by_label("Ihr Name").fill("Nora Neu")
    page.get_by_label("Ihre E-Mail-Adresse").fill("nora@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="Nachricht senden").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Bitte prüfen Sie Ihre Angaben")
    assert page.get_by_label("Ihr Name").input_value() == "Nora Neu"
    assert_no_axe_violations(page)
    screenshot(page, "initiatives-join-error-de-390", docs=True)

    page.get_by_label("Ihre Nachricht an die Gruppe").fill(
        "Hallo, ich bin neu hier und würde gern am Samstag vorbeikommen."
    )
    page.get_by_label("Ich bin einverstanden").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Nachricht senden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Danke, Ihre Nachricht ist unterwegs")
    assert_no_axe_violations(page)

    join = JoinRequest.objects.get()
    assert join.group.name == "Gemeinschaftsgarten Westerfilde"
    relayed = Email.objects.get(to=["garten@example.org"])
    assert "am Samstag vorbeikommen" in relayed.message
    assert relayed.headers["Reply-To"] == "nora@example.org"


def test_group_proposes_its_entry_and_staff_publish_it(
    page, live_server, demo_data, staff_login, screenshot
):
    page.goto(live_server.url + "/initiativen/")
    with page.expect_navigation():
        page.get_by_role("link", name="Gruppe eintragen").click()
    assert_no_axe_violations(page)
    page.get_by_label("Name der Gruppe").fill("Lauftreff Mosselde")
    page.get_by_label("Was wir machen").fill("Wir laufen gemeinsam, langsam und schnell.")
    page.get_by_label("Wann wir uns treffen").fill("mittwochs, 18 Uhr")
    page.get_by_label("Wo wir uns treffen").fill("Parkplatz am Mosselde")
    page.get_by_label("Wer willkommen ist").fill("alle Laufschuhe")
    page.get_by_label("Sprachen in der Gruppe").fill("Deutsch, Polnisch")
    page.get_by_label("Ansprechperson*", exact=True).fill("Lena Lauf")
    page.get_by_label("E-Mail der Ansprechperson").fill("lauf@example.org")
    page.get_by_label("Ich bin einverstanden").check()
    screenshot(page, "initiatives-propose-de-1280", docs=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Eintrag vorschlagen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Danke, Ihr Eintrag ist angekommen")
    assert Group.objects.get(name="Lauftreff Mosselde").is_public is False
    assert "/initiativen/eintrag/" in Email.objects.get(to=["lauf@example.org"]).message

    staff_login(page, role="Koordination Quartiersmanagement", username="koordination")
    expect(page.get_by_text("1 neuer Eintrag wartet auf Prüfung")).to_have_count(1)
    with page.expect_navigation():
        page.get_by_role("link", name="1 neuer Eintrag wartet auf Prüfung").click()
    page.get_by_role("checkbox", name="Dieses Objekt für eine Aktion auswählen - Lauftreff").check()
    page.get_by_role("combobox", name="Aktion").select_option("publish")
    with page.expect_navigation():
        page.get_by_role("button", name="Ausführen").click()
    expect(page.get_by_text("1 Gruppe ist jetzt auf der Website.")).to_have_count(1)
    assert_no_axe_violations(page)
    screenshot(page, "initiatives-staff-published-de-1280", docs=True)

    page.goto(live_server.url + "/initiativen/")
    expect(page.get_by_role("link", name="Lauftreff Mosselde")).to_have_count(1)


def test_contact_changes_the_entry_by_the_private_link_and_staff_take_it_over(
    page, live_server, demo_data, staff_login, screenshot
):
    group = Group.objects.get(slug="reparatur-cafe-bodelschwingh")
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/initiativen/eintrag/{group.token}/")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Änderungen vorschlagen").click()
    page.get_by_label("Wann wir uns treffen").fill("jeden ersten Freitag im Monat, 15 bis 18 Uhr")
    with page.expect_navigation():
        page.get_by_role("button", name="Änderung vorschlagen").click()
    expect(page.get_by_role("heading", name="Ihre Änderung wartet auf Prüfung")).to_have_count(1)
    assert_no_axe_violations(page)
    screenshot(page, "initiatives-private-link-de-320", docs=True)

    # The public page stays as it was until staff take the change over.
    page.goto(live_server.url + group.get_absolute_url())
    expect(page.get_by_text("jeden ersten Donnerstag im Monat")).to_have_count(1)

    page.set_viewport_size({"width": 390, "height": 844})
    staff_login(page, role="Koordination Quartiersmanagement", username="koordination")
    with page.expect_navigation():
        page.get_by_role("link", name="1 vorgeschlagene Änderung wartet auf Prüfung").click()
    page.get_by_role("checkbox", name="Dieses Objekt für eine Aktion auswählen").check()
    page.get_by_role("combobox", name="Aktion").select_option("apply")
    with page.expect_navigation():
        page.get_by_role("button", name="Ausführen").click()
    expect(page.get_by_text("1 Änderung ist übernommen.")).to_have_count(1)
    assert_no_axe_violations(page)

    page.goto(live_server.url + group.get_absolute_url())
    expect(page.get_by_text("jeden ersten Freitag im Monat")).to_have_count(1)


def test_event_page_names_the_group_and_the_arabic_group_page_reads_right_to_left(
    page, live_server, demo_data, screenshot
):
    group = Group.objects.get(slug="gemeinschaftsgarten-westerfilde")
    event = group.events.get()
    page.goto(live_server.url + event.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("link", name="Gemeinschaftsgarten Westerfilde").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gemeinschaftsgarten Westerfilde")
    screenshot(page, "initiatives-group-de-1280", docs=True)

    page.goto(f"{live_server.url}/ar{group.get_absolute_url()}")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert_no_axe_violations(page)
    screenshot(page, "initiatives-group-ar-1280", docs=True)


def test_keyboard_user_writes_to_a_group_without_a_mouse(page, live_server, demo_data):
    group = Group.objects.get(slug="reparatur-cafe-bodelschwingh")
    page.goto(live_server.url + group.get_absolute_url())
    page.get_by_role("link", name="Mitmachen: der Gruppe schreiben").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    for _ in range(10):
        if page.evaluate("document.activeElement.id") == "id_name":
            break
        page.keyboard.press("Tab")
    page.keyboard.type("Kemal Klick")
    page.keyboard.press("Tab")
    page.keyboard.type("kemal@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("Mein Fahrrad quietscht.")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the link to the Datenschutzerklärung in the consent's help
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "Nachricht senden"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Danke, Ihre Nachricht ist unterwegs")
    assert JoinRequest.objects.get().name == "Kemal Klick"
