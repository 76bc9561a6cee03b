from django.urls import path

from . import views, views_meetings, views_plans, views_risk

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
    path("network/actions/<uuid:public_id>/edit/", views_meetings.action_edit_view, name="action_edit"),
    path("network/actions/<uuid:public_id>/status/", views_meetings.action_status, name="action_status"),
    # The action plan (issue 15 items 6-7)
    path("network/plans/", views_plans.plan_list_page, name="plans"),
    path("network/plans/new/", views_plans.plan_new, name="plan_new"),
    path("network/plans/activity-from/", views_plans.activity_from, name="activity_from"),
    path("network/plans/<uuid:public_id>/", views_plans.plan_detail, name="plan"),
    path("network/plans/<uuid:public_id>/outputs/", views_plans.output_new, name="output_new"),
    path("network/plans/<uuid:public_id>/activities/new/", views_plans.activity_new, name="activity_new"),
    path("network/plans/<uuid:public_id>/submit/", views_plans.plan_submit_view, name="plan_submit"),
    path("network/plans/<uuid:public_id>/endorse/", views_plans.plan_endorse_view, name="plan_endorse"),
    path("network/plans/<uuid:public_id>/return/", views_plans.plan_return_view, name="plan_return"),
    path("network/plans/<uuid:public_id>/new-version/", views_plans.plan_new_version_view, name="plan_new_version"),
    path("network/plans/<uuid:public_id>/report/", views_plans.plan_report, name="plan_report"),
    path(
        "network/plans/<uuid:public_id>/report/download/",
        views_plans.plan_report_download_view,
        name="plan_report_download",
    ),
    path("network/activities/attention/", views_plans.attention, name="attention"),
    path("network/activities/<uuid:public_id>/", views_plans.activity_detail, name="activity"),
    path("network/activities/<uuid:public_id>/edit/", views_plans.activity_edit_view, name="activity_edit"),
    path("network/activities/<uuid:public_id>/updates/", views_plans.activity_update_view, name="activity_update"),
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
