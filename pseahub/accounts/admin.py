"""User administration for network admins. Keys, password hashes and 2FA secrets are never shown."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pseahub.core.admin import NetworkAdminMixin, is_network_admin
from pseahub.core.exceptions import ApplicationError

from . import services
from .models import RoleAssignment, User

admin.site.unregister(Group)

# The admin builds the password form without the request; the acting admin reaches it through this.
_acting_admin: ContextVar[Any] = ContextVar("acting_admin", default=None)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1
    fields = ["role", "organisation"]
    autocomplete_fields = ["organisation"]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_network_admin(request)

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission  # type: ignore[assignment]


class UserCreationForm(forms.ModelForm):
    password1 = forms.CharField(label=gettext_lazy("Password"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label=gettext_lazy("Password again"), strip=False, widget=forms.PasswordInput)

    class Meta:
        model = User
        fields = ["email", "full_name", "language"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") != data.get("password2"):
            raise ValidationError(_("The two passwords differ."))
        return data


class PasswordResetByAdminForm(AdminPasswordChangeForm):
    """Setting a password without the old one gives the user a new key pair (see user_password_reset)."""

    def save(self, commit: bool = True) -> User:
        services.user_password_reset(
            actor=_acting_admin.get(), user=self.user, new_password=self.cleaned_data["password1"]
        )  # type: ignore[arg-type]
        return self.user  # type: ignore[return-value]


@admin.register(User)
class UserAdmin(NetworkAdminMixin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "last_login"]
    list_filter = ["is_active", "role_assignments__role"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined", "is_staff", "key_created_at"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "language", "is_active"]}),
        (gettext_lazy("Record"), {"fields": ["last_login", "date_joined", "is_staff", "key_created_at"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "language", "password1", "password2"]})
    ]
    add_form = UserCreationForm
    change_password_form = PasswordResetByAdminForm
    inlines = [RoleAssignmentInline]
    filter_horizontal: list[str] = []

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return [RoleAssignmentInline] if obj is not None else []

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        token = _acting_admin.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _acting_admin.reset(token)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if change:
            services.user_update(actor=request.user, user=obj, full_name=obj.full_name, language=obj.language)  # type: ignore[arg-type]
            if "is_active" in form.changed_data:
                obj.save(update_fields=["is_active"])
            return
        try:
            created = services.user_create(
                actor=request.user,  # type: ignore[arg-type]
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                full_name=form.cleaned_data.get("full_name", ""),
                language=form.cleaned_data.get("language", "en"),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            raise
        obj.pk = created.pk
        obj._state.adding = False

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Role changes go through the role services so each is audited."""
        if formset.model is not RoleAssignment:
            super().save_formset(request, form, formset, change)
            return
        user = form.instance
        for inline_form in formset.forms:
            if not inline_form.has_changed() or not inline_form.cleaned_data:
                continue
            data = inline_form.cleaned_data
            original = inline_form.instance if inline_form.instance.pk else None
            if data.get("DELETE") and original is not None:
                services.role_revoke(
                    actor=request.user, user=user, role=original.role, organisation=original.organisation
                )
                continue
            if original is not None:
                services.role_revoke(
                    actor=request.user, user=user, role=original.role, organisation=original.organisation
                )
            try:
                services.role_grant(
                    actor=request.user, user=user, role=data["role"], organisation=data.get("organisation")
                )
            except ApplicationError as exc:
                messages.error(request, exc.message)
