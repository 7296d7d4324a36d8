"""schema.org JSON-LD for an office page: regular hours as `openingHoursSpecification`, holidays,
closures and special openings of the coming weeks as `specialOpeningHoursSpecification`."""

import json
from datetime import date, time

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from consultations.enums import SCHEMA_ORG_DAYS
from consultations.selectors import OfficeHours
from offices.enums import PartnerKind

# The city's Quartiersmanagement and the Jobcenter are public offices; others are places that
# offer a service (LocalBusiness is the schema.org type that has opening hours).
GOVERNMENT_KINDS = {PartnerKind.NEIGHBOURHOOD_MANAGEMENT, PartnerKind.JOBCENTER}

# Like Django's json_script: nothing in the data can close the <script> element or open a comment.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _hours(opens, closes) -> dict:
    return {
        "@type": "OpeningHoursSpecification",
        "opens": opens.strftime("%H:%M"),
        "closes": closes.strftime("%H:%M"),
    }


def office_structured_data(*, office_hours: OfficeHours, url: str, today: date) -> dict:
    office = office_hours.office
    regular = []
    for slot in office_hours.schedule.slots:
        if slot.valid_until and slot.valid_until < today:
            continue
        spec = _hours(slot.start, slot.end)
        spec["dayOfWeek"] = f"https://schema.org/{SCHEMA_ORG_DAYS[slot.weekday]}"
        if slot.valid_from:
            spec["validFrom"] = slot.valid_from.isoformat()
        if slot.valid_until:
            spec["validThrough"] = slot.valid_until.isoformat()
        regular.append(spec)

    special = []
    for day in office_hours.changed_days:
        # schema.org: opens = closes = 00:00 on a date means closed all day.
        for opens, closes in [i.times for i in day.intervals] or [(time(0), time(0))]:
            spec = _hours(opens, closes)
            spec["validFrom"] = spec["validThrough"] = day.day.isoformat()
            if day.reasons:
                spec["description"] = ", ".join(day.reasons)
            special.append(spec)

    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOffice" if office.kind in GOVERNMENT_KINDS else "LocalBusiness",
        "@id": f"{url}#buero",
        "name": office.name,
        "description": office.summary,
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": office.street,
            "postalCode": office.postal_code,
            "addressLocality": office.city,
            "addressCountry": "DE",
        },
        "openingHoursSpecification": regular,
        "specialOpeningHoursSpecification": special,
    }
    if office.phone:
        data["telephone"] = office.phone
    if office.email:
        data["email"] = office.email
    return data


def json_ld(data: dict) -> SafeString:
    """JSON for a <script type="application/ld+json"> element, safe to put into HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=None)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 - escaped above
