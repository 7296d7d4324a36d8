"""'Heute zu tun' for online bookings and the outbox: today's and tomorrow's appointments with
a link to the day plan, what residents booked, moved or cancelled since this person last
opened the start page, and the mails that could not be delivered, for whoever may resend them.

A fixed number of queries (one for the two days, one for the changes, one for the outbox),
whatever the number of bookings."""

from collections import Counter
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from post_office.models import STATUS

from consultations.booking.enums import BookingStatus
from consultations.booking.models import Booking
from consultations.booking.staff_views import plan_url
from offices.permissions import can_edit_all_offices, offices_editable_by
from quartier.core import clock
from quartier.core.admin import visible_topics
from quartier.core.formatting import hhmm, short_date
from quartier.core.mail import TOPIC_HEADER
from quartier.core.models import OutboxEmail
from quartier.staff_today import TaskLine, TaskSection, staff_today

# The first visit of the start page counts the changes of the last day.
FIRST_VISIT_LOOKBACK = timedelta(days=1)


def _bookings_of_my_offices(user) -> QuerySet[Booking]:
    """The bookings the admin lists for this user (OfficeScopedAdminMixin.get_queryset)."""
    if can_edit_all_offices(user):
        return Booking.objects.all()
    return Booking.objects.filter(office__in=offices_editable_by(user))


# ---------------------------------------------------------------- the selectors


def bookings_by_day_and_office(*, user, days: list[date]) -> Counter:
    """How many appointments (not cancelled) each office of mine has on each of `days`:
    {(day, office_id, office_short_name): count}."""
    start = datetime.combine(days[0], datetime.min.time(), tzinfo=clock.BERLIN)
    end = datetime.combine(days[-1] + timedelta(days=1), datetime.min.time(), tzinfo=clock.BERLIN)
    rows = (
        _bookings_of_my_offices(user)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status=BookingStatus.CANCELLED)
        .values_list("starts_at", "office_id", "office__short_name")
    )
    return Counter((clock.local_date(starts_at), pk, name) for starts_at, pk, name in rows)


def booking_changes_since(*, user, since: datetime) -> dict[str, int]:
    """How many bookings of my offices were made, moved and cancelled after `since`."""
    return _bookings_of_my_offices(user).aggregate(
        booked=Count("pk", filter=Q(created_at__gt=since)),
        moved=Count("pk", filter=Q(moved_at__gt=since)),
        cancelled=Count("pk", filter=Q(cancelled_at__gt=since)),
    )


def outbox_undeliverable(*, user) -> QuerySet[OutboxEmail]:
    """Undeliverable mails of the outbox parts this person reads (the outbox admin's rule)."""
    return OutboxEmail.objects.filter(
        status=STATUS.failed, **{f"headers__{TOPIC_HEADER}__in": visible_topics(user)}
    )


# ---------------------------------------------------------------- the lines


def _day_line(day: date, counts: Counter, label: str) -> TaskLine:
    offices = sorted(
        ((pk, name, n) for (d, pk, name), n in counts.items() if d == day), key=lambda o: o[1]
    )
    count = sum(n for _pk, _name, n in offices)
    url = f"{reverse('admin:booking_booking_plan')}?{urlencode({'tag': day.isoformat()})}"
    if offices:
        url = plan_url(offices[0][0], day)
    return TaskLine(
        ngettext("%(count)d Termin %(day)s", "%(count)d Termine %(day)s", count)
        % {"count": count, "day": label},
        url,
        count,
        links=[(f"{name}: {n}", plan_url(pk, day)) for pk, name, n in offices]
        if len(offices) > 1
        else [],
    )


def _changes_url(field: str, since: datetime) -> str:
    url = reverse("admin:booking_booking_changelist")
    return f"{url}?{urlencode({f'{field}__gt': since.replace(microsecond=0).isoformat()})}"


def booking_lines(user, *, now: datetime, since: datetime | None) -> list[TaskLine]:
    today = now.date()
    tomorrow = today + timedelta(days=1)
    counts = bookings_by_day_and_office(user=user, days=[today, tomorrow])
    lines = [_day_line(today, counts, _("heute")), _day_line(tomorrow, counts, _("morgen"))]
    if since is None:
        detail = _("in den letzten 24 Stunden")
        since = now - FIRST_VISIT_LOOKBACK
    else:
        detail = _("seit Ihrem letzten Besuch (%(day)s, %(time)s Uhr)") % {
            "day": short_date(since),
            "time": hhmm(since),
        }
    # Whole seconds: the list behind each link filters with the same moment.
    since = since.replace(microsecond=0)
    changes = booking_changes_since(user=user, since=since)
    texts = {
        "booked": ngettext("%(count)d neu gebucht", "%(count)d neu gebucht", changes["booked"]),
        "moved": ngettext("%(count)d verschoben", "%(count)d verschoben", changes["moved"]),
        "cancelled": ngettext("%(count)d abgesagt", "%(count)d abgesagt", changes["cancelled"]),
    }
    fields = {"booked": "created_at", "moved": "moved_at", "cancelled": "cancelled_at"}
    for kind, text in texts.items():
        count = changes[kind]
        lines.append(
            TaskLine(text % {"count": count}, _changes_url(fields[kind], since), count, [detail])
        )
    return lines


def outbox_line(user) -> TaskLine:
    count = outbox_undeliverable(user=user).count()
    url = reverse("admin:core_outboxemail_changelist")
    return TaskLine(
        ngettext("%(count)d E-Mail nicht zustellbar", "%(count)d E-Mails nicht zustellbar", count)
        % {"count": count},
        f"{url}?status=fehlgeschlagen",
        count,
        [str(_("bitte Adresse prüfen und erneut senden"))] if count else [],
    )


def start_page_sections(user, *, now: datetime, since: datetime | None) -> list[TaskSection]:
    """All of 'Heute zu tun' for this user: the day's appointments first, then the tasks of
    quartier.staff_today, the undeliverable mails last. `since` is the previous visit."""
    sections = []
    if user.has_perm("booking.view_booking"):
        sections.append(
            TaskSection(str(_("Gebuchte Termine")), booking_lines(user, now=now, since=since))
        )
    sections.extend(staff_today(user, now=now))
    if user.has_perm("core.change_outboxemail"):
        sections.append(TaskSection(str(_("Postausgang")), [outbox_line(user)]))
    return sections
