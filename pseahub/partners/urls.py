from django.urls import path

from . import views, views_assessments, views_campaigns, views_funding, views_surveys, views_trainings

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
    # campaigns and key messages (issue 16 item 8)
    path("partners/campaigns/", views_campaigns.campaign_list_page, name="campaigns"),
    path("partners/campaigns/new/", views_campaigns.campaign_new, name="campaign_new"),
    path("partners/campaigns/<uuid:public_id>/", views_campaigns.campaign_detail, name="campaign"),
    path("partners/campaigns/<uuid:public_id>/edit/", views_campaigns.campaign_edit, name="campaign_edit"),
    path("partners/messages/", views_campaigns.message_list_page, name="messages"),
    path("partners/messages/new/", views_campaigns.message_new, name="message_new"),
    path("partners/messages/<uuid:public_id>/", views_campaigns.message_detail, name="message"),
    path("partners/messages/<uuid:public_id>/edit/", views_campaigns.message_edit, name="message_edit"),
    path("partners/messages/<uuid:public_id>/texts/", views_campaigns.message_text, name="message_text"),
    path(
        "partners/messages/<uuid:public_id>/texts/<slug:language_code>/remove/",
        views_campaigns.message_text_remove_view,
        name="message_text_remove",
    ),
    # stakeholders and funding (issue 16 item 10)
    path("partners/stakeholders/", views_funding.stakeholder_list_page, name="stakeholders"),
    path("partners/stakeholders/new/", views_funding.stakeholder_new, name="stakeholder_new"),
    path("partners/stakeholders/<uuid:public_id>/", views_funding.stakeholder_edit, name="stakeholder_edit"),
    path("partners/funding/", views_funding.funding_page, name="funding"),
    path("partners/funding/donors/new/", views_funding.donor_new, name="donor_new"),
    path("partners/funding/sources/new/", views_funding.funding_new, name="funding_new"),
    path("partners/funding/sources/<uuid:public_id>/", views_funding.funding_edit, name="funding_edit"),
    path("partners/funding/proposals/new/", views_funding.proposal_new, name="proposal_new"),
    path("partners/funding/proposals/<uuid:public_id>/", views_funding.proposal_edit, name="proposal_edit"),
    path("partners/funding/reports/new/", views_funding.donor_report_new, name="donor_report_new"),
    path("partners/funding/reports/<uuid:public_id>/", views_funding.donor_report_edit, name="donor_report_edit"),
    # assessments: implementing partners' PSEA capacity assessments (issue 16 items 1-4)
    path("partners/assessments/", views_assessments.register, name="assessments"),
    path("partners/assessments/new/", views_assessments.assessment_new, name="assessment_new"),
    path("partners/assessments/works-with/", views_assessments.link_add, name="assessment_link_add"),
    path(
        "partners/assessments/works-with/<int:link_id>/remove/",
        views_assessments.link_remove,
        name="assessment_link_remove",
    ),
    path("partners/assessments/tools/", views_assessments.tools, name="assessment_tools"),
    path("partners/assessments/tools/<uuid:public_id>/", views_assessments.tool_detail, name="assessment_tool"),
    path("partners/assessments/tools/<uuid:public_id>/copy/", views_assessments.tool_copy, name="assessment_tool_copy"),
    path("partners/assessments/tools/<uuid:public_id>/edit/", views_assessments.tool_edit, name="assessment_tool_edit"),
    path(
        "partners/assessments/tools/<uuid:public_id>/standards/",
        views_assessments.standard_add_view,
        name="assessment_standard_add",
    ),
    path(
        "partners/assessments/tools/<uuid:public_id>/standards/<int:standard_id>/remove/",
        views_assessments.standard_remove_view,
        name="assessment_standard_remove",
    ),
    path("partners/assessments/<uuid:public_id>/", views_assessments.assessment_detail, name="assessment"),
    path("partners/assessments/<uuid:public_id>/answers/", views_assessments.answers_save, name="assessment_answers"),
    path("partners/assessments/<uuid:public_id>/evidence/", views_assessments.evidence_add, name="assessment_evidence"),
    path(
        "partners/assessments/<uuid:public_id>/evidence/<int:evidence_id>/download/",
        views_assessments.evidence_download,
        name="assessment_evidence_download",
    ),
    path("partners/assessments/<uuid:public_id>/access/", views_assessments.access_sync, name="assessment_access"),
    path("partners/assessments/<uuid:public_id>/submit/", views_assessments.submit, name="assessment_submit"),
    path(
        "partners/assessments/<uuid:public_id>/return/", views_assessments.return_to_partner, name="assessment_return"
    ),
    path("partners/assessments/<uuid:public_id>/finalise/", views_assessments.finalise, name="assessment_finalise"),
    path("partners/assessments/<uuid:public_id>/cancel/", views_assessments.cancel, name="assessment_cancel"),
    path("partners/assessments/<uuid:public_id>/actions/", views_assessments.action_add, name="assessment_action_add"),
    path(
        "partners/assessments/<uuid:public_id>/actions/<uuid:action_id>/",
        views_assessments.action_status,
        name="assessment_action_status",
    ),
    path("partners/assessments/<uuid:public_id>/monitoring/", views_assessments.note_add, name="assessment_note_add"),
    path(
        "partners/assessments/<uuid:public_id>/determination/",
        views_assessments.determination,
        name="assessment_determination",
    ),
    # trainings
    path("partners/trainings/", views_trainings.session_list_page, name="trainings"),
    path("partners/trainings/new/", views_trainings.session_new, name="training_new"),
    path("partners/trainings/coverage/", views_trainings.coverage_page, name="training_coverage"),
    path("partners/trainings/coverage/refresher/", views_trainings.refresher_set, name="training_refresher"),
    path("partners/trainings/<uuid:public_id>/", views_trainings.session_detail, name="training"),
    path("partners/trainings/<uuid:public_id>/edit/", views_trainings.session_edit, name="training_edit"),
    path("partners/trainings/<uuid:public_id>/delete/", views_trainings.session_delete_view, name="training_delete"),
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
