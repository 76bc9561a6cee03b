from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from pseahub.core.admin import NetworkAdminMixin

from .models import Action, AuditEvent


class ActionFilter(admin.SimpleListFilter):
    # The field has no DB choices (new actions need no migration), so the filter lists them itself.
    title = _("action")
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(value, str(label)) for value, label in Action.choices]

    def queryset(self, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        return queryset.filter(action=self.value()) if self.value() else queryset


class TargetTypeFilter(admin.SimpleListFilter):
    # Django's own filter for the field lists events without a target as a link with no text (unnamed for a
    # screen reader); they are found under "All".
    title = _("target type")
    parameter_name = "target_type"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        types = AuditEvent.objects.exclude(target_type="").order_by("target_type").values_list("target_type", flat=True)
        return [(value, value) for value in types.distinct()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        return queryset.filter(target_type=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(NetworkAdminMixin, admin.ModelAdmin):
    """Read-only: the log is appended to by services only."""

    list_display = ["seq", "at", "actor", "action_label", "target_type", "target_id"]
    list_filter = [ActionFilter, TargetTypeFilter]
    search_fields = ["target_id"]
    readonly_fields = [*(f.name for f in AuditEvent._meta.fields), "action_label"]
    list_select_related = ["actor"]

    @admin.display(description=_("action"), ordering="action")
    def action_label(self, event: AuditEvent) -> str:
        return event.get_action_display()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
