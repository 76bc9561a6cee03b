from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.tracker, name="tracker"),
    path("inbox/", views.inbox, name="inbox"),
    path("keys/", views.keys, name="keys"),
    path("keys/coordinators/", views.coordinator_grant, name="coordinator_grant"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/triage/", views.triage, name="triage"),
    path("<uuid:public_id>/allegations/", views.allegation_add, name="allegation_add"),
    path("<uuid:public_id>/allegations/<uuid:allegation_id>/", views.allegation_update, name="allegation_update"),
    path("<uuid:public_id>/intake/", views.intake_update, name="intake_update"),
    path("<uuid:public_id>/survivors/", views.survivor_add, name="survivor_add"),
    path("<uuid:public_id>/survivors/<int:survivor_id>/", views.survivor_update, name="survivor_update"),
    path("<uuid:public_id>/perpetrators/", views.perpetrator_add, name="perpetrator_add"),
    path("<uuid:public_id>/perpetrators/<uuid:perpetrator_id>/", views.perpetrator_update, name="perpetrator_update"),
    path("<uuid:public_id>/consents/", views.consent_add, name="consent_add"),
    path("<uuid:public_id>/messages/", views.message_send, name="message_send"),
    path("<uuid:public_id>/messages/held/", views.held_send, name="held_send"),
    path("<uuid:public_id>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
]

from . import views_manage  # noqa: E402  (the vocabulary and message-template pages)

urlpatterns += [
    path("vocabularies/", views_manage.vocabularies, name="vocabularies"),
    path("vocabularies/<slug:vocabulary>/", views_manage.vocabulary, name="vocabulary"),
    path("vocabularies/<slug:vocabulary>/<str:code>/", views_manage.term, name="term"),
    path("templates/", views_manage.templates, name="templates"),
    path("templates/new/", views_manage.template_new, name="template_new"),
    path("templates/<slug:code>/<str:language>/", views_manage.template_edit, name="template_edit"),
    path("templates/<slug:code>/<str:language>/history/", views_manage.template_history, name="template_history"),
]
