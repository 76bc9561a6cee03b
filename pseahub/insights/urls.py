from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("insights/", views.dashboard, name="dashboard"),
    path("insights/donor/", views.donor, name="donor"),
]

# Members' own figures (member_views.py)
from . import member_views  # noqa: E402

urlpatterns += [
    path("insights/members/", member_views.member_returns, name="members"),
    path(
        "insights/members/<uuid:organisation>/<int:year>/<int:quarter>/",
        member_views.member_return,
        name="member_return",
    ),
    path("insights/members/overview/", member_views.members_overview, name="members_overview"),
    path(
        "insights/members/returns/<uuid:public_id>/", member_views.member_return_history, name="member_return_history"
    ),
]
