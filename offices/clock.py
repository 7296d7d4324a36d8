"""The one place that says what time it is, so tests can pin it with time-machine."""

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    """The current moment as an aware datetime (UTC; templates show it in Europe/Berlin)."""
    return timezone.now()
