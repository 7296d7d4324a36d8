"""A choice of records shown by name alone, for lists that grow with the data (the groups of
the directory, hundreds of them): the options come from (id, name) rows, without building a
model instance per option, which took more time than writing the option itself."""

from django import forms
from django.forms.models import ModelChoiceIterator


class NameChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", self.field.name_field)


class NameChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options are the records' `name_field` (their str() must be
    that field, so the options read as before); what is sent is checked as Django does."""

    iterator = NameChoiceIterator

    def __init__(self, queryset, *, name_field: str = "name", **kwargs):
        self.name_field = name_field
        super().__init__(queryset, **kwargs)
