"""Staff correct what the applicant sent ("Angaben korrigieren"), with a reason."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fund_applications.enums import TimelineEvent
from fund_applications.models import Application
from fund_applications.services.lifecycle import application_locked, timeline_note
from quartier.core import page_cache
from quartier.core.formatting import long_date

# What staff may correct after submission, on the "Angaben korrigieren" page.
CORRECTABLE_FIELDS = [
    "applicant_type",
    "organisation_name",
    "contact_name",
    "street",
    "postal_code",
    "city",
    "email",
    "phone",
    "title",
    "public_title",
    "summary",
    "target_group",
    "place",
    "start_date",
    "end_date",
    "expected_participants",
    "neighbourhood_benefit",
    "volunteer_hours",
    "volunteer_work",
    "other_funding_source",
]
# What "Geförderte Projekte" shows of a project: a correction there must reach the cached pages.
REGISTER_FIELDS = {"title", "public_title", "summary", "start_date", "end_date"}


def _in_words(application: Application, name: str) -> str:
    field = Application._meta.get_field(name)
    value = getattr(application, name)
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    elif isinstance(value, date):
        value = long_date(value)
    text = str(value) if value not in (None, "") else "–"
    return f"„{text}“" if text != "–" else text


def application_correct(*, application: Application, user, reason: str, values: dict) -> list[str]:
    """Staff correct what the applicant sent ("Angaben korrigieren"), with a reason; the
    timeline lists every changed field with old and new value. Returns the changed labels."""
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Bitte geben Sie an, warum die Angaben korrigiert werden.")},
            code="reason_missing",
        )
    unknown = set(values) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValueError(f"not correctable: {sorted(unknown)}")
    with transaction.atomic():
        locked = application_locked(application)
        if locked.anonymised_at:
            raise ValidationError(_("Die Angaben dieses Antrags sind schon gelöscht."))
        before = {name: _in_words(locked, name) for name in values}
        changed = [name for name, value in values.items() if getattr(locked, name) != value]
        if not changed:
            raise ValidationError(_("Sie haben nichts geändert."), code="nothing_changed")
        for name in changed:
            setattr(locked, name, values[name])
        locked.full_clean(exclude=["goals"])
        locked.save(update_fields=[*changed, "updated_at"])
        lines = [
            _("%(field)s: %(old)s → %(new)s")
            % {
                "field": Application._meta.get_field(name).verbose_name,
                "old": before[name],
                "new": _in_words(locked, name),
            }
            for name in changed
        ]
        timeline_note(
            locked,
            event=TimelineEvent.CORRECTED,
            user=user,
            comment="\n".join([_("Grund: %(reason)s") % {"reason": reason.strip()}, *lines]),
        )
        if locked.publication_consented and REGISTER_FIELDS.intersection(changed):
            # The register and its feed are cached pages: the correction shows at once.
            transaction.on_commit(page_cache.content_changed)
    application.refresh_from_db()
    return [str(Application._meta.get_field(name).verbose_name) for name in changed]
