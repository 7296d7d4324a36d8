"""Mails to borrowers about their request or loan, in the language they asked in, through
the outbox (queued in the transaction of the change)."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy

from consultations.lending.models import Loan
from quartier.core import formatting, recipient_limit
from quartier.core.links import absolute_url
from quartier.core.mail import queue_email

LOAN_EMAILS = {
    "received": gettext_lazy("Ihre Anfrage ist da: %(item)s am %(day)s"),
    "booked": gettext_lazy("Gebucht: %(item)s am %(day)s"),
    "approved": gettext_lazy("Zugesagt: %(item)s am %(day)s"),
    "declined": gettext_lazy("Leider abgesagt: %(item)s am %(day)s"),
    "cancelled": gettext_lazy("Abgesagt: %(item)s am %(day)s"),
    "cancelled_by_office": gettext_lazy("Leider abgesagt: %(item)s am %(day)s"),
    "reminder": gettext_lazy("Erinnerung: %(item)s am %(day)s"),
    "due_back": gettext_lazy("Bitte heute zurückbringen: %(item)s"),
    "late_warning": gettext_lazy("%(item)s: Die Abholung kann sich verzögern"),
}

# What a visitor sets off with an address typed online counts toward its daily limit.
VISITOR_CAUSED = {"received", "booked", "cancelled"}


def loan_link(loan: Loan) -> str:
    with translation.override(loan.language):
        return absolute_url(loan.get_absolute_url())


def queue_loan_email(loan: Loan, kind: str, **extra) -> None:
    if not loan.email:
        return
    if kind in VISITOR_CAUSED and not recipient_limit.allow(loan.email):
        return  # the private page shows all of it; another inbox stays unflooded
    with translation.override(loan.language):
        day = loan.first_day or loan.starts_at
        context = {
            "loan": loan,
            "item": loan.item,
            "office": loan.office,
            "url": loan_link(loan),
            **extra,
        }
        queue_email(
            to=[loan.email],
            subject=str(LOAN_EMAILS[kind])
            % {"item": loan.item.name, "day": formatting.long_date(day)},
            body=render_to_string(f"lending/emails/{kind}.txt", context),
            reply_to=[loan.office.email],
        )
