from django import forms
from django.core.files.uploadedfile import UploadedFile

from offices import pictures
from offices.models import Announcement


class PictureField(forms.ImageField):
    """An upload checked by its content with our limits, not Django's generic image check."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if isinstance(upload, UploadedFile):
            pictures.inspect_upload(upload)
        return upload


class AnnouncementAdminForm(forms.ModelForm):
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
        ]
        field_classes = {"picture": PictureField}
        widgets = {
            "picture": forms.ClearableFileInput(attrs={"accept": pictures.ACCEPT_ATTRIBUTE}),
            "teaser": forms.Textarea(attrs={"rows": 2}),
        }

    def new_picture(self) -> UploadedFile | None:
        """The picture uploaded with this form, if any (not the one already stored)."""
        picture = self.cleaned_data.get("picture")
        if "picture" in self.changed_data and isinstance(picture, UploadedFile):
            return picture
        return None
