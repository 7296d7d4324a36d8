from django.urls import path

from offices.initiatives import views

app_name = "initiatives"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("eintragen/", views.propose, name="propose"),
    path("eintragen/danke/", views.propose_thanks, name="propose_thanks"),
    path("eintrag/<str:token>/", views.manage, name="manage"),
    path("eintrag/<str:token>/aendern/", views.change, name="change"),
    path("eintrag/<str:token>/entfernen/", views.remove, name="remove"),
    path("<slug:slug>/", views.group_detail, name="detail"),
    path("<slug:slug>/danke/", views.join_thanks, name="join_thanks"),
]
