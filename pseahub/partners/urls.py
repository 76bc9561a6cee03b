from django.urls import path

from . import views, views_surveys

app_name = "partners"

urlpatterns = [
    path("partners/", views.home, name="home"),
    # the annual PSEA survey (surveys)
    path("partners/surveys/", views_surveys.survey_index, name="surveys"),
    path("partners/surveys/import/", views_surveys.survey_upload, name="survey_upload"),
    path("partners/surveys/import/<uuid:public_id>/", views_surveys.survey_dry_run, name="survey_dry_run"),
    path("partners/surveys/indicators/new/", views_surveys.survey_indicator, name="survey_indicator_new"),
    path("partners/surveys/indicators/<uuid:public_id>/", views_surveys.survey_indicator, name="survey_indicator"),
    path("partners/surveys/<uuid:public_id>/", views_surveys.survey_detail, name="survey"),
    path(
        "partners/surveys/<uuid:public_id>/summary-<str:language>.pdf",
        views_surveys.survey_summary,
        name="survey_summary",
    ),
    path(
        "partners/surveys/<uuid:public_id>/questions/<uuid:question_id>/",
        views_surveys.survey_question,
        name="survey_question",
    ),
]
