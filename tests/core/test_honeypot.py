import pytest
from django import forms

from quartier.core.honeypot import HoneypotFormMixin


class ContactForm(HoneypotFormMixin, forms.Form):
    name = forms.CharField()


def test_honeypot_filled_is_refused_with_a_message():
    form = ContactForm(data={"name": "Anna", "homepage": "http://spam.example"})

    assert not form.is_valid()
    assert form.errors["homepage"] == ["Ihre Angaben konnten nicht gesendet werden."]


def test_honeypot_empty_passes():
    form = ContactForm(data={"name": "Anna", "homepage": ""})

    assert form.is_valid()


# An address Django's EmailField accepts but the outbox refuses (it reads <…> as "Name <addr>"):
# the form says so at once, in German, instead of the mail failing later.
UNDELIVERABLE = ['"<img/src=x/onerror=alert(1)>"@example.org', '"anna müller"@example.org']


def _email_errors(form_class, data, **kwargs) -> list[str]:
    form = form_class(data=data, **kwargs)
    form.is_valid()
    return form.errors.get("email", [])


@pytest.mark.parametrize("address", UNDELIVERABLE)
def test_every_form_that_takes_an_address_refuses_one_the_outbox_cannot_deliver_to(address):
    from consultations.forms import AppointmentRequestForm
    from fund_applications.forms.application import ApplicantForm
    from quartier.forms import AccessibilityFeedbackForm

    forms_and_data = [
        (ApplicantForm, {"applicant_type": "person", "contact_name": "Anna", "email": address}),
        (AppointmentRequestForm, {"name": "Anna", "topic": "Frage", "email": address}),
        (AccessibilityFeedbackForm, {"message": "Zu klein", "email": address}),
    ]
    for form_class, data in forms_and_data:
        errors = _email_errors(form_class, data)
        assert any("ohne Anführungszeichen" in error for error in errors), form_class
        assert not _email_errors(form_class, {**data, "email": "anna@example.org"}), form_class


@pytest.mark.django_db
def test_office_email_the_outbox_cannot_deliver_to_is_refused_in_the_admin(client):
    from tests.factories import OfficeFactory, UserFactory, login_with_two_factors
    from tests.offices.test_admin import office_form

    office = OfficeFactory(email="qm@example.org")
    login_with_two_factors(client, UserFactory(username="root", is_staff=True, is_superuser=True))

    response = client.post(
        f"/admin/offices/office/{office.pk}/change/", office_form(office, email=UNDELIVERABLE[0])
    )

    assert response.status_code == 200
    assert "ohne Anführungszeichen" in response.context["adminform"].form.errors["email"][0]
    office.refresh_from_db()
    assert office.email == "qm@example.org"
