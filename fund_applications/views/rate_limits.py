"""How often one address may start, send or upload, and the page it sees beyond that."""

from django.shortcuts import render

START_LIMIT = {"scope": "fund-start", "limit": 20, "per_seconds": 3600}
SUBMIT_LIMIT = {"scope": "fund-submit", "limit": 5, "per_seconds": 3600}
UPLOAD_LIMIT = {"scope": "fund-upload", "limit": 60, "per_seconds": 3600}


def too_many(request):
    return render(request, "fund_applications/too_many.html", status=429)
