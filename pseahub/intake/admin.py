from __future__ import annotations

from django.contrib import admin

from pseahub.core.admin import NetworkAdminMixin

from .models import IntakeChannel


@admin.register(IntakeChannel)
class IntakeChannelAdmin(NetworkAdminMixin, admin.ModelAdmin):
    """Channels are configuration; their secrets stay in the environment (``secret_env`` names the variable)."""

    list_display = ["name", "type", "provider", "address", "is_enabled"]
    list_filter = ["type", "provider", "is_enabled"]
    search_fields = ["name", "address"]
    prepopulated_fields = {"slug": ["name"]}
