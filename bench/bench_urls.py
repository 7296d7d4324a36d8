"""The site's URLs plus the floor: a minimal view through the same middleware and server."""

from django.http import HttpResponse
from django.urls import path

from quartier.urls import urlpatterns as site_urlpatterns


def floor(request):
    return HttpResponse("ok")


urlpatterns = [path("_floor/", floor), *site_urlpatterns]
