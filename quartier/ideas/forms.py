"""The public forms: an idea, and a support. They validate only; the views call the services."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from offices.forms import PictureField
from offices.pictures import ACCEPT_ATTRIBUTE
from quartier.core.addresses import validate_plain_address
from quartier.core.honeypot import HoneypotFormMixin
from quartier.core.line_breaks import validate_one_line
from quartier.ideas.models import TEXT_MAX, TITLE_MAX, Topic

EMAIL_ERRORS = {
    "required": _("Bitte geben Sie Ihre E-Mail-Adresse ein."),
    "invalid": _("Bitte geben Sie eine E-Mail-Adresse wie name@example.org ein."),
}
PUBLISH_CHOICES = [
    ("ja", _("Ja, das Büro darf meine Idee auf der Website zeigen (ohne meine E-Mail-Adresse).")),
    ("nein", _("Nein, nur das Büro soll sie lesen und mir antworten.")),
]


def _email_field(label) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        max_length=254,
        validators=[validate_plain_address],
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages=EMAIL_ERRORS,
    )


class TopicChoiceField(forms.ModelChoiceField):
    """The topics by their name in the page's language."""

    def label_from_instance(self, obj) -> str:
        return str(obj.local_name)


class IdeaForm(HoneypotFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Ihre Idee in wenigen Worten"),
        max_length=TITLE_MAX,
        validators=[validate_one_line],
        help_text=_("Zum Beispiel: „Eine Bank am Spielplatz Mosselde“."),
        error_messages={
            "required": _("Bitte geben Sie Ihrer Idee einen kurzen Titel."),
            "max_length": _(
                "Bitte fassen Sie den Titel kürzer: höchstens %(limit_value)d Zeichen."
            ),
        },
    )
    text = forms.CharField(
        label=_("Beschreibung"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Was schlagen Sie vor, und warum? Bitte nennen Sie keine anderen Personen."),
        error_messages={
            "required": _("Bitte beschreiben Sie Ihre Idee."),
            "max_length": _(
                "Bitte fassen Sie sich kürzer: höchstens %(limit_value)d Zeichen "
                "(jetzt %(show_value)d)."
            ),
        },
    )
    topic = TopicChoiceField(
        label=_("Thema"),
        queryset=Topic.objects.filter(is_active=True),
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Bitte wählen Sie ein Thema."),
            "invalid_choice": _("Bitte wählen Sie ein Thema aus der Liste."),
        },
    )
    place = forms.CharField(
        label=_("Wo? (Straße oder bekannter Ort)"),
        max_length=200,
        required=False,
        validators=[validate_one_line],
    )
    picture = PictureField(
        label=_("Foto (freiwillig)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        help_text=_(
            "JPEG, PNG oder WebP. Bitte keine Fotos, auf denen Menschen zu erkennen sind. "
            "Wir entfernen Ortsangaben und andere Daten aus dem Foto."
        ),
    )
    picture_alt = forms.CharField(
        label=_("Was ist auf dem Foto zu sehen?"),
        max_length=250,
        required=False,
        validators=[validate_one_line],
        help_text=_("Für Menschen, die das Foto nicht sehen können."),
    )
    language = forms.ChoiceField(
        label=_("In welcher Sprache schreiben Sie?"),
        choices=settings.LANGUAGES,
    )
    publish = forms.ChoiceField(
        label=_("Darf Ihre Idee öffentlich gezeigt werden?"),
        choices=PUBLISH_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte sagen Sie, ob wir Ihre Idee zeigen dürfen.")},
    )
    email = _email_field(_("Ihre E-Mail-Adresse für Rückfragen"))
    consent = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass das Quartiersbüro meine Idee und meine E-Mail-Adresse "
            "speichert, um mir zu antworten."
        ),
        error_messages={"required": _("Bitte stimmen Sie zu, sonst können wir nicht antworten.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = _("Sie wird nie veröffentlicht.")
        language = get_language() or settings.LANGUAGE_CODE
        if language in dict(settings.LANGUAGES):
            self.fields["language"].initial = language

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("picture") and not cleaned.get("picture_alt", "").strip():
            self.add_error(
                "picture_alt", _("Bitte beschreiben Sie kurz, was auf dem Foto zu sehen ist.")
            )
        return cleaned


class SupportForm(HoneypotFormMixin, forms.Form):
    email = _email_field(_("Ihre E-Mail-Adresse"))
    consent = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass meine Unterstützung gezählt wird. Das Büro sieht nur "
            "die Zahl, nie wer unterstützt."
        ),
        error_messages={"required": _("Bitte stimmen Sie zu, sonst können wir nicht zählen.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = _(
            "Wir schicken Ihnen einen Link. Erst wenn Sie dort bestätigen, zählt Ihre "
            "Unterstützung. Wir speichern Ihre Adresse nicht, nur ein Zeichen, dass sie "
            "schon gezählt ist."
        )
