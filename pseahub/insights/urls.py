from django.urls import path

from . import member_views, views, views_reports, views_systemwide

app_name = "insights"

urlpatterns = [
    path("insights/", views.dashboard, name="dashboard"),
    path("insights/donor/", views.donor, name="donor"),
    path("insights/table/<slug:key>.<str:fmt>", views.table_download, name="table_download"),
    # Members' own figures (member_views.py)
    path("insights/members/", member_views.member_returns, name="members"),
    path(
        "insights/members/<uuid:organisation>/<int:year>/<int:quarter>/",
        member_views.member_return,
        name="member_return",
    ),
    path("insights/members/overview/", member_views.members_overview, name="members_overview"),
    path(
        "insights/members/returns/<uuid:public_id>/", member_views.member_return_history, name="member_return_history"
    ),
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
    # The HQ return file's published schema: public, no data (README.md, "The HQ return file").
    path("insights/schema/hq-return-1.0.json", views_reports.hq_schema, name="hq_schema"),
]

# The system-wide view of an HQ installation (views_systemwide.py).
urlpatterns += [
    path("insights/systemwide/", views_systemwide.systemwide_view, name="systemwide"),
    path("insights/systemwide/import/", views_systemwide.systemwide_import, name="systemwide_import"),
    path("insights/systemwide/<uuid:public_id>/", views_systemwide.systemwide_return, name="systemwide_return"),
]
