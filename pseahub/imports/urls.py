from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("cases/import/", views.start, name="start"),
    path("cases/import/<uuid:public_id>/", views.detail, name="detail"),
    path("cases/import/<uuid:public_id>/columns/", views.columns, name="columns"),
    path("cases/import/<uuid:public_id>/values/", views.values, name="values"),
    path("cases/import/<uuid:public_id>/check/", views.check, name="check"),
    path("cases/import/<uuid:public_id>/run/", views.run, name="run"),
    path("cases/import/<uuid:public_id>/rejected/", views.rejected, name="rejected"),
    path("cases/import/<uuid:public_id>/discard/", views.discard, name="discard"),
]
