"""The partners that share the shop front, the site's own pages, and who works for which
office."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from offices.enums import PartnerKind
from quartier.core.history import ChangedOnlyHistoricalRecords

PHONE_NUMBER = re.compile(r"\+?[0-9 ()/-]+")


def validate_phone_number(value: str) -> None:
    if not PHONE_NUMBER.fullmatch(value) or sum(ch.isdigit() for ch in value) < 6:
        raise ValidationError(
            _("Bitte nur Ziffern, Leerzeichen, + / - und Klammern, zum Beispiel 0170 1234567."),
            code="invalid_phone",
        )


def translation_languages() -> list[tuple[str, str]]:
    """The languages staff may translate German content into: all but the default."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class Office(models.Model):
    """One of the partners that share the shop front."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=60, unique=True)
    short_name = models.CharField(_("Kurzname"), max_length=40)
    kind = models.CharField(_("Art des Partners"), max_length=30, choices=PartnerKind.choices)
    summary = models.CharField(
        _("Kurzbeschreibung"), max_length=300, help_text=_("Ein bis zwei Sätze für die Startseite.")
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    services = models.TextField(
        _("Angebote"), help_text=_("Ein Angebot pro Zeile, in einfachen Worten.")
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=120)
    postal_code = models.CharField(_("Postleitzahl"), max_length=10)
    city = models.CharField(_("Ort"), max_length=80)
    room = models.CharField(_("Raum"), max_length=120, blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    logo = models.ImageField(_("Logo"), upload_to="offices/logos/", blank=True)
    by_appointment = models.BooleanField(
        _("Termine nach Vereinbarung"),
        default=True,
        help_text=_("Das Büro berät auch außerhalb der Sprechzeiten nach Terminvereinbarung."),
    )
    # How residents get there and what they bring: on the office's page, translatable.
    directions = models.TextField(
        _("Anfahrt"),
        blank=True,
        help_text=_(
            "Haltestellen und Wege, eine Angabe pro Zeile, z. B. „Bus bis Haltestelle …, "
            "dann 3 Minuten zu Fuß“."
        ),
    )
    step_free_access = models.TextField(
        _("Zugang ohne Stufen"),
        blank=True,
        help_text=_(
            "Stufen, Rampe, Türbreite, Toilette: was Menschen mit Rollstuhl oder Kinderwagen "
            "wissen müssen."
        ),
    )
    entrance = models.CharField(
        _("Eingang"),
        max_length=300,
        blank=True,
        help_text=_(
            "Welche Tür, welche Klingel, z. B. „Ladenlokal, Glastür rechts neben der Bäckerei“."
        ),
    )
    what_to_bring = models.TextField(
        _("Bitte mitbringen"),
        blank=True,
        help_text=_("Eine Sache pro Zeile, z. B. „Personalausweis“."),
    )
    funded_by = models.CharField(_("Gefördert durch"), max_length=300, blank=True)
    ordering = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    # Inclusion
    easy_summary = models.TextField(
        _("In Leichter Sprache"),
        blank=True,
        help_text=_(
            "Was macht das Büro? Kurze Sätze, eine Aussage pro Zeile, schwere Wörter erklären. "
            "Steht auf der Seite des Büros."
        ),
    )
    sms_number = models.CharField(
        _("Handynummer für SMS"),
        max_length=40,
        blank=True,
        validators=[validate_phone_number],
        help_text=_(
            "Für gehörlose Menschen: eine Nummer, an die man eine SMS schreiben kann. "
            "Leer lassen, wenn es keine gibt."
        ),
    )

    history = ChangedOnlyHistoricalRecords()

    class Meta:
        ordering = ["ordering", "name"]
        verbose_name = _("Partnerbüro")
        verbose_name_plural = _("Partnerbüros")
        permissions = [("edit_all_offices", _("Darf die Inhalte aller Partnerbüros bearbeiten"))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("offices:detail", kwargs={"slug": self.slug})

    @property
    def service_list(self) -> list[str]:
        return [line.strip() for line in self.services.splitlines() if line.strip()]

    @property
    def can_be_reached(self) -> bool:
        """Residents can call or write: only then may texts tell them to."""
        return bool(self.phone or self.email)

    @property
    def phone_uri(self) -> str:
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")

    @property
    def sms_uri(self) -> str:
        return "sms:" + "".join(ch for ch in self.sms_number if ch.isdigit() or ch == "+")

    @property
    def easy_summary_lines(self) -> list[str]:
        return [line.strip() for line in self.easy_summary.splitlines() if line.strip()]


MARKDOWN_HELP = _(
    "Markdown: **fett**, Listen mit -, Überschriften mit ##. Jede neue Zeile bleibt eine neue "
    "Zeile (zum Beispiel in einer Anschrift); eine Leerzeile beginnt einen neuen Absatz."
)


class SitePage(models.Model):
    """A page staff keep up to date (Impressum, Datenschutz, Barrierefreiheit), in Markdown."""

    class Slug(models.TextChoices):
        IMPRINT = "impressum", _("Impressum")
        PRIVACY = "datenschutz", _("Datenschutz")
        ACCESSIBILITY = "barrierefreiheit", _("Erklärung zur Barrierefreiheit")

    slug = models.SlugField(_("Seite"), choices=Slug.choices, unique=True)
    title = models.CharField(_("Titel"), max_length=200)
    body = models.TextField(_("Text"), help_text=MARKDOWN_HELP)
    updated_at = models.DateTimeField(_("Zuletzt geändert"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Geändert von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )

    history = ChangedOnlyHistoricalRecords()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("Seite")
        verbose_name_plural = _("Seiten")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("site_page", kwargs={"slug": self.slug})


class OfficeMembership(models.Model):
    """A staff member works for an office and may edit its hours, news and requests."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Mitarbeiterin/Mitarbeiter"),
        on_delete=models.CASCADE,
        related_name="office_memberships",
    )
    office = models.ForeignKey(
        Office, verbose_name=_("Partnerbüro"), on_delete=models.CASCADE, related_name="memberships"
    )

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(fields=["user", "office"], name="unique_office_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.office}"
