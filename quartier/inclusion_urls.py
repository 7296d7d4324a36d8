from django.urls import path

from quartier import views

app_name = "inclusion"

urlpatterns = [
    path("leichte-sprache/", views.easy_read, name="easy_read"),
    path("gebaerdensprache/", views.sign_language, name="sign_language"),
]
