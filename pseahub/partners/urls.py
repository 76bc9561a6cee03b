from django.urls import path

from . import views, views_assessments

app_name = "partners"

urlpatterns = [
    path("partners/", views.home, name="home"),
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
]
