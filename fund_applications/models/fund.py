"""The fund with its goals and yearly budgets, and the counter of reference numbers."""

from decimal import Decimal

from django.apps import apps
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fund_applications.models.money import MONEY, ZERO, money_or_zero
from quartier.core import formatting


class FundQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_year_figures(self, year: int):
        """The money figures of one year, for the public fund page, "Geförderte Projekte", the
        statistic and the staff's budget box alike: budget_of_year (the year's own budget if
        staff entered one, else the usual yearly budget), granted_of_year, granted_count_of_year.
        Fund.remaining_of_year reads them."""
        return self.annotate(**self.year_figures(year))

    @staticmethod
    def year_figures(year: int, *, suffix: str = "") -> dict:
        """The expressions behind with_year_figures(), named with `suffix`: several years'
        figures fit into one query."""
        # Through the app registry: the application module builds on this one.
        Application = apps.get_model("fund_applications", "Application")

        own = FundBudget.objects.filter(fund=OuterRef("pk"), year=year).values("amount")[:1]
        granted = (
            Application.objects.granted(year).filter(fund=OuterRef("pk")).order_by().values("fund")
        )
        return {
            f"budget_of_year{suffix}": Coalesce(Subquery(own, output_field=MONEY), "year_budget"),
            f"granted_of_year{suffix}": money_or_zero(
                granted.annotate(total=Sum("granted_amount")).values("total")
            ),
            f"granted_count_of_year{suffix}": Coalesce(
                Subquery(granted.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
                Value(0),
            ),
        }


class Fund(models.Model):
    """A neighbourhood fund with its yearly budget, rules and jury."""

    name = models.CharField(_("Name"), max_length=150, unique=True)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=60, unique=True)
    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("Betreut von"),
        on_delete=models.PROTECT,
        related_name="funds",
        null=True,
        blank=True,
        help_text=_("Das Büro, das bei Anträgen hilft und sie bearbeitet."),
    )
    summary = models.CharField(
        _("Kurzbeschreibung"),
        max_length=300,
        help_text=_("Ein bis zwei Sätze in einfacher Sprache."),
    )
    rules = models.TextField(
        _("Regeln"),
        help_text=_(
            "Markdown: wer Anträge stellen kann, was gefördert wird und was nicht. "
            "Überschriften mit ##, Listen mit -."
        ),
    )
    year_budget = models.DecimalField(
        _("Budget pro Jahr (€)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
    )
    max_per_application = models.DecimalField(
        _("Höchstbetrag pro Antrag (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        help_text=_("Leer lassen, wenn es keinen festen Höchstbetrag gibt."),
    )
    show_remaining_budget = models.BooleanField(_("Restbudget öffentlich zeigen"), default=False)
    is_active = models.BooleanField(_("Nimmt Anträge an"), default=True)

    objects = FundQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Fonds")
        verbose_name_plural = _("Fonds")
        constraints = [
            models.CheckConstraint(
                condition=Q(year_budget__gte=0), name="fund_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(max_per_application__isnull=True) | Q(max_per_application__gte=0),
                name="fund_max_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("fund_applications:fund")

    @property
    def remaining_of_year(self) -> Decimal:
        """What the jury can still grant that year (negative when more was granted); needs
        Fund.objects.with_year_figures()."""
        return self.budget_of_year - self.granted_of_year


class FundGoal(models.Model):
    """One of the fund's aims an application can tick (Nachbarschaft, Umwelt, …)."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="goals")
    name = models.CharField(_("Ziel"), max_length=80)
    ordering = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["ordering", "name"]
        verbose_name = _("Förderziel")
        verbose_name_plural = _("Förderziele")
        constraints = [
            models.UniqueConstraint(fields=["fund", "name"], name="fund_goal_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class FundBudget(models.Model):
    """The budget of one year when it differs from the fund's usual yearly budget."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("Jahr"))
    amount = models.DecimalField(
        _("Budget (€)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("Budget eines Jahres")
        verbose_name_plural = _("Budgets einzelner Jahre")
        constraints = [
            models.UniqueConstraint(fields=["fund", "year"], name="fund_budget_one_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="fund_budget_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {formatting.euro(self.amount)}"


class ReferenceCounter(models.Model):
    """The last reference number given out per year; one row per year, locked while counting."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Zähler für Antragsnummern")
        verbose_name_plural = _("Zähler für Antragsnummern")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"
