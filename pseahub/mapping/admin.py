"""The registry of services in the admin, for verified network admins; writes go through the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from pseahub.core.admin import NetworkAdminMixin
from pseahub.network.models import Organisation

from .models import Service
from .services import service_create, service_update


class ServiceAdminForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = [
            "name",
            "type",
            "provider",
            "is_active",
            "areas",
            "sex_served",
            "min_age",
            "max_age",
            "contact_phone",
            "contact_email",
            "address",
            "hours",
            "languages",
            "notes",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only active organisations may provide a service (a service that already has an inactive provider
        # keeps it, so it can still be edited or deactivated).
        if "provider" in self.fields:
            active = Q(is_active=True)
            if self.instance.pk is not None:
                active |= Q(pk=self.instance.provider_id)
            self.fields["provider"].queryset = Organisation.objects.filter(active)  # type: ignore[attr-defined]


@admin.register(Service)
class ServiceAdmin(NetworkAdminMixin, admin.ModelAdmin):
    """Writes go through ``service_create`` / ``service_update`` (audited). Services are deactivated, never
    deleted: assistance referrals point to them."""

    form = ServiceAdminForm
    list_display = ["name", "type", "provider", "sex_served", "min_age", "max_age", "is_active"]
    list_filter = ["type", "sex_served", "is_active", "provider"]
    list_select_related = ["provider"]
    search_fields = ["name", "provider__name", "provider__acronym"]
    # A plain multiple select, not autocomplete: the autocomplete widget's search box has no label and needs
    # JavaScript.
    fieldsets = [
        (None, {"fields": ["name", "type", "provider", "is_active"]}),
        (_("Coverage and eligibility"), {"fields": ["areas", "sex_served", "min_age", "max_age"]}),
        (_("Contact"), {"fields": ["contact_phone", "contact_email", "address", "hours", "languages", "notes"]}),
    ]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Service, form: Any, change: bool) -> None:
        if change:
            data = {field: form.cleaned_data[field] for field in form.changed_data}
            fresh = Service.objects.get(pk=obj.pk)
            service_update(actor=request.user, service=fresh, **data)
            return
        data = {field: form.cleaned_data[field] for field in form.fields}
        created = service_create(actor=request.user, **data)
        obj.pk, obj.public_id = created.pk, created.public_id

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The areas were saved by the service (and are in its audit entry): skip the form's own save_m2m.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
