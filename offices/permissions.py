"""Which offices a staff member may edit, and an admin mixin that enforces it everywhere:
querysets, foreign-key choices and object permissions (not just hidden links)."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet

from offices.models import Office


def can_edit_all_offices(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("offices.edit_all_offices"))


def offices_editable_by(user) -> QuerySet[Office]:
    """All offices for coordinators, otherwise the offices the user is a member of."""
    if can_edit_all_offices(user):
        return Office.objects.all()
    if not user.is_active or not user.is_staff:
        return Office.objects.none()
    return Office.objects.filter(memberships__user=user)


class OfficeScopedAdminMixin:
    """For a ModelAdmin whose objects belong to an office via `office_field`.

    An object whose office is empty belongs to the whole Quartiersbüro: only coordinators
    may see or change those.
    """

    office_field = "office"

    def _scope_lookup(self) -> str:
        return "pk__in" if self.office_field == "pk" else f"{self.office_field}__in"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if can_edit_all_offices(request.user):
            return queryset
        return queryset.filter(**{self._scope_lookup(): offices_editable_by(request.user)})

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            try:
                exists = self.model._default_manager.filter(pk=unquote(object_id)).exists()
            except (ValidationError, ValueError):
                exists = False
            if exists:  # another office's object: say no, don't pretend it is missing
                raise PermissionDenied
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.office_field and not can_edit_all_offices(request.user):
            offices = offices_editable_by(request.user)
            kwargs["queryset"] = offices
            kwargs["required"] = True
            # The model's "Leer lassen, wenn …" is for coordinators; here a choice is needed.
            kwargs["help_text"] = ""
            only = list(offices.values_list("pk", flat=True)[:2])
            if len(only) == 1:  # one office: chosen already, nothing to get wrong
                kwargs["initial"] = only[0]
                kwargs["empty_label"] = None
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_list_filter(self, request):
        # Someone with a single office has nothing to filter by office.
        filters = super().get_list_filter(request)
        if self.office_field in filters and not can_edit_all_offices(request.user):
            if offices_editable_by(request.user)[:2].count() <= 1:
                return [f for f in filters if f != self.office_field]
        return filters

    def _office_allowed(self, request, obj) -> bool:
        if obj is None or can_edit_all_offices(request.user):
            return True
        office_id = obj.pk if self.office_field == "pk" else getattr(obj, f"{self.office_field}_id")
        return offices_editable_by(request.user).filter(pk=office_id).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._office_allowed(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._office_allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._office_allowed(request, obj)
