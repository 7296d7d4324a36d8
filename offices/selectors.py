from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from offices.models import Office, SitePage


def office_list() -> QuerySet[Office]:
    """All partners in the order staff chose."""
    return Office.objects.all()


def office_get(*, slug: str) -> Office:
    return get_object_or_404(Office, slug=slug)


def site_page_get(*, slug: str) -> SitePage:
    return get_object_or_404(SitePage, slug=slug)
