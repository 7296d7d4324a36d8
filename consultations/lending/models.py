"""What the Quartiersbüro lends (the shop front's room, the cargo bike), the uses and loans
residents ask for, and the weekly series staff approve for a group."""

from datetime import time

from django.conf import settings
from django.contrib.postgres.fields import RangeBoundary, RangeOperators
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consultations.lending.constraints import PostgresExclusionConstraint, TsTzRange
from consultations.lending.enums import (
    BLOCKING,
    Condition,
    ItemKind,
    LoanStatus,
    loan_can_transition,
)
from offices.models import Office
from quartier.core import formatting


class LendingItemQuerySet(models.QuerySet):
    def active(self) -> "LendingItemQuerySet":
        return self.filter(active=True)


class LendingItem(models.Model):
    """A room or a cargo bike an office lends to residents and groups."""

    office = models.ForeignKey(
        Office, verbose_name=_("Partnerbüro"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("Art"), max_length=20, choices=ItemKind.choices)
    name = models.CharField(_("Name"), max_length=120)
    slug = models.SlugField(_("Adresse der Seite"), unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    needs_approval = models.BooleanField(
        _("Anfragen brauchen eine Zusage"),
        default=True,
        help_text=_("Sonst ist eine Anfrage sofort gebucht, wenn die Zeit frei ist."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("Höchstens so viele Personen"), null=True, blank=True
    )
    weekday_from = models.TimeField(_("Montag bis Freitag ab"), default=time(17))
    weekday_until = models.TimeField(_("Montag bis Freitag bis"), default=time(22))
    weekend_from = models.TimeField(_("Samstag und Sonntag ab"), default=time(10))
    weekend_until = models.TimeField(_("Samstag und Sonntag bis"), default=time(22))
    equipment = models.TextField(_("Was es gibt"), blank=True)
    step_free = models.BooleanField(_("Stufenlos erreichbar"), default=False)
    house_rules = models.TextField(_("Regeln"))
    what_to_bring = models.TextField(_("Bitte mitbringen"), blank=True)
    deposit = models.DecimalField(
        _("Pfand in Euro"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    max_days = models.PositiveSmallIntegerField(_("Höchstens so viele Tage am Stück"), default=3)
    weeks_ahead = models.PositiveSmallIntegerField(
        _("So viele Wochen im Voraus anfragen"), default=8
    )
    active = models.BooleanField(_("Kann ausgeliehen werden"), default=True)
    ordering = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    objects = LendingItemQuerySet.as_manager()

    class Meta:
        ordering = ["ordering", "name"]
        verbose_name = _("Verleih-Angebot")
        verbose_name_plural = _("Verleih-Angebote")
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday_until__gt=F("weekday_from"))
                & Q(weekend_until__gt=F("weekend_from")),
                name="lendingitem_times_end_after_start",
                violation_error_message=_("Das Ende muss nach dem Beginn liegen."),
            ),
            models.CheckConstraint(
                condition=Q(max_days__gte=1) & Q(weeks_ahead__gte=1),
                name="lendingitem_days_and_weeks_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("lending:item", kwargs={"slug": self.slug})

    @property
    def is_room(self) -> bool:
        return self.kind == ItemKind.ROOM

    @property
    def is_bike(self) -> bool:
        return self.kind == ItemKind.CARGO_BIKE

    def usable_times(self, weekday: int) -> tuple[time, time]:
        """When the room may be used on this weekday (0 = Monday), before the consultation
        hours are taken out."""
        if weekday >= 5:
            return self.weekend_from, self.weekend_until
        return self.weekday_from, self.weekday_until


class LoanSeries(models.Model):
    """A group's regular use, approved in one step: every n-th week at the same time."""

    item = models.ForeignKey(
        LendingItem, verbose_name=_("Angebot"), on_delete=models.CASCADE, related_name="+"
    )
    office = models.ForeignKey(
        Office, verbose_name=_("Partnerbüro"), on_delete=models.CASCADE, related_name="+"
    )
    group_name = models.CharField(_("Gruppe"), max_length=120, blank=True)
    every_weeks = models.PositiveSmallIntegerField(_("Alle so viele Wochen"), default=1)
    first_day = models.DateField(_("Erster Tag"))
    last_day = models.DateField(_("Letzter Tag"))
    skipped = models.TextField(_("Ausgelassene Tage"), blank=True)
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Angelegt von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-first_day"]
        verbose_name = _("Regelmäßige Nutzung")
        verbose_name_plural = _("Regelmäßige Nutzungen")

    def __str__(self) -> str:
        return _("%(group)s: %(first)s bis %(last)s") % {
            "group": self.group_name or self.item.name,
            "first": formatting.short_date(self.first_day),
            "last": formatting.short_date(self.last_day),
        }


class LoanQuerySet(models.QuerySet):
    def blocking(self) -> "LoanQuerySet":
        return self.filter(status__in=BLOCKING)

    def overlapping(self, *, item_id: int, starts_at, ends_at) -> "LoanQuerySet":
        return self.filter(item_id=item_id, starts_at__lt=ends_at, ends_at__gt=starts_at)


class Loan(models.Model):
    """One use of the room or one loan of the bike, asked for by a resident without an
    account. starts_at–ends_at is the time the item is taken: for the room the use itself,
    for the bike the days from the pick-up day to the return day (whole days, Berlin)."""

    item = models.ForeignKey(
        LendingItem, verbose_name=_("Angebot"), on_delete=models.PROTECT, related_name="loans"
    )
    # The item's office, kept here so staff see only their offices' loans (office scope).
    office = models.ForeignKey(
        Office, verbose_name=_("Partnerbüro"), on_delete=models.CASCADE, related_name="+"
    )
    series = models.ForeignKey(
        LoanSeries,
        verbose_name=_("Regelmäßige Nutzung"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="loans",
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=LoanStatus.choices, default=LoanStatus.REQUESTED
    )
    starts_at = models.DateTimeField(_("Belegt ab"))
    ends_at = models.DateTimeField(_("Belegt bis"))
    first_day = models.DateField(_("Erster Nutzungstag"), null=True, blank=True)
    last_day = models.DateField(_("Letzter Nutzungstag"), null=True, blank=True)
    pickup_from = models.DateTimeField(_("Abholung ab"))
    pickup_until = models.DateTimeField(_("Abholung bis"))
    return_from = models.DateTimeField(_("Rückgabe ab"))
    due_at = models.DateTimeField(_("Rückgabe bis"))
    purpose = models.CharField(_("Wofür?"), max_length=300)
    group_name = models.CharField(_("Gruppe"), max_length=120, blank=True)
    people = models.PositiveSmallIntegerField(_("Personen"), default=1)
    name = models.CharField(_("Name"), max_length=120)
    email = models.EmailField(_("E-Mail"), db_index=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    language = models.CharField(
        _("Sprache der E-Mails"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    rules_accepted_at = models.DateTimeField(_("Regeln akzeptiert am"))
    created_at = models.DateTimeField(_("Angefragt am"), auto_now_add=True)
    link_key = models.CharField(max_length=16, unique=True, editable=False)
    link_secret = models.CharField(max_length=64, editable=False)
    decided_at = models.DateTimeField(_("Entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Entschieden von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decline_reason = models.CharField(_("Grund der Absage"), max_length=300, blank=True)
    cancelled_at = models.DateTimeField(_("Abgesagt am"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("Erinnerung gesendet am"), null=True, blank=True)
    due_notice_sent_at = models.DateTimeField(
        _("Rückgabe-Hinweis gesendet am"), null=True, blank=True
    )
    late_since = models.DateTimeField(_("Verspätet seit"), null=True, blank=True)
    late_warning_sent_at = models.DateTimeField(
        _("Hinweis auf Verspätung gesendet am"), null=True, blank=True
    )
    handed_out_at = models.DateTimeField(_("Ausgegeben am"), null=True, blank=True)
    handout_condition = models.CharField(
        _("Zustand bei Ausgabe"), max_length=20, choices=Condition.choices, blank=True
    )
    handout_note = models.CharField(_("Notiz zur Ausgabe"), max_length=500, blank=True)
    returned_at = models.DateTimeField(_("Zurückgegeben am"), null=True, blank=True)
    return_condition = models.CharField(
        _("Zustand bei Rückgabe"), max_length=20, choices=Condition.choices, blank=True
    )
    return_note = models.CharField(_("Notiz zur Rückgabe"), max_length=500, blank=True)
    damage_report = models.TextField(_("Schadensbericht"), blank=True)
    damage_open = models.BooleanField(
        _("Schadensfall offen"),
        default=False,
        help_text=_("Solange ein Schadensfall offen ist, werden die Angaben nicht gelöscht."),
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Ausgabe oder Rückgabe erfasst von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = LoanQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("Ausleihe")
        verbose_name_plural = _("Ausleihen")
        indexes = [
            models.Index(fields=["item", "starts_at"], name="loan_item_start"),
            models.Index(fields=["ends_at"], name="loan_ends_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="loan_ends_after_start",
                violation_error_message=_("Das Ende muss nach dem Beginn liegen."),
            ),
            models.CheckConstraint(condition=Q(people__gte=1), name="loan_people_positive"),
            PostgresExclusionConstraint(
                name="loan_no_overlap_per_item",
                expressions=[
                    (TsTzRange("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS),
                    ("item", RangeOperators.EQUAL),
                ],
                condition=Q(status__in=BLOCKING),
                violation_error_message=_("Zu dieser Zeit ist das Angebot schon vergeben."),
            ),
        ]

    def __str__(self) -> str:
        if self.item.is_bike and self.first_day:
            return _("%(item)s am %(day)s") % {
                "item": self.item.name,
                "day": formatting.short_date(self.first_day),
            }
        return _("%(item)s am %(day)s, %(start)s–%(end)s Uhr") % {
            "item": self.item.name,
            "day": formatting.short_date(self.starts_at),
            "start": formatting.hhmm(self.starts_at),
            "end": formatting.hhmm(self.ends_at),
        }

    def get_absolute_url(self) -> str:
        return reverse("lending:manage", kwargs={"token": self.token})

    @property
    def token(self) -> str:
        return self.link_key + self.link_secret

    @property
    def is_requested(self) -> bool:
        return self.status == LoanStatus.REQUESTED

    @property
    def is_confirmed(self) -> bool:
        return self.status == LoanStatus.CONFIRMED

    @property
    def is_declined(self) -> bool:
        return self.status == LoanStatus.DECLINED

    @property
    def is_cancelled(self) -> bool:
        return self.status == LoanStatus.CANCELLED

    @property
    def is_handed_out(self) -> bool:
        return self.status == LoanStatus.HANDED_OUT

    @property
    def is_returned(self) -> bool:
        return self.status == LoanStatus.RETURNED

    @property
    def can_be_cancelled(self) -> bool:
        return loan_can_transition(self.status, LoanStatus.CANCELLED)

    @property
    def can_be_decided(self) -> bool:
        return loan_can_transition(self.status, LoanStatus.DECLINED)

    @property
    def can_be_handed_out(self) -> bool:
        return loan_can_transition(self.status, LoanStatus.HANDED_OUT)

    @property
    def can_be_returned(self) -> bool:
        return loan_can_transition(self.status, LoanStatus.RETURNED)
