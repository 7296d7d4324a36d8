import pytest

from consultations.forms import AppointmentRequestForm

VALID = {
    "name": "Anna Beispiel",
    "phone": "",
    "email": "anna@example.org",
    "topic": "Antrag für den Stadtteilfonds",
    "preferred_times": "dienstags vormittags",
    "privacy_consent": "on",
    "homepage": "",
}


@pytest.mark.parametrize("contact", [{"phone": "0231 123456"}, {"email": "anna@example.org"}])
def test_appointment_form_with_phone_or_email_is_valid(contact):
    form = AppointmentRequestForm(data={**VALID, "phone": "", "email": "", **contact})

    assert form.is_valid(), form.errors


def test_appointment_form_without_phone_and_email_asks_for_one_at_phone():
    form = AppointmentRequestForm(data={**VALID, "phone": "", "email": ""})

    assert not form.is_valid()
    assert form.errors == {
        "phone": ["Bitte geben Sie eine Telefonnummer oder eine E-Mail-Adresse an."]
    }


def test_appointment_form_bad_email_is_not_reported_twice():
    form = AppointmentRequestForm(data={**VALID, "email": "anna(at)example"})

    assert not form.is_valid()
    assert form.errors == {
        "email": ["Bitte geben Sie eine E-Mail-Adresse wie name@beispiel.de an."]
    }


def test_appointment_form_empty_gives_german_messages_per_field():
    form = AppointmentRequestForm(data={})

    assert not form.is_valid()
    assert form.errors == {
        "name": ["Bitte geben Sie Ihren Namen an."],
        "phone": ["Bitte geben Sie eine Telefonnummer oder eine E-Mail-Adresse an."],
        "topic": ["Bitte schreiben Sie kurz, worum es geht."],
        "privacy_consent": ["Ohne Ihr Einverständnis können wir die Anfrage nicht speichern."],
    }


def test_appointment_form_filled_honeypot_is_refused():
    form = AppointmentRequestForm(data={**VALID, "homepage": "http://spam.example"})

    assert not form.is_valid()
    assert form.errors["homepage"] == ["Ihre Angaben konnten nicht gesendet werden."]


def test_appointment_form_privacy_help_links_the_privacy_page_and_retention(settings):
    settings.APPOINTMENT_REQUEST_RETENTION_DAYS = 60

    help_text = AppointmentRequestForm().fields["privacy_consent"].help_text

    assert 'href="/datenschutz/"' in help_text
    assert "nach spätestens 60 Tagen" in help_text
