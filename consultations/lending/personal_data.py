"""The one list of a loan's fields that name or reach a person: the Auskunft shows them, the
retention rule and the erasure delete the loans that hold them (services.erasure)."""

from django.utils.translation import gettext_lazy as _

PERSONAL_FIELDS = (
    "name",
    "email",
    "phone",
    "group_name",
    "purpose",
    "handout_note",
    "return_note",
    "damage_report",
)

# What the Auskunft lists beside them, so the person sees what the data were for.
CONTEXT_FIELDS = ("item", "status", "starts_at", "ends_at", "created_at", "people", "language")

AUSKUNFT_TITLE = _("Auskunft: Verleih")
