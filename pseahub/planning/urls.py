from django.urls import path

from . import views, views_risk

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
    # The joint risk assessment
    path("network/risk/", views_risk.round_list, name="risk_rounds"),
    path("network/risk/new/", views_risk.round_new, name="risk_round_new"),
    path("network/risk/frameworks/", views_risk.framework_list, name="risk_frameworks"),
    path("network/risk/frameworks/<uuid:public_id>/", views_risk.framework_detail, name="risk_framework"),
    path("network/risk/frameworks/<uuid:public_id>/copy/", views_risk.framework_copy, name="risk_framework_copy"),
    path("network/risk/frameworks/<uuid:public_id>/edit/", views_risk.framework_edit, name="risk_framework_edit"),
    path("network/risk/findings/<uuid:public_id>/", views_risk.finding_edit, name="risk_finding"),
    path("network/risk/<uuid:public_id>/", views_risk.round_detail, name="risk_round"),
    path("network/risk/<uuid:public_id>/status/", views_risk.round_status, name="risk_round_status"),
    path("network/risk/<uuid:public_id>/contribution/", views_risk.contribution, name="risk_contribution"),
    path(
        "network/risk/<uuid:public_id>/contribution/submit/",
        views_risk.contribution_submit,
        name="risk_contribution_submit",
    ),
    path("network/risk/<uuid:public_id>/findings/new/", views_risk.finding_new, name="risk_finding_new"),
    path("network/risk/<uuid:public_id>/export.<str:fmt>", views_risk.export, name="risk_export"),
]
