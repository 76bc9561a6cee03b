from django.urls import path

from . import views

app_name = "tracker"

urlpatterns = [
    path("cases/export/", views.tracker_export, name="export"),
    path("cases/export/gbvims/", views.gbvims_export, name="export_gbvims"),
]
