"""The groups directory: a group's entry, a change its contact proposed, a "Mitmachen" message."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from offices.initiatives.enums import GroupStatus
from offices.pictures import PictureRenditions
from quartier.core import clock
from quartier.core.line_breaks import validate_one_line

# What a group tells about itself: the entry has it, and so has a change waiting for review.
ENTRY_FIELDS = (
    "name",
    "activity",
    "meeting_time",
    "meeting_place",
    "audience",
    "languages",
    "text_language",
)
# Paths below /initiativen/ that are no group: a slug must not hide them.
RESERVED_SLUGS = frozenset({"eintragen", "eintrag"})


def validate_group_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("„%(slug)s“ ist für die Website reserviert. Bitte wählen Sie einen anderen."),
            code="reserved",
            params={"slug": value},
        )


class GroupText(models.Model):
    name = models.CharField(_("Name der Gruppe"), max_length=120, validators=[validate_one_line])
    activity = models.TextField(
        _("Was wir machen"),
        max_length=1500,
        help_text=_("Ein paar Sätze: was die Gruppe tut und was man bei ihr erlebt."),
    )
    meeting_time = models.CharField(
        _("Wann wir uns treffen"),
        max_length=200,
        validators=[validate_one_line],
        help_text=_("Zum Beispiel „jeden zweiten Samstag, 10 bis 13 Uhr“."),
    )
    meeting_place = models.CharField(
        _("Wo wir uns treffen"),
        max_length=200,
        validators=[validate_one_line],
        help_text=_("Straße oder bekannter Ort, zum Beispiel „Gemeinschaftsgarten am Mosselde“."),
    )
    audience = models.CharField(
        _("Wer willkommen ist"),
        max_length=300,
        help_text=_("Zum Beispiel „alle, auch ohne Vorkenntnisse; Kinder mit Eltern“."),
    )
    languages = models.CharField(
        _("Sprachen in der Gruppe"),
        max_length=200,
        validators=[validate_one_line],
        help_text=_("Zum Beispiel „Deutsch, Türkisch, Arabisch“."),
    )
    # The group writes its own text, in its own language: pages mark it with lang and dir.
    text_language = models.CharField(
        _("Sprache dieses Eintrags"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("In welcher Sprache Sie die Texte oben geschrieben haben."),
    )
    contact_name = models.CharField(
        _("Ansprechperson"), max_length=120, validators=[validate_one_line]
    )
    contact_email = models.EmailField(
        _("E-Mail der Ansprechperson"),
        help_text=_("Steht nie auf der Website. Nachrichten über „Mitmachen“ gehen hierhin."),
    )

    class Meta:
        abstract = True


class GroupQuerySet(models.QuerySet):
    def published(self) -> "GroupQuerySet":
        return self.filter(status=GroupStatus.PUBLISHED)

    def proposed(self) -> "GroupQuerySet":
        return self.filter(status=GroupStatus.PROPOSED)

    def of_contact(self, email: str) -> "GroupQuerySet":
        return self.filter(contact_email__iexact=email.strip())


class Group(PictureRenditions, GroupText):
    """One group of the Quartier in the directory: public once staff published it."""

    slug = models.SlugField(
        _("Kurzname in der Adresse"),
        max_length=80,
        unique=True,
        validators=[validate_group_slug],
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=GroupStatus.choices, default=GroupStatus.PROPOSED
    )
    # The largest JPEG rendition: never the upload itself (see offices.pictures).
    picture = models.ImageField(_("Bild"), upload_to="initiativen/", max_length=200, blank=True)
    picture_alt = models.CharField(
        _("Bildbeschreibung (Alternativtext)"),
        max_length=250,
        blank=True,
        help_text=_(
            "Was ist auf dem Bild zu sehen? Für Menschen, die das Bild nicht sehen können."
        ),
    )
    picture_renditions = models.JSONField(_("Bildgrößen"), default=list, blank=True, editable=False)
    # The contact's private link (quartier.core.private_links): key for the index, secret.
    link_key = models.CharField(max_length=16, unique=True, editable=False)
    link_secret = models.CharField(max_length=64, editable=False)
    consent_given_at = models.DateTimeField(_("Einwilligung Datenschutz am"))
    created_at = models.DateTimeField(_("Vorgeschlagen am"), default=clock.now)
    published_at = models.DateTimeField(_("Veröffentlicht am"), null=True, blank=True)
    updated_at = models.DateTimeField(_("Zuletzt geändert"), auto_now=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("Gruppe")
        verbose_name_plural = _("Gruppen")
        indexes = [models.Index(fields=["status", "name", "id"], name="group_directory")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=GroupStatus.values), name="group_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(picture="") | ~Q(picture_alt=""),
                name="group_picture_has_alt",
                violation_error_message=_("Ein Bild braucht eine Bildbeschreibung."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", kwargs={"slug": self.slug})

    @property
    def token(self) -> str:
        return self.link_key + self.link_secret

    @property
    def is_public(self) -> bool:
        return self.status == GroupStatus.PUBLISHED

    @property
    def is_hidden(self) -> bool:
        return self.status == GroupStatus.HIDDEN


class GroupChange(GroupText):
    """What a group's contact wants changed, waiting for staff: the public entry stays as it
    is until staff take it over. A new proposal replaces the one waiting."""

    group = models.OneToOneField(
        Group, verbose_name=_("Gruppe"), on_delete=models.CASCADE, related_name="pending_change"
    )
    created_at = models.DateTimeField(_("Vorgeschlagen am"), default=clock.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Vorgeschlagene Änderung")
        verbose_name_plural = _("Vorgeschlagene Änderungen")

    def __str__(self) -> str:
        return str(_("Änderung für %(group)s")) % {"group": self.group.name}

    def changed_fields(self) -> list[tuple[str, str, str]]:
        """(label, now, proposed) for every field the change would alter."""
        rows = []
        for name in (*ENTRY_FIELDS, "contact_name", "contact_email"):
            before, after = getattr(self.group, name), getattr(self, name)
            if before != after:
                rows.append((str(self._meta.get_field(name).verbose_name), before, after))
        return rows


class JoinRequestQuerySet(models.QuerySet):
    def of_person(self, email: str) -> "JoinRequestQuerySet":
        return self.filter(email__iexact=email.strip())

    def created_before(self, moment: datetime) -> "JoinRequestQuerySet":
        return self.filter(created_at__lt=moment)


class JoinRequest(models.Model):
    """A resident's "Mitmachen" message, relayed to the group's contact through the outbox."""

    group = models.ForeignKey(
        Group, verbose_name=_("Gruppe"), on_delete=models.CASCADE, related_name="join_requests"
    )
    name = models.CharField(_("Name"), max_length=120, validators=[validate_one_line])
    email = models.EmailField(_("E-Mail"))
    message = models.TextField(_("Nachricht"), max_length=2000)
    consent_given_at = models.DateTimeField(_("Einwilligung Datenschutz am"))
    created_at = models.DateTimeField(_("Eingegangen am"), default=clock.now)
    # False when the contact had too many mails today: staff then pass it on by hand.
    relayed = models.BooleanField(_("Weitergeleitet"), default=False)

    objects = JoinRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Mitmachen-Nachricht")
        verbose_name_plural = _("Mitmachen-Nachrichten")
        indexes = [models.Index(fields=["email", "created_at"], name="joinrequest_person")]

    def __str__(self) -> str:
        return str(_("%(name)s an %(group)s")) % {"name": self.name, "group": self.group.name}
