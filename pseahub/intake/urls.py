from django.urls import path

from . import views, views_hooks

app_name = "intake"

urlpatterns = [
    path("report", views.report, name="report"),
    path("report/receipt", views.receipt, name="receipt"),
    path("report/follow", views.follow, name="follow"),
    path("report/status", views.status, name="status"),
    path("report/leave", views.leave, name="leave"),
    path("intake/operator/", views.operator_intake, name="operator"),
    path("intake/operator/receipt", views.operator_receipt, name="operator_receipt"),
    path("intake/focal-point/", views.focal_point_intake, name="focal_point"),
    path("intake/focal-point/receipt", views.focal_point_receipt, name="focal_point_receipt"),
    # SMS, WhatsApp and field forms (signature- or token-authenticated machine endpoints; see views_hooks)
    path("intake/hooks/twilio/<slug:slug>", views_hooks.twilio, name="hook_twilio"),
    path("intake/hooks/africastalking/<slug:slug>", views_hooks.africastalking, name="hook_africastalking"),
    # The old address with the secret in the path: a plain 404, not logged (see views_hooks).
    path("intake/hooks/africastalking/<slug:slug>/<path:rest>", views_hooks.africastalking_retired),
    path("intake/hooks/generic/<slug:slug>", views_hooks.generic, name="hook_generic"),
    path("intake/hooks/kobo/<slug:slug>", views_hooks.kobo, name="hook_kobo"),
    path("intake/fieldform.xlsx", views_hooks.fieldform_xlsx, name="fieldform_xlsx"),
]
