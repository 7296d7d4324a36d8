"""Small admin form habits shared by the office and consultation admins."""

from django.contrib import messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from quartier.core.kept_uploads import keep_upload, kept_upload


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


class KeepUploadMixin:
    """A ModelAdmin mixin. A browser cannot keep a chosen file across a page with errors, so
    the server does: the file waits in the private storage every app server sees
    (quartier.core.kept_uploads) and the form carries a signed reference to it (a hidden input,
    no JavaScript); the next submit uses it unless a new file is chosen. The message at the top
    and the file field say so. A form shown again without errors (after a preview) keeps its
    file the same way."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            for key, reference in request.POST.items():
                name = key.removesuffix(KEPT_SUFFIX)
                if name == key or name in request.FILES or request.POST.get(f"{name}-clear"):
                    continue
                upload = kept_upload(reference, user_id=request.user.pk)
                if upload is not None:
                    request.FILES[name] = upload
                else:  # expired, cleaned up, or not this person's: the field says so
                    request.kept_files_lost = {*getattr(request, "kept_files_lost", ()), name}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        """A form whose kept file is gone is not saved without it: the file's field says so,
        and the next submit goes without a file unless one is chosen again. ("Vorschau" saves
        nothing and says so in the preview itself.)"""
        form = super().get_form(request, obj, change, **kwargs)
        lost = getattr(request, "kept_files_lost", ())
        if not lost or "_preview" in request.POST:
            return form

        class FileLostForm(form):
            def clean(self):
                cleaned_data = super().clean()
                for name in lost:
                    if name in self.fields:
                        self.add_error(name, FILE_LOST)
                return cleaned_data

        return FileLostForm

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
