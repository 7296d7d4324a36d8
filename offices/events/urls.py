from django.urls import path

from offices.events import views

app_name = "events"

# Included at the site root before the announcements' own routes.
urlpatterns = [
    path("leichte-sprache/anmeldung/", views.how_it_works, name="how_it_works"),
    path("aktuelles/<slug:slug>/anmeldung/", views.signup, name="signup"),
    path("meine-anmeldung/<str:token>/", views.manage, name="manage"),
    path("meine-anmeldung/<str:token>/personen/", views.change_persons, name="persons"),
    path("meine-anmeldung/<str:token>/absagen/", views.cancel, name="cancel"),
    path("meine-anmeldung/<str:token>/kalender.ics", views.calendar, name="calendar"),
]
