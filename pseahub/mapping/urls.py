from django.urls import path

from . import views

app_name = "mapping"

urlpatterns = [
    path("services", views.service_directory, name="service_directory"),
]
