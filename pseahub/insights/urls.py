from django.urls import path

from . import views, views_reports

app_name = "insights"

urlpatterns = [
    path("insights/", views.dashboard, name="dashboard"),
    path("insights/donor/", views.donor, name="donor"),
]

# Reports (views_reports.py).
urlpatterns += [
    path("insights/reports/", views_reports.report_list, name="reports"),
    path("insights/reports/new/", views_reports.report_create, name="report_create"),
    path("insights/reports/<uuid:public_id>/", views_reports.report_detail, name="report"),
    path(
        "insights/reports/<uuid:public_id>/download/<slug:fmt>/", views_reports.report_download, name="report_download"
    ),
    path("insights/reports/<uuid:public_id>/publish/", views_reports.report_publish, name="report_publish"),
    path("insights/reports/<uuid:public_id>/unpublish/", views_reports.report_unpublish, name="report_unpublish"),
]
