"""The public forms of the groups directory (they validate only; views call the services)
and the picture field of the staff's form."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from offices import pictures
from offices.initiatives.models import ENTRY_FIELDS, Group, GroupChange
from quartier.core.addresses import validate_plain_address
from quartier.core.honeypot import HoneypotFormMixin

CONTACT_FIELDS = ("contact_name", "contact_email")
REQUIRED_MESSAGES = {
    "name": _("Bitte geben Sie den Namen der Gruppe an."),
    "activity": _("Bitte schreiben Sie kurz, was die Gruppe macht."),
    "meeting_time": _("Bitte schreiben Sie, wann sich die Gruppe trifft."),
    "meeting_place": _("Bitte schreiben Sie, wo sich die Gruppe trifft."),
    "audience": _("Bitte schreiben Sie, wer willkommen ist."),
    "languages": _("Bitte nennen Sie mindestens eine Sprache."),
    "contact_name": _("Bitte geben Sie eine Ansprechperson an."),
    "contact_email": _("Bitte geben Sie die E-Mail-Adresse der Ansprechperson an."),
}
INVALID_EMAIL = _("Bitte geben Sie eine E-Mail-Adresse wie name@beispiel.de an.")


def _privacy_link() -> str:
    return reverse("site_page", kwargs={"slug": "datenschutz"})


class GroupEntryForm(forms.ModelForm):
    """What a group says about itself and who its contact is: the contact's changes."""

    class Meta:
        model = GroupChange
        fields = [*ENTRY_FIELDS, *CONTACT_FIELDS]
        widgets = {
            "activity": forms.Textarea(attrs={"rows": 5}),
            "audience": forms.Textarea(attrs={"rows": 2}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    submit_label = _("Änderung vorschlagen")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in REQUIRED_MESSAGES.items():
            self.fields[name].error_messages["required"] = message
        self.fields["contact_email"].error_messages["invalid"] = INVALID_EMAIL
        self.fields["contact_email"].validators.append(validate_plain_address)
        # Preselected; a form sent without it (an old page) means German.
        self.fields["text_language"].required = False
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> has its own token
        self.helper.layout = Layout(*self.layout_parts(), Submit("senden", self.submit_label))

    def clean_text_language(self) -> str:
        return self.cleaned_data.get("text_language") or settings.LANGUAGE_CODE

    def layout_parts(self) -> list:
        return [
            Fieldset(_("Die Gruppe"), *ENTRY_FIELDS),
            Fieldset(_("Ansprechperson (nicht öffentlich)"), *CONTACT_FIELDS),
        ]


class PictureField(forms.ImageField):
    """An upload checked by its content with offices.pictures' limits and decoded once; the
    decoded picture travels on as `upload.decoded_picture` to the service."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if isinstance(upload, UploadedFile):
            upload.decoded_picture = pictures.decode_picture(upload)
        return upload


class GroupProposalForm(HoneypotFormMixin, GroupEntryForm):
    """A group proposes its entry; staff review it before it is public."""

    submit_label = _("Eintrag vorschlagen")

    picture = PictureField(
        label=_("Ein Bild der Gruppe (freiwillig)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": pictures.ACCEPT_ATTRIBUTE}),
        help_text=_(
            "JPEG, PNG oder WebP, höchstens 15 MB. Bitte nur Bilder, die Sie zeigen dürfen."
        ),
    )
    picture_alt = forms.CharField(
        label=_("Was ist auf dem Bild zu sehen?"),
        required=False,
        max_length=250,
        help_text=_("Für Menschen, die das Bild nicht sehen können."),
    )

    privacy_consent = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass das Quartiersbüro diese Angaben speichert und die "
            "Gruppe nach der Prüfung auf der Website zeigt"
        ),
        error_messages={
            "required": _("Ohne Ihr Einverständnis können wir den Eintrag nicht speichern.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["privacy_consent"].help_text = format_html(
            _(
                "Name und E-Mail der Ansprechperson stehen nie auf der Website. Nachrichten von "
                "Menschen, die mitmachen möchten, leiten wir an diese Adresse weiter. Mehr dazu "
                'in der <a href="{url}">Datenschutzerklärung</a>.'
            ),
            url=_privacy_link(),
        )

    def layout_parts(self) -> list:
        return [
            *super().layout_parts(),
            Fieldset(_("Bild"), "picture", "picture_alt"),
            "privacy_consent",
            Div("homepage", css_class="hp-field"),
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("picture") and not cleaned.get("picture_alt", "").strip():
            self.add_error(
                "picture_alt", _("Bitte beschreiben Sie kurz, was auf dem Bild zu sehen ist.")
            )
        return cleaned

    def new_picture(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("picture")
        return upload if isinstance(upload, UploadedFile) else None


class JoinForm(HoneypotFormMixin, forms.Form):
    """ "Mitmachen": a resident writes to a group; the office passes it on."""

    name = forms.CharField(
        label=_("Ihr Name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        validators=[validate_plain_address],
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Die Gruppe antwortet Ihnen an diese Adresse."),
    )
    message = forms.CharField(
        label=_("Ihre Nachricht an die Gruppe"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Zum Beispiel, wann Sie vorbeikommen möchten oder was Sie fragen wollen."),
    )
    privacy_consent = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass das Quartiersbüro meine Nachricht an die Gruppe "
            "weiterleitet"
        ),
        error_messages={
            "required": _("Ohne Ihr Einverständnis können wir die Nachricht nicht weiterleiten.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["privacy_consent"].help_text = format_html(
            _(
                "Die Ansprechperson der Gruppe bekommt Ihren Namen, Ihre E-Mail-Adresse und "
                "Ihre Nachricht. Wir löschen die Nachricht bei uns nach {days} Tagen. Mehr dazu "
                'in der <a href="{url}">Datenschutzerklärung</a>.'
            ),
            days=settings.RETENTION_DAYS["initiatives_join_requests"],
            url=_privacy_link(),
        )
        self.fields["name"].error_messages["required"] = _("Bitte geben Sie Ihren Namen an.")
        self.fields["email"].error_messages["required"] = _(
            "Bitte geben Sie Ihre E-Mail-Adresse an, damit die Gruppe Ihnen antworten kann."
        )
        self.fields["email"].error_messages["invalid"] = INVALID_EMAIL
        self.fields["message"].error_messages["required"] = _(
            "Bitte schreiben Sie der Gruppe ein paar Worte."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "name",
            "email",
            "message",
            "privacy_consent",
            Div("homepage", css_class="hp-field"),
            Submit("senden", _("Nachricht senden")),
        )


class GroupAdminForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = [
            *ENTRY_FIELDS,
            "slug",
            "status",
            "picture",
            "picture_alt",
            *CONTACT_FIELDS,
        ]
        field_classes = {"picture": PictureField}
        widgets = {
            "picture": forms.ClearableFileInput(attrs={"accept": pictures.ACCEPT_ATTRIBUTE}),
            "activity": forms.Textarea(attrs={"rows": 5}),
            "audience": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Wird Teil der Adresse /initiativen/…/. Leer lassen: die Website bildet ihn aus "
            "dem Namen."
        )
        self.fields["contact_email"].validators.append(validate_plain_address)

    def new_picture(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("picture")
        if "picture" in self.changed_data and isinstance(upload, UploadedFile):
            return upload
        return None
