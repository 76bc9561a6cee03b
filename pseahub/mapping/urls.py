from django.urls import path

from . import views, views_directory, views_gaps, views_imports, views_preferences, views_services

app_name = "mapping"

urlpatterns = [
    path("mapping/", views.mapping_home, name="home"),
    # The public directory and the listing choices (issue 14 item 6); /services redirects to its services.
    path("services", views_directory.services_redirect, name="service_directory"),
    path("directory/", views_directory.directory, name="directory"),
    path("directory/print.pdf", views_directory.directory_print, name="directory_print"),
    path("mapping/listing/", views_directory.listing, name="listing"),
    path("mapping/mechanisms/", views.mechanism_list_page, name="mechanisms"),
    path("mapping/mechanisms/new/", views.mechanism_new, name="mechanism_new"),
    path("mapping/mechanisms/<uuid:public_id>/", views.mechanism_detail, name="mechanism"),
    path("mapping/mechanisms/<uuid:public_id>/verify/", views.mechanism_verify_view, name="mechanism_verify"),
    # imp: imports of mechanisms (CFM mapping sheet) and services (4W sheet)
    path("mapping/import/mechanisms/", views_imports.import_mechanisms, name="import_mechanisms"),
    path(
        "mapping/import/mechanisms/confirm/", views_imports.import_mechanisms_confirm, name="import_mechanisms_confirm"
    ),
    path(
        "mapping/import/mechanisms/template.xlsx",
        views_imports.import_mechanisms_template,
        name="import_mechanisms_template",
    ),
    path("mapping/import/services/", views_imports.import_services, name="import_services"),
    path("mapping/import/services/confirm/", views_imports.import_services_confirm, name="import_services_confirm"),
    path(
        "mapping/import/services/template.xlsx", views_imports.import_services_template, name="import_services_template"
    ),
    # svc: the registry of services, kept by providers and the coordinator
    path("mapping/services/", views_services.service_list_page, name="services"),
    path("mapping/services/new/", views_services.service_new, name="service_new"),
    path("mapping/services/<uuid:public_id>/", views_services.service_detail, name="service"),
    path("mapping/services/<uuid:public_id>/verify/", views_services.service_verify_view, name="service_verify"),
    # The gap table and the coverage map (issue 14 items 4 and 5; views_gaps.py).
    path("mapping/gaps/", views_gaps.gap_table, name="gaps"),
    path("mapping/gaps.xlsx", views_gaps.gap_download, name="gaps_xlsx"),
    path("mapping/map/", views_gaps.coverage_map_page, name="coverage_map"),
    # Community preferences (issue 14 item 3): consultations, Kobo import, summary
    path("mapping/consultations/", views_preferences.consultation_list_page, name="consultations"),
    path("mapping/consultations/new/", views_preferences.consultation_new, name="consultation_new"),
    path("mapping/consultations/import/", views_preferences.consultation_import, name="consultation_import"),
    path("mapping/consultations/<uuid:public_id>/", views_preferences.consultation_detail, name="consultation"),
    path("mapping/preferences/", views_preferences.preference_summary, name="preferences"),
]
