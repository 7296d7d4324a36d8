from django.urls import path

from consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("kalender.ics", views.calendar_all, name="calendar"),
    path("termin/<slug:slug>/", views.appointment_request, name="appointment_request"),
    path("termin/<slug:slug>/danke/", views.appointment_done, name="appointment_done"),
    # Online booking
    path("buchen/", views.booking_start, name="booking_start"),
    path("buchen/angaben/<str:token>/", views.booking_details, name="booking_details"),
    path("buchen/angaben/<str:token>/andere-zeit/", views.booking_release, name="booking_release"),
    path("buchen/<slug:slug>/", views.booking_office, name="booking_office"),
    path("buchen/<slug:slug>/<int:type_id>/", views.booking_times, name="booking_times"),
    path("mein-termin/<str:token>/", views.booking_manage, name="booking_manage"),
    path("mein-termin/<str:token>/kalender.ics", views.booking_calendar, name="booking_calendar"),
    path("mein-termin/<str:token>/absagen/", views.booking_cancel, name="booking_cancel"),
    path("mein-termin/<str:token>/verschieben/", views.booking_move, name="booking_move"),
    path("<slug:slug>/kalender.ics", views.calendar_office, name="office_calendar"),
]
