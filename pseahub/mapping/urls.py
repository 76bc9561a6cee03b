from django.urls import path

from . import views, views_directory

app_name = "mapping"

urlpatterns = [
    # The public directory and the listing choices (issue 14 item 6); /services redirects to its services.
    path("services", views_directory.services_redirect, name="service_directory"),
    path("directory/", views_directory.directory, name="directory"),
    path("directory/print.pdf", views_directory.directory_print, name="directory_print"),
    path("mapping/listing/", views_directory.listing, name="listing"),
    path("mapping/mechanisms/", views.mechanism_list_page, name="mechanisms"),
    path("mapping/mechanisms/new/", views.mechanism_new, name="mechanism_new"),
    path("mapping/mechanisms/<uuid:public_id>/", views.mechanism_detail, name="mechanism"),
    path("mapping/mechanisms/<uuid:public_id>/verify/", views.mechanism_verify_view, name="mechanism_verify"),
]
