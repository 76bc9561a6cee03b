from django.urls import path

from . import views, views_gaps

app_name = "mapping"

urlpatterns = [
    path("services", views.service_directory, name="service_directory"),
    path("mapping/mechanisms/", views.mechanism_list_page, name="mechanisms"),
    path("mapping/mechanisms/new/", views.mechanism_new, name="mechanism_new"),
    path("mapping/mechanisms/<uuid:public_id>/", views.mechanism_detail, name="mechanism"),
    path("mapping/mechanisms/<uuid:public_id>/verify/", views.mechanism_verify_view, name="mechanism_verify"),
    # The gap table and the coverage map (issue 14 items 4 and 5; views_gaps.py).
    path("mapping/gaps/", views_gaps.gap_table, name="gaps"),
    path("mapping/gaps.xlsx", views_gaps.gap_download, name="gaps_xlsx"),
    path("mapping/map/", views_gaps.coverage_map_page, name="coverage_map"),
]
