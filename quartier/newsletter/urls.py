from django.urls import path, re_path

from quartier.newsletter import views
from quartier.newsletter.tokens import TOKEN_PATTERN

app_name = "newsletter"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("bitte-bestaetigen/", views.check_inbox, name="check_inbox"),
    re_path(rf"^bestaetigen/(?P<token>{TOKEN_PATTERN})/$", views.confirm, name="confirm"),
    re_path(rf"^abmelden/(?P<token>{TOKEN_PATTERN})/$", views.unsubscribe, name="unsubscribe"),
]
