from django.urls import path

from . import views, views_trainings

app_name = "partners"

urlpatterns = [
    path("partners/", views.home, name="home"),
    # trainings
    path("partners/trainings/", views_trainings.session_list_page, name="trainings"),
    path("partners/trainings/new/", views_trainings.session_new, name="training_new"),
    path("partners/trainings/coverage/", views_trainings.coverage_page, name="training_coverage"),
    path("partners/trainings/coverage/refresher/", views_trainings.refresher_set, name="training_refresher"),
    path("partners/trainings/<uuid:public_id>/", views_trainings.session_detail, name="training"),
    path("partners/trainings/<uuid:public_id>/edit/", views_trainings.session_edit, name="training_edit"),
    path(
        "partners/trainings/<uuid:public_id>/participants/",
        views_trainings.participants_grid,
        name="training_participants",
    ),
    path("partners/trainings/<uuid:public_id>/materials/", views_trainings.material_new, name="training_material_new"),
    path(
        "partners/trainings/<uuid:public_id>/materials/<uuid:material_id>/",
        views_trainings.material_file,
        name="training_material",
    ),
    path(
        "partners/trainings/<uuid:public_id>/certificates/<uuid:participant_id>.pdf",
        views_trainings.certificate,
        name="training_certificate",
    ),
]
