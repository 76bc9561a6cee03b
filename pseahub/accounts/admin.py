"""User administration for network admins. Keys, password hashes and 2FA secrets are never shown.

Every write goes through ``accounts.services`` so it is audited: details, activation, roles, a password
reset (which gives the user a new key pair) and a second-factor reset. Users are deactivated, never deleted:
the audit log names them.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import password_validation
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from pseahub.core.admin import NetworkAdminMixin, is_network_admin
from pseahub.core.exceptions import ApplicationError

from . import services, views
from .models import RoleAssignment, User

admin.site.unregister(Group)

# The admin builds the password form without the request; the acting admin reaches it through this.
_acting_admin: ContextVar[Any] = ContextVar("acting_admin", default=None)


# --- the admin site's own account pages lead to ours --------------------------------------------------------
def _admin_password_change(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """Django's page would call ``set_password`` alone, leaving the private key wrapped under the old password."""
    return redirect("accounts:password_change")


def _admin_logout(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """Sign out the same way as everywhere else: audited, and the session's key forgotten."""
    return views.logout_view(request)


admin.site.password_change = _admin_password_change  # type: ignore[method-assign,assignment]
admin.site.logout = _admin_logout  # type: ignore[method-assign,assignment]


class _HiddenDeviceAdmin(admin.ModelAdmin):
    """django-otp's own admin shows TOTP keys and backup codes to superusers; nobody may see them.

    A lost phone is handled by the "Reset two-step verification" action on users.
    """

    def has_module_permission(self, request: HttpRequest) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Whichever admin module is imported first, ours wins: django-otp ignores AlreadyRegistered.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)
    admin.site.register(_device_model, _HiddenDeviceAdmin)


class RoleAssignmentInline(admin.StackedInline):
    # Stacked, with plain selects: a table's fields have no labels of their own (only column headings) and
    # the autocomplete widget's search box has none either; both are unnamed for a screen reader, and the table
    # does not fit a phone. A plain select also works without JavaScript.
    model = RoleAssignment
    extra = 1
    fields = ["role", "organisation"]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_network_admin(request)

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission  # type: ignore[assignment]


def _email_taken(email: str, *, other_than: User | None = None) -> bool:
    users = User.objects.filter(email__iexact=email)
    if other_than is not None and other_than.pk:
        users = users.exclude(pk=other_than.pk)
    return users.exists()


class UserCreationForm(forms.ModelForm):
    password1 = forms.CharField(label=gettext_lazy("Password"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label=gettext_lazy("Password again"), strip=False, widget=forms.PasswordInput)

    class Meta:
        model = User
        fields = ["email", "full_name", "language"]

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if _email_taken(email):
            raise ValidationError(_("A user with this e-mail address already exists."))
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password1")
        if password and password != data.get("password2"):
            raise ValidationError(_("The two passwords differ."))
        if password:
            candidate = User(email=data.get("email", ""), full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(password, candidate)
            except ValidationError as exc:
                self.add_error("password2", exc)
        return data


class UserChangeForm(forms.ModelForm):
    """Details only: no password hash, no key material (those fields are not editable anyway)."""

    class Meta:
        model = User
        fields = ["email", "full_name", "language", "is_active"]

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if _email_taken(email, other_than=self.instance):
            raise ValidationError(_("A user with this e-mail address already exists."))
        return email


class PasswordResetByAdminForm(AdminPasswordChangeForm):
    """Setting a password without the old one gives the user a new key pair (see user_password_reset).

    Django's "disable password-based authentication" choice is not offered: deactivate the user instead.
    """

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields.pop("usable_password", None)
        self.fields["password1"].required = True
        self.fields["password2"].required = True

    def save(self, commit: bool = True) -> Any:
        services.user_password_reset(
            actor=_acting_admin.get(), user=self.user, new_password=self.cleaned_data["password1"]
        )
        return self.user


@admin.register(User)
class UserAdmin(NetworkAdminMixin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "last_login"]
    list_filter = ["is_active", "role_assignments__role"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined", "is_staff", "key_created_at"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "language", "is_active"]}),
        (gettext_lazy("Security"), {"fields": ["last_login", "date_joined", "is_staff", "key_created_at"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "language", "password1", "password2"]})
    ]
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = PasswordResetByAdminForm
    inlines = [RoleAssignmentInline]
    filter_horizontal = ()
    actions = ["two_factor_reset"]

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return [RoleAssignmentInline] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=gettext_lazy("Reset two-step verification (lost phone)"))
    def two_factor_reset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.two_factor_reset(actor=request.user, user=user)
        messages.success(request, _("They will set up two-step verification again at their next sign-in."))

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        token = _acting_admin.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _acting_admin.reset(token)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if change:
            services.user_update(
                actor=request.user, user=obj, full_name=obj.full_name, language=obj.language, email=obj.email
            )
            services.user_set_active(actor=request.user, user=obj, is_active=obj.is_active)
            return
        created = services.user_create(
            actor=request.user,
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            full_name=form.cleaned_data.get("full_name", ""),
            language=form.cleaned_data.get("language", "en"),
        )
        obj.pk, obj.public_id = created.pk, created.public_id
        obj._state.adding = False

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Role changes go through the role services so each is audited.

        A changed row is a grant of the new role and a revoke of the old one; the formset's
        ``new_objects``/``deleted_objects`` say so for the admin's own history entry.
        """
        if formset.model is not RoleAssignment:
            super().save_formset(request, form, formset, change)
            return
        user = form.instance
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if not inline_form.has_changed() or not inline_form.cleaned_data:
                continue
            data = inline_form.cleaned_data
            # The form has already written the new values onto its instance: read the stored row.
            pk = inline_form.instance.pk
            original = RoleAssignment.objects.filter(pk=pk).first() if pk else None
            if data.get("DELETE"):
                if original is not None:
                    services.role_revoke(
                        actor=request.user, user=user, role=original.role, organisation=original.organisation
                    )
                    formset.deleted_objects.append(original)
                continue
            role, organisation = data.get("role"), data.get("organisation")
            if not role or (original is not None and (original.role, original.organisation) == (role, organisation)):
                continue
            try:
                granted = services.role_grant(actor=request.user, user=user, role=role, organisation=organisation)
            except ApplicationError as exc:
                messages.error(request, exc.message)
                continue
            formset.new_objects.append(granted)
            if original is not None:
                services.role_revoke(
                    actor=request.user, user=user, role=original.role, organisation=original.organisation
                )
                formset.deleted_objects.append(original)
