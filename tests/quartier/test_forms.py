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
