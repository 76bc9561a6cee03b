from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("referrals/", views.inbox, name="inbox"),
    path("referrals/access/grant/", views.recipients_grant, name="recipients_grant"),
    path("referrals/<uuid:public_id>/", views.detail, name="detail"),
    path("referrals/<uuid:public_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("referrals/<uuid:public_id>/decline/", views.decline, name="decline"),
    path("referrals/<uuid:public_id>/progress/", views.progress, name="progress"),
    path("referrals/<uuid:public_id>/close/", views.close, name="close"),
    path("referrals/<uuid:public_id>/follow-up/", views.follow_up, name="follow_up"),
    path("referrals/<uuid:public_id>/investigation/", views.investigation, name="investigation"),
    path("referrals/<uuid:public_id>/informed/", views.survivor_informed, name="survivor_informed"),
    path("referrals/<uuid:public_id>/deliveries/", views.service_delivered, name="service_delivered"),
    path("referrals/<uuid:public_id>/revoke/", views.referral_revoke, name="revoke"),
    path(
        "cases/<uuid:public_id>/allegations/<uuid:allegation_id>/refer/",
        views.allegation_refer,
        name="allegation_refer",
    ),
    path("cases/<uuid:public_id>/assistance/", views.assistance_refer, name="assistance_refer"),
    path("cases/<uuid:public_id>/close/", views.complaint_close, name="complaint_close"),
    path("cases/<uuid:public_id>/exclude/", views.user_exclude, name="user_exclude"),
]
