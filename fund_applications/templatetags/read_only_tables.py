"""Read-only rows below an application (timeline, cost plan, payouts, files): the cells
worked out in one pass, as Django's read-only fields show them. Django's tabular inline
template walks fieldsets, lines and fields per cell, which took longer than the values."""

from django import template

register = template.Library()


@register.simple_tag
def read_only_rows(inline_admin_formset) -> list[tuple]:
    """Each row: the inline form (name, hidden id fields) and its (field name, label, value)
    cells; the label stands before the value where a phone shows the row as a card."""
    return [
        (
            inline_admin_form,
            [
                (field.field["name"], field.field["label"], field.contents())
                for fieldset in inline_admin_form
                for line in fieldset
                for field in line
            ],
        )
        for inline_admin_form in inline_admin_formset
    ]
