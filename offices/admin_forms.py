"""Small admin form habits shared by the office and consultation admins."""

import os
import secrets
import stat
import tempfile
import time
from pathlib import Path

from django.contrib import messages
from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


class StaffListMixin:
    """Lists as cards on phones and the "neu" marker: admin-staff.css on the list and form."""

    class Media:
        css = {"all": ["css/admin-staff.css"]}


FILE_KEPT = _(
    "Die ausgewählte Datei „%(name)s“ ist aufbewahrt, obwohl das Formular noch Fehler hat. Sie "
    "wird gespeichert, sobald Sie das Formular ohne Fehler absenden; Sie müssen sie nicht noch "
    "einmal auswählen."
)
# After "Vorschau" the form comes back without errors; the file waits the same way.
FILE_KEPT_AFTER_PREVIEW = _(
    "Die ausgewählte Datei „%(name)s“ ist aufbewahrt. Sie wird gespeichert, sobald Sie das "
    "Formular absenden; Sie müssen sie nicht noch einmal auswählen."
)
FILE_LOST = _(
    "Die zuvor ausgewählte Datei ist nicht mehr aufbewahrt und wurde nicht gespeichert. Bitte "
    "wählen Sie sie noch einmal aus."
)
KEPT_SUFFIX = "__kept"
KEPT_SALT = "offices.admin_forms.kept-upload"
KEPT_MAX_AGE = 24 * 3600


def _kept_folder() -> Path:
    """A private folder outside MEDIA_ROOT (never served, not part of the backups)."""
    folder = Path(tempfile.gettempdir()) / "quartier-kept-uploads"
    folder.mkdir(mode=0o700, exist_ok=True)
    # The temporary folder is shared with every account on the host: a folder someone else
    # made (or a link) would hand them the uploads, and one from an older version is 0755.
    found = folder.lstat()
    if stat.S_ISLNK(found.st_mode) or found.st_uid != os.getuid():
        raise PermissionError(f"{folder} does not belong to this site's user")
    folder.chmod(0o700)
    return folder


def keep_upload(upload: UploadedFile, *, user_id: int) -> str:
    """Stores the upload for a day and returns a signed reference for the re-posted form."""
    folder = _kept_folder()
    too_old = time.time() - KEPT_MAX_AGE
    for old in folder.iterdir():
        if old.stat().st_mtime < too_old:
            old.unlink(missing_ok=True)
    stored = secrets.token_hex(16)
    with os.fdopen(
        os.open(folder / stored, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb"
    ) as target:
        for chunk in upload.chunks():
            target.write(chunk)
    return signing.dumps(
        {"file": stored, "name": upload.name, "type": upload.content_type, "user": user_id},
        salt=KEPT_SALT,
    )


def kept_upload(reference: str, *, user_id: int) -> UploadedFile | None:
    """The upload behind a reference from keep_upload, for the same person, within a day."""
    try:
        data = signing.loads(reference, salt=KEPT_SALT, max_age=KEPT_MAX_AGE)
    except signing.BadSignature:
        return None
    path = _kept_folder() / data["file"]
    if data["user"] != user_id or not path.is_file():
        return None
    return UploadedFile(
        open(path, "rb"),
        name=data["name"],
        content_type=data["type"],
        size=path.stat().st_size,
    )


class KeepUploadMixin:
    """A ModelAdmin mixin. A browser cannot keep a chosen file across a page with errors, so
    the server does: the file waits in a private folder and the form carries a signed reference
    to it (a hidden input, no JavaScript); the next submit uses it unless a new file is chosen.
    The message at the top and the file field say so. A form shown again without errors (after
    a preview) keeps its file the same way."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            for key, reference in request.POST.items():
                name = key.removesuffix(KEPT_SUFFIX)
                if name == key or name in request.FILES or request.POST.get(f"{name}-clear"):
                    continue
                upload = kept_upload(reference, user_id=request.user.pk)
                if upload is not None:
                    request.FILES[name] = upload
                else:  # expired, from another server, or not this person's: say so
                    self.message_user(request, FILE_LOST, messages.WARNING)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if request.method == "POST" and request.FILES:
            form = context["adminform"].form
            errors = bool(context.get("errors"))
            kept = FILE_KEPT if errors else FILE_KEPT_AFTER_PREVIEW
            for name, upload in request.FILES.items():
                field = form.fields.get(name)
                if field is None or name in form.errors:
                    continue  # an inline's file, or a file that is itself refused
                reference = keep_upload(upload, user_id=request.user.pk)
                message = kept % {"name": upload.name}
                field.required = False  # the browser must not ask for the file again
                field.help_text = form[name].help_text = format_html(
                    '<strong>{}</strong> <input type="hidden" name="{}" value="{}"> {}',
                    message,
                    f"{name}{KEPT_SUFFIX}",
                    reference,
                    field.help_text,
                )
                self.message_user(request, message, messages.WARNING if errors else messages.INFO)
        return super().render_change_form(request, context, add, change, form_url, obj)
