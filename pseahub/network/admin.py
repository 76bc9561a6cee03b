from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pseahub.core.admin import NetworkAdminMixin, is_network_admin

from .models import Area, FocalPoint, NetworkSettings, Organisation
from .services import (
    AreaImportError,
    areas_import,
    focal_point_create,
    focal_point_update,
    network_settings_update,
    organisation_create,
    organisation_update,
)


@admin.register(Organisation)
class OrganisationAdmin(NetworkAdminMixin, admin.ModelAdmin):
    """Writes go through the services (audited). Organisations are deactivated, never deleted."""

    list_display = ["name", "acronym", "type", "is_member", "is_co_chair", "is_active"]
    list_filter = ["type", "is_member", "is_co_chair", "is_active"]
    search_fields = ["name", "acronym"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        if change:
            data = {field: form.cleaned_data[field] for field in form.changed_data}
            fresh = Organisation.objects.get(pk=obj.pk)
            organisation_update(actor=request.user, organisation=fresh, **data)
            return
        created = organisation_create(
            actor=request.user,
            name=obj.name,
            type=obj.type,
            acronym=obj.acronym,
            is_member=obj.is_member,
            is_co_chair=obj.is_co_chair,
        )
        if not obj.is_active:
            organisation_update(actor=request.user, organisation=created, is_active=False)
        obj.pk, obj.public_id = created.pk, created.public_id


@admin.register(FocalPoint)
class FocalPointAdmin(NetworkAdminMixin, admin.ModelAdmin):
    """Writes go through the services (audited, and keeping the focal-point role in step); focal points are
    deactivated, never deleted."""

    list_display = ["name", "organisation", "email", "phone", "user", "is_alternate", "is_active"]
    list_filter = ["organisation", "is_active"]
    search_fields = ["name", "email", "organisation__name", "organisation__acronym"]
    # Plain selects, not autocomplete: the autocomplete widget's box has no accessible name and needs JavaScript.

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Moving a focal point to another organisation would carry its referrals along: add a new one.
        return ["organisation"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: FocalPoint, form: Any, change: bool) -> None:
        if change:
            data = {field: form.cleaned_data[field] for field in form.changed_data}
            fresh = FocalPoint.objects.get(pk=obj.pk)
            focal_point_update(actor=request.user, focal_point=fresh, **data)
            return
        created = focal_point_create(
            actor=request.user,
            organisation=obj.organisation,
            name=obj.name,
            email=obj.email,
            phone=obj.phone,
            languages=obj.languages,
            user=obj.user,
            title=obj.title,
            is_alternate=obj.is_alternate,
        )
        if not obj.is_active:
            focal_point_update(actor=request.user, focal_point=created, is_active=False)
        obj.pk, obj.public_id = created.pk, created.public_id


class AreaImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        # An empty file reaches the import, which names the line like every other error.
        allow_empty_file=True,
        help_text=gettext_lazy("Columns: pcode, name, name_fr_or_ar, parent_pcode, admin_level."),
    )


@admin.register(Area)
class AreaAdmin(NetworkAdminMixin, admin.ModelAdmin):
    """Areas are read-only here: they change only through the (audited, all-or-nothing) CSV import."""

    list_display = ["pcode", "name", "name_local", "admin_level", "parent"]
    list_filter = ["admin_level"]
    search_fields = ["pcode", "name", "name_local"]
    change_list_template = "network/admin/area_changelist.html"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[Any]:
        extra = [path("import/", self.admin_site.admin_view(self.import_view), name="network_area_import")]
        return extra + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not is_network_admin(request):
            return redirect("admin:index")
        form = AreaImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > 5 * 1024 * 1024:
                form.add_error("file", _("The file is larger than 5 MB."))
            else:
                try:
                    result = areas_import(actor=request.user, content=upload.read())
                except AreaImportError as exc:
                    form.add_error("file", _("%(error)s Nothing was imported.") % {"error": exc.message})
                else:
                    messages.success(
                        request,
                        _("%(created)d areas created, %(updated)d updated.")
                        % {"created": result.created, "updated": result.updated},
                    )
                    return redirect("admin:network_area_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": _("Import areas"),
            "opts": self.model._meta,
        }
        return render(request, "network/admin/area_import.html", context)


@admin.register(NetworkSettings)
class NetworkSettingsAdmin(NetworkAdminMixin, admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_network_admin(request) and not NetworkSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: NetworkSettings, form: Any, change: bool) -> None:
        network_settings_update(actor=request.user, **{field: form.cleaned_data[field] for field in form.fields})
