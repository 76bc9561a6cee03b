from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("insights/", views.dashboard, name="dashboard"),
    path("insights/donor/", views.donor, name="donor"),
]
urlpatterns += [
    path("insights/table/<slug:key>.<str:fmt>", views.table_download, name="table_download"),
]
