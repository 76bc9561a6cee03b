from django.urls import path

from . import views, views_meetings

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
    # meetings and their actions
    path("network/meetings/", views_meetings.meeting_list_page, name="meetings"),
    path("network/meetings/new/", views_meetings.meeting_new, name="meeting_new"),
    path("network/meetings/<uuid:public_id>/", views_meetings.meeting_detail, name="meeting"),
    path("network/meetings/<uuid:public_id>/edit/", views_meetings.meeting_edit, name="meeting_edit"),
    path("network/meetings/<uuid:public_id>/actions/", views_meetings.action_new, name="action_new"),
    path("network/actions/", views_meetings.action_list_page, name="actions"),
    path("network/actions/<uuid:public_id>/status/", views_meetings.action_status, name="action_status"),
]
