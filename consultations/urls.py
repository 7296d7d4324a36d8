from django.urls import path

from consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("kalender.ics", views.calendar_all, name="calendar"),
    path("termin/<slug:slug>/", views.appointment_request, name="appointment_request"),
    path("termin/<slug:slug>/danke/", views.appointment_done, name="appointment_done"),
    path("<slug:slug>/kalender.ics", views.calendar_office, name="office_calendar"),
]
