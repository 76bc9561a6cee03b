"""The admin site is for network administrators who passed 2FA, and shows no sealed data."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


def is_network_admin(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_authenticated and user.is_network_admin and user.is_verified())


class NetworkAdminMixin:
    """Model permissions for our ModelAdmins: the network-admin role, not Django's per-model permissions."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_network_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_network_admin(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_network_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_network_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_network_admin(request)


def _site_has_permission(request: HttpRequest) -> bool:
    return is_network_admin(request)


admin.site.has_permission = _site_has_permission  # type: ignore[method-assign]
admin.site.site_header = "PSEA Hub"
admin.site.site_title = "PSEA Hub"
