"""Files chosen in a form that came back with errors, kept until the corrected form is sent.

A browser cannot keep a chosen file across a page with errors, so the server does: the file
waits in the private storage (a folder readable by the site's user only, or the private
bucket) and the form carries a signed reference to it. Every app server sees the private
storage, so the corrected form may reach another server than the first. The schedule removes
kept files older than a day (`forget_kept_uploads`)."""

import secrets
import tempfile
from datetime import datetime, timedelta

from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from quartier.core.private_files import private_files

FOLDER = "kept-uploads"
SALT = "offices.admin_forms.kept-upload"
MAX_AGE = timedelta(days=1)
CHUNK = 1024 * 1024


def keep_upload(upload: UploadedFile, *, user_id: int) -> str:
    """Stores the upload for a day and returns a signed reference for the re-posted form."""
    upload.seek(0)
    stored = private_files.save(f"{FOLDER}/{secrets.token_hex(16)}", upload)
    return signing.dumps(
        {"file": stored, "name": upload.name, "type": upload.content_type, "user": user_id},
        salt=SALT,
    )


def kept_upload(reference: str, *, user_id: int) -> UploadedFile | None:
    """The upload behind a reference from keep_upload, for the same person, within a day."""
    try:
        data = signing.loads(reference, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    name = str(data.get("file", ""))
    if data.get("user") != user_id or not name.startswith(f"{FOLDER}/") or ".." in name:
        return None
    # A local copy that vanishes when closed: the form and the picture checks read it like
    # any upload, and nothing of it stays on this server.
    copy = tempfile.TemporaryFile()
    try:
        with private_files.open(name, "rb") as stored:
            while chunk := stored.read(CHUNK):
                copy.write(chunk)
    except FileNotFoundError:
        copy.close()
        return None
    size = copy.tell()
    copy.seek(0)
    return UploadedFile(copy, name=data["name"], content_type=data["type"], size=size)


# Residents have no account: on public forms a kept file belongs to whoever holds the signed
# reference (it is only ever sent back to the same browser, inside the form).
ANONYMOUS = 0


def files_with_kept(request, *, field: str, user_id: int = ANONYMOUS):
    """The posted files, with the file chosen before a form error put back under `field`,
    unless a new one is chosen now or the field was cleared."""
    files = request.FILES.copy()
    reference = request.POST.get(f"{field}__kept", "")
    if reference and field not in files and not request.POST.get(f"{field}-clear"):
        upload = kept_upload(reference, user_id=user_id)
        if upload is not None:
            files[field] = upload
    return files


PICTURE_LOST = _(
    "Ihr Bild von vorhin ist nicht mehr aufbewahrt (nach einem Tag wird es gelöscht). Bitte "
    "wählen Sie es noch einmal aus, oder senden Sie das Formular ohne Bild."
)


def say_when_kept_file_is_lost(request, files, form, *, field: str) -> None:
    """A form that carries a kept file which is gone by now (older than a day, or cleaned up)
    is not sent without it: the field says so, and the next submit goes without the file unless
    one is chosen again."""
    if field in files or request.POST.get(f"{field}-clear"):
        return
    if request.POST.get(f"{field}__kept"):
        form.add_error(field, PICTURE_LOST)


def kept_for_page(files, form, *, field: str, user_id: int = ANONYMOUS) -> dict | None:
    """For a form that comes back with errors: keeps the chosen file (unless the file itself was
    the error) and returns what the page shows and carries (templates/includes/_kept_file.html)."""
    upload = files.get(field)
    if upload is None or field in form.errors:
        return None
    return {
        "name": upload.name,
        "input_name": f"{field}__kept",
        "reference": keep_upload(upload, user_id=user_id),
    }


def forget_kept_uploads(*, now: datetime) -> int:
    """Removes kept files older than MAX_AGE (their references have expired); returns how many."""
    try:
        _folders, names = private_files.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in names:
        path = f"{FOLDER}/{name}"
        try:
            modified = private_files.get_modified_time(path)
        except FileNotFoundError:
            continue
        if modified < now - MAX_AGE:
            private_files.delete(path)
            removed += 1
    return removed
