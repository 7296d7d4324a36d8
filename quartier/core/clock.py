"""The one place that says what time it is for the office: always Europe/Berlin, whatever zone the
server runs in. Tests pin it with time-machine."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

BERLIN = ZoneInfo("Europe/Berlin")


def now() -> datetime:
    """The current moment as an aware datetime in Europe/Berlin."""
    return timezone.now().astimezone(BERLIN)


def today() -> date:
    return now().date()


def local(moment: datetime) -> datetime:
    """`moment` as the office's wall-clock time (Europe/Berlin)."""
    return moment.astimezone(BERLIN)


def local_date(moment: datetime) -> date:
    """The office's calendar day `moment` falls on."""
    return local(moment).date()
