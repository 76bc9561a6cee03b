from django.contrib import admin
from django.http import HttpRequest

from pseahub.core.admin import NetworkAdminMixin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(NetworkAdminMixin, admin.ModelAdmin):
    """Read-only: the log is appended to by services only."""

    list_display = ["seq", "at", "actor", "action", "target_type", "target_id"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_id"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
