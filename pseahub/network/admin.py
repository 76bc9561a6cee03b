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
    network_settings_update,
    organisation_create,
    organisation_update,
)


class FocalPointInline(admin.TabularInline):
    model = FocalPoint
    extra = 0
    fields = ["name", "title", "email", "phone", "languages", "user", "is_alternate", "is_active"]
    autocomplete_fields = ["user"]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_network_admin(request)

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission  # type: ignore[assignment]


@admin.register(Organisation)
class OrganisationAdmin(NetworkAdminMixin, admin.ModelAdmin):
    list_display = ["name", "acronym", "type", "is_member", "is_co_chair", "is_active"]
    list_filter = ["type", "is_member", "is_co_chair", "is_active"]
    search_fields = ["name", "acronym"]

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        data = {field: form.cleaned_data[field] for field in form.changed_data}
        if change:
            fresh = Organisation.objects.get(pk=obj.pk)
            organisation_update(actor=request.user, organisation=fresh, **data)
        else:
            created = organisation_create(
                actor=request.user,
                name=obj.name,
                type=obj.type,
                acronym=obj.acronym,
                is_member=obj.is_member,
                is_co_chair=obj.is_co_chair,
            )
            obj.pk = created.pk


@admin.register(FocalPoint)
class FocalPointAdmin(NetworkAdminMixin, admin.ModelAdmin):
    list_display = ["name", "organisation", "email", "phone", "user", "is_alternate", "is_active"]
    list_filter = ["organisation", "is_active"]
    search_fields = ["name", "email", "organisation__name", "organisation__acronym"]
    autocomplete_fields = ["user", "organisation"]

    def save_model(self, request: HttpRequest, obj: FocalPoint, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
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
        obj.pk = created.pk


class AreaImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("Columns: pcode, name, name_fr_or_ar, parent_pcode, admin_level."),
    )


@admin.register(Area)
class AreaAdmin(NetworkAdminMixin, admin.ModelAdmin):
    list_display = ["pcode", "name", "name_local", "admin_level", "parent"]
    list_filter = ["admin_level"]
    search_fields = ["pcode", "name", "name_local"]
    change_list_template = "network/admin/area_changelist.html"

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
