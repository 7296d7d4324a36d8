"""The staff's "Vorschau" of an announcement: what they typed, unsaved, as residents will read
it. Built from the checked admin form; nothing here writes to the database or the storage."""

from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.forms import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from offices import pictures
from offices.models import Announcement, ProgrammeItem
from quartier.core.markdown import render_markdown

PICTURE_LOST = _(
    "Das zuvor ausgewählte Bild ist nicht mehr aufbewahrt und kann hier nicht gezeigt werden. "
    "Bitte wählen Sie es unten noch einmal aus."
)
PICTURE_UNREADABLE = _(
    "Das ausgewählte Bild kann die Vorschau nicht zeigen. Bitte prüfen Sie es nach dem "
    "Speichern auf der Seite der Meldung."
)
STORED_PICTURE_MISSING = _(
    "Zum gespeicherten Bild fehlen die Bildgrößen für die Website, deshalb kann die Vorschau "
    "es nicht zeigen. Bitte wählen Sie das Bild unten noch einmal aus."
)


@dataclass(frozen=True)
class AnnouncementPreview:
    announcement: Announcement  # the typed values on an unsaved instance
    programme: list[ProgrammeItem]
    picture: pictures.InlinePicture | None  # a picture chosen in this form, not yet stored
    picture_unavailable: str  # why a picture that should be there cannot be shown, or ""


def announcement_preview(
    *,
    announcement: Announcement,
    new_picture: UploadedFile | None,
    programme: BaseInlineFormSet | None,
    picture_lost: bool,
) -> AnnouncementPreview:
    """The preview of a checked form: `announcement` holds the typed values (never saved),
    `new_picture` the upload chosen now, `picture_lost` a kept upload that has gone, and
    `programme` the programme's formset (None for someone who may not edit the programme)."""
    if programme is not None:
        points = programme_points(programme)
    else:  # not editable here: the saved programme stays as it is
        points = list(announcement.programme.all()) if announcement.pk else []
    picture = None
    unavailable = ""
    if new_picture is not None:
        try:
            picture = pictures.inline_preview(new_picture.decoded_picture)
        except (AttributeError, OSError, ValueError, MemoryError):
            unavailable = PICTURE_UNREADABLE
    elif picture_lost:
        unavailable = PICTURE_LOST
    elif announcement.picture and announcement.fallback_rendition is None:
        unavailable = STORED_PICTURE_MISSING
    # The page shows the text as rendered when saved; the preview shows the typed one.
    announcement.body_html = render_markdown(announcement.body)
    return AnnouncementPreview(
        announcement=announcement,
        programme=points,
        picture=picture,
        picture_unavailable=str(unavailable),
    )


def programme_points(formset: BaseInlineFormSet) -> list[ProgrammeItem]:
    """The programme as typed: kept and new points, without the ones marked for deletion."""
    deleted = set(formset.deleted_forms) if formset.can_delete else set()
    typed = [
        form.instance
        for form in formset.forms
        if form not in deleted
        and (form in formset.initial_forms or form.has_changed())
        and form.instance.time is not None
    ]
    return sorted(typed, key=lambda item: item.time)
