"""How often one address may start, send or upload, and the page it sees beyond that. Generous
ceilings (settings): residents apply together at the office's PC or at an event's Wi-Fi."""

from django.conf import settings
from django.shortcuts import render

UPLOAD_LIMIT = {"scope": "fund-upload", "limit": 60, "per_seconds": 3600}


def start_limit() -> dict:
    return {"scope": "fund-start", "limit": settings.FUND_START_RATE_LIMIT, "per_seconds": 3600}


def submit_limit() -> dict:
    return {"scope": "fund-submit", "limit": settings.FUND_SUBMIT_RATE_LIMIT, "per_seconds": 3600}


def too_many(request):
    return render(request, "fund_applications/too_many.html", status=429)
