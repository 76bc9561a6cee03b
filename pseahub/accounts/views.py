"""Sign-in with password and TOTP, enrolment, backup codes, password change and sign-out."""

from __future__ import annotations

import base64
from typing import Any, cast
from urllib.parse import parse_qs, quote, urlsplit

import django_otp
import segno
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from pseahub.core.exceptions import ApplicationError
from pseahub.vault.crypto import VaultError
from pseahub.vault.session import session_key_forget, session_key_load, session_key_store

from . import services
from .forms import EnrolForm, LoginForm, PasswordChangeForm, ProfileForm, TokenForm
from .landing import landing_url
from .language import language_choose
from .models import User


def _is_safe(request: HttpRequest, target: str) -> bool:
    return bool(target) and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    )


def _safe_next(request: HttpRequest) -> str:
    """The ``next`` asked for if it is safe (same site), else "" (the user then lands on their work page)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if _is_safe(request, target) else ""


def _landing(request: HttpRequest) -> str:
    """The signed-in user's work page (see ``landing.landing_url``); the home page for anyone else."""
    if request.user.is_authenticated:
        return landing_url(_signed_in(request))
    # LOGIN_REDIRECT_URL may be a URL name; templates need the path.
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _login_page_of(target: str) -> str | None:
    """The namespace of the sign-in page ``target`` names (ours, or the admin's, which sends people to ours)."""
    try:
        match = resolve(urlsplit(target).path)
    except Resolver404:
        return None
    return match.namespace if match.url_name == "login" else None


def _onward(request: HttpRequest) -> str:
    """Where a user who has passed both steps goes next: ``next``, but never back to a sign-in page; without
    ``next``, their work page.

    The admin sends whoever it refuses to its login page, which sends them to ours with itself as ``next``:
    following that would loop for ever. An admin continues to the admin page first asked for; anyone else,
    who would only be refused again, goes to their work page.
    """
    target = _safe_next(request)
    if not target:
        return _landing(request)
    namespace = _login_page_of(target)
    if namespace is None:
        return target
    inner = parse_qs(urlsplit(target).query).get("next", [""])[0]
    if (
        namespace == admin.site.name
        and admin.site.has_permission(request)
        and _is_safe(request, inner)
        and _login_page_of(inner) is None
    ):
        return inner
    return _landing(request)


def _lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    return _("Too many failed attempts. For your protection this account is locked for %(minutes)d minutes.") % {
        "minutes": minutes
    }


def lockout(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """Axes calls this when an account name is locked; the page is the same whether the account exists."""
    form = LoginForm(request.POST or None)
    form.is_valid()
    form.errors.clear()
    return render(
        request,
        "accounts/login.html",
        {"form": form, "error": _lockout_message(), "next": _safe_next(request)},
        status=429,
    )


@sensitive_post_parameters("password")
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    """First step: e-mail and password. On success the private key is unlocked and 2FA comes next."""
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(_onward(request))
    form = LoginForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["username"].lower()
        password = form.cleaned_data["password"]
        user = authenticate(request, username=email, password=password)
        if getattr(request, "axes_locked_out", False):
            services.sign_in_failed(email=email, counted=_failure_caused_lockout(request), locked_out=True)
            return lockout(request)
        if user is None:
            services.sign_in_failed(email=email)
            error = _("The e-mail address or password is not correct.")
        else:
            login(request, user)
            try:
                private = services.user_private_key_unlock(user=user, password=password)
            except VaultError:
                private = None
            if private is not None:
                session_key_store(request, private)
                services.user_private_key_rewrap_if_stale(user=user, password=password, private=private)
            nxt = _safe_next(request)
            query = f"?next={_quote(nxt)}" if nxt else ""
            if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                return redirect(f"{_url('accounts:two_factor_verify')}{query}")
            return redirect(f"{_url('accounts:two_factor_setup')}{query}")
    return render(request, "accounts/login.html", {"form": form, "error": error, "next": _safe_next(request)})


def _failure_caused_lockout(request: HttpRequest) -> bool:
    """Whether this attempt's wrong password caused the lockout (rather than being refused as already locked).

    Axes' backend refuses an attempt for a name and client already locked without checking the password
    (``lockout.LockoutBackend`` notes it); any other locked attempt had its password checked and failed.
    """
    return not getattr(request, "lockout_refused_unchecked", False)


def _url(name: str) -> str:
    return reverse(name)


def _quote(value: str) -> str:
    return quote(value, safe="/")


def _signed_in(request: HttpRequest) -> User:
    """The request's user, for views behind ``login_required`` (typed for the checker)."""
    return cast(User, request.user)


@never_cache
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Second step: a TOTP code or a single-use backup code."""
    user = _signed_in(request)
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect(_onward(request))
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(_url("accounts:two_factor_setup"))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.second_factor_verify(user=user, token=form.cleaned_data["token"])
        except services.CodeAlreadyUsedError as exc:
            form.add_error("token", exc.message)
        else:
            if device is not None:
                django_otp.login(request, device)
                return redirect(_onward(request))
            form.add_error("token", _("That code is not correct or has already been used."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next(request)})


def _qr_svg(url: str) -> str:
    qr = segno.make(url, error="m")
    return qr.svg_inline(scale=4, title=_("QR code for your authenticator app"))


@never_cache
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app by QR code (or the key typed by hand); then show backup codes once.

    A user who already has a confirmed authenticator must pass it before replacing it.
    """
    user = _signed_in(request)
    has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if has_device and not user.is_verified():  # type: ignore[attr-defined]
        return redirect(_url("accounts:two_factor_verify"))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None or request.method == "GET":
        device = services.totp_device_start(user=user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_device_confirm(user=user, device=device, token=form.cleaned_data["token"])
        except ApplicationError as exc:
            form.add_error("token", exc.message)
        else:
            # Enrolling at first sign-in completes it; re-enrolling later is not a new sign-in.
            if not user.is_verified():  # type: ignore[attr-defined]
                services.sign_in_complete(user=user)
            django_otp.login(request, device)
            return render(request, "accounts/backup_codes.html", {"codes": codes, "next": _onward(request)})
    secret = _base32(device.bin_key)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 - generated by segno from our own data
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _safe_next(request),
        },
    )


def _base32(key: bytes) -> str:
    return base64.b32encode(key).decode("ascii").rstrip("=")


@never_cache
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = _signed_in(request)
    form = ProfileForm(request.POST or None, initial={"full_name": user.full_name, "language": user.language})
    if request.method == "POST" and form.is_valid():
        services.user_update(actor=user, user=user, **form.cleaned_data)
        messages.success(request, _("Your details are saved."))
        return redirect("accounts:profile")
    context = {
        "form": form,
        "assignments": user.role_assignments.select_related("organisation"),
        "backup_codes_left": sum(d.token_set.count() for d in StaticDevice.objects.filter(user=user)),
        "has_key": bool(user.public_key),
        "key_unlocked": session_key_load(request) is not None,
    }
    return render(request, "accounts/profile.html", context)


@never_cache
@login_required
@require_POST
def backup_codes_regenerate(request: HttpRequest) -> HttpResponse:
    user = _signed_in(request)
    codes = services.backup_codes_generate(user=user)
    return render(request, "accounts/backup_codes.html", {"codes": codes, "next": _url("accounts:profile")})


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@never_cache
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = _signed_in(request)
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_password_change(
                user=user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            update_session_auth_hash(request, user)
            private = services.user_private_key_unlock(user=user, password=form.cleaned_data["new_password1"])
            if private is not None:
                session_key_store(request, private)
            messages.success(request, _("Your password is changed."))
            return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.sign_out(user=_signed_in(request))
    session_key_forget(request)
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("core:home")


@never_cache
@login_required
@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    """End every other session of this user; this one continues."""
    user = _signed_in(request)
    services.user_logout_everywhere(user=user)
    update_session_auth_hash(request, user)
    messages.success(request, _("You are signed out of every other browser and device."))
    return redirect("accounts:profile")


@never_cache
@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """The header's language switch (a form: works without JavaScript). Anyone: the language cookie, as
    Django's ``set_language``; signed in, also the user's own preference, kept for the next sign-in (held until
    the second step is passed, see ``language``)."""
    response = i18n.set_language(request)
    if request.user.is_authenticated:
        language_choose(request, user=_signed_in(request), language=request.POST.get("language", ""))
    return response
