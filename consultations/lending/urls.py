from django.urls import path

from consultations.lending import views

app_name = "lending"

# Included under "ausleihen/".
urlpatterns = [
    path("", views.items, name="items"),
    path("so-geht-es/", views.easy_read, name="easy_read"),
    path("meine-ausleihe/<str:token>/", views.manage, name="manage"),
    path("meine-ausleihe/<str:token>/absagen/", views.cancel, name="cancel"),
    path("<slug:slug>/", views.item, name="item"),
    path("<slug:slug>/anfragen/", views.ask, name="ask"),
    path("<slug:slug>/belegung.ics", views.calendar, name="calendar"),
]
