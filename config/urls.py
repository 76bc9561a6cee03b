from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

import pseahub.core.admin  # noqa: F401  (restricts the admin site to verified network admins)
from pseahub.accounts.views import language_switch


def _admin_login(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """The admin has no login page of its own: everyone signs in with password and 2FA."""
    return redirect_to_login(request.get_full_path())


admin.site.login = _admin_login  # type: ignore[method-assign,assignment]

urlpatterns = [
    path("", include("pseahub.core.urls")),
    path("", include("pseahub.intake.urls")),
    path("cases/", include("pseahub.cases.urls")),
    path("", include("pseahub.referrals.urls")),
    path("", include("pseahub.mapping.urls")),
    path("", include("pseahub.tracker.urls")),
    path("", include("pseahub.imports.urls")),
    path("", include("pseahub.insights.urls")),
    path("", include("pseahub.planning.urls")),
    path("", include("pseahub.partners.urls")),
    path("accounts/", include("pseahub.accounts.urls")),
    # The header's language switch; signed in, it also keeps the choice in the user's profile.
    path("i18n/setlang/", language_switch, name="set_language"),
    path("admin/", admin.site.urls),
]
