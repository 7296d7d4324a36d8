from django.urls import path

from consultations.booking import views

app_name = "booking"

# Included under "sprechzeiten/" before the hours' own routes.
urlpatterns = [
    path("buchen/", views.start, name="start"),
    path("buchen/angaben/<str:token>/", views.details, name="details"),
    path("buchen/angaben/<str:token>/andere-zeit/", views.release, name="release"),
    path("buchen/<slug:slug>/", views.office, name="office"),
    path("buchen/<slug:slug>/<int:type_id>/", views.times, name="times"),
    path("mein-termin/<str:token>/", views.manage, name="manage"),
    path("mein-termin/<str:token>/kalender.ics", views.calendar, name="calendar"),
    path("mein-termin/<str:token>/absagen/", views.cancel, name="cancel"),
    path("mein-termin/<str:token>/verschieben/", views.move, name="move"),
]
