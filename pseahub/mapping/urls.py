from django.urls import path

from . import views, views_services

app_name = "mapping"

urlpatterns = [
    path("services", views.service_directory, name="service_directory"),
    path("mapping/mechanisms/", views.mechanism_list_page, name="mechanisms"),
    path("mapping/mechanisms/new/", views.mechanism_new, name="mechanism_new"),
    path("mapping/mechanisms/<uuid:public_id>/", views.mechanism_detail, name="mechanism"),
    path("mapping/mechanisms/<uuid:public_id>/verify/", views.mechanism_verify_view, name="mechanism_verify"),
    # svc: the registry of services, kept by providers and the coordinator
    path("mapping/services/", views_services.service_list_page, name="services"),
    path("mapping/services/new/", views_services.service_new, name="service_new"),
    path("mapping/services/<uuid:public_id>/", views_services.service_detail, name="service"),
    path("mapping/services/<uuid:public_id>/verify/", views_services.service_verify_view, name="service_verify"),
]
