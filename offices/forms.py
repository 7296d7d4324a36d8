from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from offices import pictures
from offices import video as video_files
from offices.initiatives.models import Group
from offices.models import RESERVED_ANNOUNCEMENT_SLUGS, Announcement, Office, SignLanguageVideo
from quartier.core.addresses import validate_plain_address
from quartier.core.choice_fields import NameChoiceField
from quartier.core.slugs import unique_slug


class PictureField(forms.ImageField):
    """An upload checked by its content with our limits, not Django's generic image check.
    It is decoded here, once: a broken or truncated picture is a form error; the decoded
    picture (without metadata) travels on as `upload.decoded_picture` to the service."""

    decode = staticmethod(pictures.decode_picture)

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if isinstance(upload, UploadedFile):
            upload.decoded_picture = self.decode(upload)
        return upload


class LogoField(PictureField):
    decode = staticmethod(pictures.decode_logo)


SLUG_HELP = _(
    "Wird Teil der Adresse. Leer lassen: die Website bildet ihn beim Speichern aus dem Namen "
    "(ü wird ue, ß wird ss). Nach der Veröffentlichung nicht mehr ändern."
)


def new_upload(form: forms.ModelForm, name: str) -> UploadedFile | None:
    """The file uploaded with this form for field `name`, if any (not the one already stored)."""
    upload = form.cleaned_data.get(name)
    if name in form.changed_data and isinstance(upload, UploadedFile):
        return upload
    return None


class OfficeAdminForm(forms.ModelForm):
    """The admin adds the other fields (its fieldsets); this form only makes the logo a
    picture that goes through offices.pictures."""

    class Meta:
        model = Office
        fields = ["logo"]
        field_classes = {"logo": LogoField}
        widgets = {"logo": forms.ClearableFileInput(attrs={"accept": pictures.ACCEPT_ATTRIBUTE})}
        help_texts = {
            "logo": _(
                "JPEG, PNG oder WebP. Die Website speichert das Logo neu als PNG, höchstens "
                "800 Pixel breit, ohne Metadaten (zum Beispiel ohne Ortsangaben)."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "email" in self.fields:  # residents' requests are announced to this address
            self.fields["email"].validators.append(validate_plain_address)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = SLUG_HELP

    def clean_slug(self) -> str:
        return self.cleaned_data.get("slug") or unique_slug(
            self.cleaned_data.get("short_name") or self.cleaned_data.get("name") or "",
            taken=lambda slug: (
                Office.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists()
            ),
            max_length=60,
        )

    def new_logo(self) -> UploadedFile | None:
        return new_upload(self, "logo")


# The name of the admin's "Vorschau" button: the form comes back with a preview, nothing saved.
PREVIEW_BUTTON = "_preview"


class AnnouncementAdminForm(forms.ModelForm):
    # Whether the form was checked for a preview and had no errors.
    ready_for_preview = False

    class Meta:
        model = Announcement
        fields = [
            "title",
            "slug",
            "teaser",
            "body",
            "office",
            "status",
            "publish_from",
            "publish_until",
            "pinned",
            "picture",
            "picture_alt",
            "picture_credit",
            "event_start",
            "event_end",
            "event_place",
            "run_by",
        ]
        field_classes = {"picture": PictureField, "run_by": NameChoiceField}
        widgets = {
            "picture": forms.ClearableFileInput(attrs={"accept": pictures.ACCEPT_ATTRIBUTE}),
            "teaser": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = SLUG_HELP
        # Published groups only (and the one already chosen, should it be hidden since). The
        # directory holds hundreds of groups; the choice needs only their names.
        self.fields["run_by"].queryset = Group.objects.filter(
            Q(pk__in=Group.objects.published()) | Q(pk=self.instance.run_by_id)
        )

    def clean_slug(self) -> str:
        return self.cleaned_data.get("slug") or unique_slug(
            self.cleaned_data.get("title") or "",
            taken=lambda slug: (
                slug in RESERVED_ANNOUNCEMENT_SLUGS
                or Announcement.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists()
            ),
            max_length=150,
        )

    def new_picture(self) -> UploadedFile | None:
        """The picture uploaded with this form, if any (not the one already stored)."""
        return new_upload(self, "picture")

    @property
    def is_preview(self) -> bool:
        return self.is_bound and PREVIEW_BUTTON in self.data

    def is_valid(self) -> bool:
        # The admin saves every valid form. For "Vorschau" the form is checked all the same,
        # but must come back like a form to correct (without an error) instead of being saved.
        valid = super().is_valid()
        if self.is_preview:
            self.ready_for_preview = valid
            return False
        return valid


# --- Leichte Sprache and Gebärdensprache (inclusion) ---


class VideoField(forms.FileField):
    """A video checked by its content (MP4 or WebM, size limit), its length read on the way."""

    def to_python(self, data):
        upload = super().to_python(data)
        if isinstance(upload, UploadedFile):
            upload.video_info = video_files.inspect_video(upload, size=upload.size)
        return upload


class CaptionsField(forms.FileField):
    def to_python(self, data):
        upload = super().to_python(data)
        if isinstance(upload, UploadedFile):
            video_files.check_captions(upload, size=upload.size)
        return upload


class SignLanguageVideoAdminForm(forms.ModelForm):
    class Meta:
        model = SignLanguageVideo
        fields = ["title", "video", "duration_seconds", "transcript", "captions", "is_published"]
        field_classes = {"video": VideoField, "captions": CaptionsField}
        widgets = {
            "video": forms.ClearableFileInput(attrs={"accept": video_files.ACCEPT_ATTRIBUTE}),
            "captions": forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"}),
        }

    def _get_validation_exclusions(self):
        # Publishing this video takes the other one off the page (the service does that); the
        # one-published-video constraint is checked there, after the swap.
        return super()._get_validation_exclusions() | {"is_published"}

    def new_video(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("video")
        return upload if isinstance(upload, UploadedFile) else None

    def new_captions(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("captions")
        return upload if isinstance(upload, UploadedFile) else None

    def clean(self):
        cleaned = super().clean()
        upload = self.new_video()
        read = upload.video_info.duration_seconds if upload is not None else None
        known = read or cleaned.get("duration_seconds")
        if "video" in cleaned and not known and "duration_seconds" not in self.errors:
            self.add_error(
                "duration_seconds",
                ValidationError(
                    _(
                        "Die Länge steht nicht in der Videodatei. Bitte tragen Sie sie in "
                        "Sekunden ein (zum Beispiel 125 für 2 Minuten und 5 Sekunden)."
                    ),
                    code="duration_missing",
                ),
            )
        return cleaned
