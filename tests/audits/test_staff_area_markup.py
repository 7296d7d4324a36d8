"""Markup the staff area's accessibility and phone layout rely on, checked without a browser:
labelled date/time inputs, labelled inline fields, list cells that name their column."""

import pytest

from quartier.accounts.roles import COORDINATORS, FUND_TEAM
from tests.factories import (
    AnnouncementFactory,
    ApplicationFactory,
)

pytestmark = pytest.mark.django_db


def test_date_and_time_inputs_each_have_a_label(staff_client):
    client = staff_client(role=COORDINATORS)

    content = client.get("/admin/offices/announcement/add/").content.decode()

    assert '<label for="id_publish_from_0">Datum:</label>' in content
    assert '<label for="id_publish_from_1">Zeit:</label>' in content


def test_every_inline_field_has_a_label_naming_its_row(staff_client):
    from fund_applications.models import Attachment

    application = ApplicationFactory()
    Attachment.objects.create(
        application=application,
        file="anlage.pdf",
        original_name="Angebot.pdf",
        content_type="application/pdf",
        size=100,
    )
    client = staff_client(role=FUND_TEAM)

    content = client.get(
        f"/admin/fund_applications/application/{application.pk}/change/"
    ).content.decode()

    assert (
        '<label class="visually-hidden" for="id_attachments-0-shared_with_jury">'
        "Für die Jury freigegeben: Angebot.pdf</label>"
    ) in content


def test_list_cells_carry_their_column_name_for_the_phone_layout(staff_client):
    AnnouncementFactory(title="Sommerfest")
    client = staff_client(role=COORDINATORS)

    content = client.get("/admin/offices/announcement/").content.decode()

    assert 'data-label="Titel"' in content
    assert 'data-label="Status"' in content


def test_list_row_checkboxes_are_djangos_markup_with_the_title_escaped(staff_client):
    from django import forms
    from django.contrib.admin import helpers
    from django.utils.html import format_html
    from django.utils.translation import gettext

    announcement = AnnouncementFactory(title='Sommerfest <im> "Hof" & Garten')
    client = staff_client(role=COORDINATORS)

    content = client.get("/admin/offices/announcement/").content.decode()

    label = format_html(gettext("Select this object for an action - {}"), str(announcement))
    djangos = forms.CheckboxInput(
        {"class": "action-select", "aria-label": label}, check_test=lambda value: False
    ).render(helpers.ACTION_CHECKBOX_NAME, str(announcement.pk))
    assert djangos in content
    assert "Sommerfest &lt;im&gt; &quot;Hof&quot; &amp; Garten" in djangos
