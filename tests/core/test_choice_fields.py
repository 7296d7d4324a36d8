"""The group that runs an event, chosen by name from hundreds: the same options as Django's own
choice field, without a record built per option, and only published groups accepted."""

import pytest
from django import forms

from offices.forms import AnnouncementAdminForm
from tests.factories import AnnouncementFactory
from tests.initiatives.factories import GroupFactory

pytestmark = pytest.mark.django_db


def djangos_options(form) -> str:
    """The field as Django's ModelChoiceField renders it, on the same records."""
    field = form.fields["run_by"]
    form.fields["run_by"] = forms.ModelChoiceField(
        field.queryset, required=False, label=field.label, help_text=field.help_text
    )
    return str(form["run_by"])


@pytest.mark.parametrize("chosen", ["none", "published", "hidden since"])
def test_the_groups_read_as_djangos_options(chosen):
    garden = GroupFactory(name="Gemeinschaftsgarten & Co")
    GroupFactory(name="Reparatur-Café <Westerfilde>")
    GroupFactory(name="Noch geheim", proposed=True)
    hidden = GroupFactory(name="Früher aktiv", hidden=True)
    run_by = {"none": None, "published": garden, "hidden since": hidden}[chosen]
    announcement = AnnouncementFactory(event=True, run_by=run_by)

    form = AnnouncementAdminForm(instance=announcement)
    ours = str(form["run_by"])

    assert ours == djangos_options(AnnouncementAdminForm(instance=announcement))
    assert "Reparatur-Café &lt;Westerfilde&gt;" in ours
    assert "Noch geheim" not in ours
    assert ("Früher aktiv" in ours) == (chosen == "hidden since")
    if run_by:
        assert f'<option value="{run_by.pk}" selected>' in ours


def test_a_group_not_on_the_list_is_refused():
    secret = GroupFactory(name="Noch geheim", proposed=True)
    field = AnnouncementAdminForm().fields["run_by"]

    with pytest.raises(forms.ValidationError):
        field.clean(str(secret.pk))
    assert field.clean("") is None
