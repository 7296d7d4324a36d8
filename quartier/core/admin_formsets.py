"""The formset behind the admin's inline tables."""

from django.forms.models import BaseInlineFormSet
from django.utils.functional import cached_property


class InlineFormSet(BaseInlineFormSet):
    """Django's inline formset with its blank form built once per page. Django builds
    `empty_form` anew each time it is asked (the template row of "hinzufügen", the scripts
    and styles, whether the page sends files): 14 times on an application's page."""

    @cached_property
    def empty_form(self):
        return super().empty_form
