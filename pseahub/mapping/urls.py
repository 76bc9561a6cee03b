from django.urls import path

from . import views, views_preferences

app_name = "mapping"

urlpatterns = [
    path("services", views.service_directory, name="service_directory"),
    path("mapping/mechanisms/", views.mechanism_list_page, name="mechanisms"),
    path("mapping/mechanisms/new/", views.mechanism_new, name="mechanism_new"),
    path("mapping/mechanisms/<uuid:public_id>/", views.mechanism_detail, name="mechanism"),
    path("mapping/mechanisms/<uuid:public_id>/verify/", views.mechanism_verify_view, name="mechanism_verify"),
    # Community preferences (issue 14 item 3): consultations, Kobo import, summary
    path("mapping/consultations/", views_preferences.consultation_list_page, name="consultations"),
    path("mapping/consultations/new/", views_preferences.consultation_new, name="consultation_new"),
    path("mapping/consultations/import/", views_preferences.consultation_import, name="consultation_import"),
    path("mapping/consultations/<uuid:public_id>/", views_preferences.consultation_detail, name="consultation"),
    path("mapping/preferences/", views_preferences.preference_summary, name="preferences"),
]
