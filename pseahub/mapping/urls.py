from django.urls import path

from . import views

app_name = "mapping"

urlpatterns = [
    path("services", views.service_directory, name="service_directory"),
    path("mapping/mechanisms/", views.mechanism_list_page, name="mechanisms"),
    path("mapping/mechanisms/new/", views.mechanism_new, name="mechanism_new"),
    path("mapping/mechanisms/<uuid:public_id>/", views.mechanism_detail, name="mechanism"),
    path("mapping/mechanisms/<uuid:public_id>/verify/", views.mechanism_verify_view, name="mechanism_verify"),
]
