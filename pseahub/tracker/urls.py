from django.urls import path

from . import views

app_name = "tracker"

urlpatterns = [
    path("cases/export/", views.tracker_export, name="export"),
]
