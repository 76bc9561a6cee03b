from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("network/", views.home, name="home"),
    path("network/documents/", views.document_list_page, name="documents"),
    path("network/documents/new/", views.document_new, name="document_new"),
    path("network/documents/<uuid:public_id>/", views.document_detail, name="document"),
    path("network/documents/<uuid:public_id>/versions/", views.version_new, name="version_new"),
    path("network/versions/<uuid:public_id>/download/", views.version_download_view, name="version_download"),
    path("network/versions/<uuid:public_id>/in-force/", views.version_in_force, name="version_in_force"),
    path("documents/<uuid:public_id>/", views.public_document, name="public_document"),
]
