from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("report", views.report, name="report"),
    path("report/follow", views.follow, name="follow"),
    path("report/status", views.status, name="status"),
    path("report/leave", views.leave, name="leave"),
    path("intake/operator/", views.operator_intake, name="operator"),
]
