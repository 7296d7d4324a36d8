"""The applicant's consent to show a funded project in "Geförderte Projekte": given in the
declarations (the project) and with the Verwendungsnachweis (the photos), taken back through the
status link. Not a status change: the status stays, the timeline gets a line for the record."""

from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fund_applications import register_photos
from fund_applications.enums import Actor
from fund_applications.models import Application, ApplicationStatusChange
from quartier.core import clock, page_cache


class ConsentKind(StrEnum):
    PROJECT = "projekt"
    PHOTOS = "fotos"


FIELDS = {
    ConsentKind.PROJECT: ("publication_consent_given_at", "publication_consent_revoked_at"),
    ConsentKind.PHOTOS: ("photo_consent_given_at", "photo_consent_revoked_at"),
}


def _timeline_comment(kind: ConsentKind, given: bool) -> str:
    if kind == ConsentKind.PROJECT:
        if given:
            return _("Einwilligung: Projekt darf unter „Geförderte Projekte“ gezeigt werden")
        return _("Einwilligung widerrufen: Projekt wird nicht mehr öffentlich gezeigt")
    if given:
        return _("Einwilligung: Fotos vom Projekt dürfen öffentlich gezeigt werden")
    return _("Einwilligung widerrufen: Fotos werden nicht mehr öffentlich gezeigt")


def consent_set(
    *, application: Application, kind: ConsentKind, given: bool, actor: str = Actor.APPLICANT
) -> Application:
    """Give or take back one consent; the timestamps say when, the timeline keeps every change.
    Nothing happens when the consent is already as asked (a second click, a reloaded form)."""
    given_field, revoked_field = FIELDS[ConsentKind(kind)]
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.anonymised_at:
            raise ValidationError(_("Dieser Antrag ist gelöscht."), code="anonymised")
        active = getattr(locked, given_field) is not None and getattr(locked, revoked_field) is None
        if active == given:
            return locked
        now = clock.now()
        if given:
            setattr(locked, given_field, now)
            setattr(locked, revoked_field, None)
        else:
            setattr(locked, revoked_field, now)
        locked.save(update_fields=[given_field, revoked_field, "updated_at"])
        ApplicationStatusChange.objects.create(
            application=locked,
            from_status=locked.status,
            to_status=locked.status,
            actor=actor,
            comment=_timeline_comment(ConsentKind(kind), given),
            created_at=now,
        )
        if given and kind == ConsentKind.PHOTOS:
            # Photos from before the register kept pictures get theirs now, not on a request.
            register_photos.renditions_ensure(locked.report_photos.all())
        # The register, its feed and the photos are cached pages: stale at once.
        transaction.on_commit(page_cache.content_changed)
    for name in (given_field, revoked_field):
        setattr(application, name, getattr(locked, name))
    return locked
