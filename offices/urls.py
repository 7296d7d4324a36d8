from django.urls import path

from offices import views

app_name = "offices"

urlpatterns = [
    path("<slug:slug>/", views.office_detail, name="detail"),
]
