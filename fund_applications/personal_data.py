"""The one list of an application's fields that name or reach a person. The admin hides the
contact fields from the jury, exports include them only for those who may see them, and the
retention rules blank all of them (fund_applications.services.erasure)."""

# Who the applicant is and how to reach them.
CONTACT_FIELDS = (
    "organisation_name",
    "contact_name",
    "street",
    "postal_code",
    "city",
    "email",
    "phone",
)
# Free texts that may name people; the jury reads them while it decides.
NAMING_TEXT_FIELDS = ("volunteer_work", "other_funding_source", "report_text")

PERSONAL_FIELDS = CONTACT_FIELDS + NAMING_TEXT_FIELDS


def without_contact(fieldsets: list) -> list:
    """Admin fieldsets with every contact field taken out (and sections left empty dropped)."""
    result = []
    for name, options in fieldsets:
        fields = []
        for entry in options["fields"]:
            if isinstance(entry, tuple):
                kept = tuple(field for field in entry if field not in CONTACT_FIELDS)
                if kept:
                    fields.append(kept if len(kept) > 1 else kept[0])
            elif entry not in CONTACT_FIELDS:
                fields.append(entry)
        if fields:
            result.append((name, {**options, "fields": fields}))
    return result
