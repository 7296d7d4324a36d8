"""Small admin form habits shared by the office and consultation admins."""

from django.contrib import messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffListMixin:
    """Lists as cards on phones and the "neu" marker: admin-staff.css on the list and form."""

    class Media:
        css = {"all": ["css/admin-staff.css"]}


class LabelledDateTimeMixin:
    """Django's split date/time widget labels only its first input; screen readers (and axe)
    need a name for the time input too: "Sichtbar ab: Uhrzeit"."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateTimeField) and formfield is not None:
            widget = getattr(formfield.widget, "widget", formfield.widget)  # related wrapper
            if isinstance(widget, AdminSplitDateTime):
                date_input, time_input = widget.widgets
                date_input.attrs["aria-label"] = _("%(field)s: Datum") % {"field": formfield.label}
                time_input.attrs["aria-label"] = _("%(field)s: Uhrzeit") % {
                    "field": formfield.label
                }
        return formfield


FILE_AGAIN = _(
    "Die ausgewählte Datei „%(name)s“ ist nicht gespeichert, weil das Formular noch Fehler hat. "
    "Bitte wählen Sie sie nach dem Korrigieren noch einmal aus."
)


class ChooseFileAgainMixin:
    """A ModelAdmin mixin. A browser cannot keep a chosen file across a page with errors (in the
    form or in an inline). Instead of dropping it silently, the message at the top and the file
    field itself say that it must be chosen again."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if request.method == "POST" and request.FILES:
            form = context["adminform"].form
            for key, upload in request.FILES.items():
                name = key.removeprefix(f"{form.prefix}-") if form.prefix else key
                if name not in form.fields or name in form.errors:
                    continue  # an inline's file, or a file that is itself refused
                message = FILE_AGAIN % {"name": upload.name}
                form.add_error(name, ValidationError(message, code="choose_again"))
                self.message_user(request, message, messages.WARNING)
        return super().render_change_form(request, context, add, change, form_url, obj)
