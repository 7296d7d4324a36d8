"""Announcements and events: what is new at the office, with a programme for events."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from offices.content_language import with_translation
from offices.enums import AnnouncementStatus
from offices.models.office import MARKDOWN_HELP, Office
from offices.pictures import PictureRenditions
from quartier.core import clock
from quartier.core.formatting import hhmm
from quartier.core.history import ChangedOnlyHistoricalRecords
from quartier.core.line_breaks import validate_one_line
from quartier.core.markdown import render_markdown

# Paths below /aktuelles/ that are not announcements: a slug must not hide them.
RESERVED_ANNOUNCEMENT_SLUGS = frozenset({"feed"})


def validate_announcement_slug(value: str) -> None:
    if value in RESERVED_ANNOUNCEMENT_SLUGS:
        raise ValidationError(
            _(
                "„%(slug)s“ ist für die Website reserviert. "
                "Bitte wählen Sie einen anderen Kurznamen."
            ),
            code="reserved",
            params={"slug": value},
        )


class AnnouncementQuerySet(models.QuerySet):
    def in_page_language(self) -> "AnnouncementQuerySet":
        """With each row's translation into the page's language, for pages that read
        announcements through a relation (a group's coming events)."""
        return with_translation(self)

    def published(self, now: datetime | None = None) -> "AnnouncementQuerySet":
        """What residents may see at `now`: published, and inside the publishing window."""
        now = now or clock.now()
        return self.filter(status=AnnouncementStatus.PUBLISHED, publish_from__lte=now).filter(
            Q(publish_until__isnull=True) | Q(publish_until__gt=now)
        )

    def events(self) -> "AnnouncementQuerySet":
        return self.filter(event_start__isnull=False)

    def events_not_over(self, now: datetime) -> "AnnouncementQuerySet":
        """Events that have not ended at `now` (the same rule as Announcement.is_over)."""
        return self.events().filter(event_end__gte=now)

    def drafts(self) -> "AnnouncementQuerySet":
        return self.filter(status=AnnouncementStatus.DRAFT)

    def expiring_soon(
        self, *, days: int = 7, now: datetime | None = None
    ) -> "AnnouncementQuerySet":
        """Drafts and published ones whose "Sichtbar bis" comes within `days` days (a published
        one leaves the site then, a draft would never be seen), soonest first."""
        now = now or clock.now()
        return self.filter(
            publish_until__gt=now,
            publish_until__lte=now + timedelta(days=days),
        ).order_by("publish_until")


class Announcement(PictureRenditions, models.Model):
    """News from one partner or the whole Quartiersbüro; with a start time it is also an event."""

    title = models.CharField(_("Titel"), max_length=150, validators=[validate_one_line])
    slug = models.SlugField(
        _("Kurzname in der Adresse"),
        max_length=150,
        unique=True,
        validators=[validate_announcement_slug],
        help_text=_("Wird Teil der Adresse /aktuelles/…/. Nach der Veröffentlichung nicht ändern."),
    )
    teaser = models.CharField(
        _("Anrisstext"),
        max_length=300,
        help_text=_("Ein bis zwei Sätze für die Liste, Feeds und die Vorschau in Messengern."),
    )
    body = models.TextField(_("Text"), help_text=MARKDOWN_HELP)
    # The text as sanitised HTML, rendered once when saved: the page and the feeds show it
    # many times a minute.
    body_html = models.TextField(editable=False, blank=True, default="")
    office = models.ForeignKey(
        Office,
        verbose_name=_("Partnerbüro"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="announcements",
        help_text=_("Leer lassen, wenn die Meldung vom ganzen Quartiersbüro kommt."),
    )
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=AnnouncementStatus.choices,
        default=AnnouncementStatus.DRAFT,
    )
    publish_from = models.DateTimeField(_("Sichtbar ab"), default=clock.now)
    publish_until = models.DateTimeField(
        _("Sichtbar bis"),
        null=True,
        blank=True,
        help_text=_("Leer lassen, wenn die Meldung sichtbar bleiben soll."),
    )
    pinned = models.BooleanField(
        _("Oben anheften"), default=False, help_text=_("Steht vor allen anderen Meldungen.")
    )
    # The largest JPEG rendition: never the upload itself, which may carry GPS data.
    picture = models.ImageField(_("Bild"), upload_to="aktuelles/", max_length=200, blank=True)
    picture_alt = models.CharField(
        _("Bildbeschreibung (Alternativtext)"),
        max_length=250,
        blank=True,
        help_text=_(
            "Was ist auf dem Bild zu sehen? Für Menschen, die das Bild nicht sehen können."
        ),
    )
    picture_credit = models.CharField(
        _("Bildnachweis"), max_length=150, blank=True, help_text=_("Zum Beispiel: Foto: Name")
    )
    # Written once by offices.services when a picture is uploaded; see offices.pictures.
    picture_renditions = models.JSONField(_("Bildgrößen"), default=list, blank=True, editable=False)
    event_start = models.DateTimeField(_("Beginn der Veranstaltung"), null=True, blank=True)
    event_end = models.DateTimeField(_("Ende der Veranstaltung"), null=True, blank=True)
    event_place = models.CharField(
        _("Ort der Veranstaltung"), max_length=200, blank=True, validators=[validate_one_line]
    )
    # The group of the directory that runs the event (by name: initiatives stands below).
    run_by = models.ForeignKey(
        "initiatives.Group",
        verbose_name=_("Veranstaltet von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("Eine Gruppe aus „Initiativen und Gruppen“, die die Veranstaltung macht."),
    )
    created_at = models.DateTimeField(_("Angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Zuletzt geändert"), auto_now=True)

    objects = AnnouncementQuerySet.as_manager()

    history = ChangedOnlyHistoricalRecords(excluded_fields=["body_html"])

    class Meta:
        ordering = ["-pinned", "-publish_from", "-pk"]
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        indexes = [
            # In the order of the news list and the feed, so the database reads one page of it
            # instead of sorting every published row; with "Sichtbar bis" it also counts the
            # pages without reading the rows.
            models.Index(
                fields=["status", "pinned", "publish_from", "id", "publish_until"],
                name="announcement_public",
            ),
            # Events in the order of the events list and the calendar: the next ones are read
            # from the index instead of sorting every announcement.
            models.Index(fields=["status", "event_start", "id"], name="announcement_events"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AnnouncementStatus.values),
                name="announcement_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(picture="") | ~Q(picture_alt=""),
                name="announcement_picture_has_alt",
                violation_error_message=_("Ein Bild braucht eine Bildbeschreibung."),
            ),
            models.CheckConstraint(
                condition=Q(publish_until__isnull=True) | Q(publish_until__gt=F("publish_from")),
                name="announcement_publish_window",
                violation_error_message=_("„Sichtbar bis“ muss nach „Sichtbar ab“ liegen."),
            ),
            # An event has a start, a later end and a place; a plain announcement has none.
            models.CheckConstraint(
                condition=Q(event_start__isnull=True, event_end__isnull=True, event_place="")
                | (
                    Q(event_start__isnull=False, event_end__isnull=False)
                    & Q(event_end__gt=F("event_start"))
                    & ~Q(event_place="")
                ),
                name="announcement_event_complete",
                violation_error_message=_(
                    "Eine Veranstaltung braucht Beginn, ein späteres Ende und einen Ort."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.body_html = render_markdown(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("news:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        # The same rules as the constraints, but with the message next to the field.
        errors = {}
        if self.picture and not self.picture_alt.strip():
            errors["picture_alt"] = _("Bitte beschreiben Sie kurz, was auf dem Bild zu sehen ist.")
        if self.publish_until and self.publish_from and self.publish_until <= self.publish_from:
            errors["publish_until"] = _("„Sichtbar bis“ muss nach „Sichtbar ab“ liegen.")
        has_event_data = self.event_start or self.event_end or self.event_place
        if has_event_data:
            if not self.event_start:
                errors["event_start"] = _("Bitte geben Sie den Beginn an.")
            if not self.event_end:
                errors["event_end"] = _("Bitte geben Sie das Ende an.")
            elif self.event_start and self.event_end <= self.event_start:
                errors["event_end"] = _("Das Ende muss nach dem Beginn liegen.")
            if not self.event_place.strip():
                errors["event_place"] = _("Bitte geben Sie den Ort an.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_event(self) -> bool:
        return self.event_start is not None

    @property
    def office_label(self) -> str:
        return self.office.short_name if self.office_id else str(_("Quartiersbüro"))

    def is_over(self, now: datetime) -> bool:
        """An event that has ended (the same rule as AnnouncementQuerySet.events_not_over)."""
        return self.event_end is not None and self.event_end < now

    def is_public(self, now: datetime | None = None) -> bool:
        now = now or clock.now()
        return (
            self.status == AnnouncementStatus.PUBLISHED
            and self.publish_from <= now
            and (self.publish_until is None or self.publish_until > now)
        )


class ProgrammeItem(models.Model):
    """One point of an event's programme: when, and what happens."""

    announcement = models.ForeignKey(
        Announcement,
        verbose_name=_("Meldung"),
        on_delete=models.CASCADE,
        related_name="programme",
    )
    time = models.TimeField(_("Uhrzeit"))
    title = models.CharField(_("Programmpunkt"), max_length=200, validators=[validate_one_line])

    history = ChangedOnlyHistoricalRecords()

    class Meta:
        ordering = ["time", "pk"]
        verbose_name = _("Programmpunkt")
        verbose_name_plural = _("Programm")

    def __str__(self) -> str:
        return f"{hhmm(self.time)} {self.title}"
