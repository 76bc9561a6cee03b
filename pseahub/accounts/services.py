"""Every write to users, roles, passwords and second factors. Each writes its audit entry."""

from __future__ import annotations

from typing import Any, TypeAlias

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pseahub.audit.models import Action
from pseahub.audit.services import failure_count, record
from pseahub.core.exceptions import ApplicationError
from pseahub.vault.crypto import VaultError, WrappedKey, keypair_generate, private_key_unwrap, private_key_wrap
from pseahub.vault.models import GrantKind

from . import keyaccess
from .models import ORGANISATION_ROLES, Role, RoleAssignment, User, _new_security_stamp

BACKUP_CODE_COUNT = 10

#: Who did it: a user, or None for the system. Views and the admin pass ``request.user`` as it comes.
Actor: TypeAlias = User | AnonymousUser | None


def _wrapped_key_of(user: User) -> WrappedKey:
    if user.private_key_wrapped is None or user.private_key_salt is None:
        raise VaultError("this user has no wrapped private key")
    return WrappedKey(
        ciphertext=bytes(user.private_key_wrapped),
        salt=bytes(user.private_key_salt),
        opslimit=int(user.private_key_opslimit or 0),
        memlimit=int(user.private_key_memlimit or 0),
    )


def _store_wrapped_key(user: User, wrapped: WrappedKey) -> None:
    user.private_key_wrapped = wrapped.ciphertext
    user.private_key_salt = wrapped.salt
    user.private_key_opslimit = wrapped.opslimit
    user.private_key_memlimit = wrapped.memlimit


def _give_new_key_pair(user: User, password: str) -> None:
    pair = keypair_generate()
    user.public_key = pair.public
    _store_wrapped_key(user, private_key_wrap(pair.private, password))
    user.key_created_at = timezone.now()


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    email: str,
    password: str | None,
    full_name: str = "",
    language: str = "en",
    **extra: Any,
) -> User:
    """Create a user; with a password the user also gets a key pair wrapped under it."""
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ApplicationError(_("A user with this e-mail address already exists."))
    user = User(email=email, full_name=full_name, language=language, **extra)
    if password:
        user.set_password(password)
        _give_new_key_pair(user, password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    record(actor=actor, action=Action.USER_CREATED, target=user)
    return user


def user_private_key_unlock(*, user: User, password: str) -> bytes | None:
    """The user's private key, opened with the password just checked at login (None if the user has none)."""
    if not user.private_key_wrapped:
        return None
    return private_key_unwrap(_wrapped_key_of(user), password)


@transaction.atomic
def user_private_key_rewrap_if_stale(*, user: User, password: str, private: bytes) -> bool:
    """At sign-in, with the password just checked and the key it opened: re-wrap the same private key when its
    stored Argon2id cost is not the configured one, so the wrap keeps the cost of the login hash (which Django
    re-hashes at the configured cost at the same moment, ``accounts.hashers``). True when it did."""
    old = {"opslimit": user.private_key_opslimit, "memlimit": user.private_key_memlimit}
    new = {"opslimit": settings.VAULT_ARGON2_OPSLIMIT, "memlimit": settings.VAULT_ARGON2_MEMLIMIT}
    if old == new:
        return False
    _store_wrapped_key(user, private_key_wrap(private, password))
    user.save(update_fields=["private_key_wrapped", "private_key_salt", "private_key_opslimit", "private_key_memlimit"])
    record(actor=user, action=Action.KEY_REWRAPPED, target=user, data={"from": old, "to": new})
    return True


@transaction.atomic
def user_password_change(*, user: User, old_password: str, new_password: str) -> None:
    """Change a known password: the same private key is re-wrapped under the new one.

    If the stored key does not open with the (correct) old password, the password was set behind the
    vault's back (``manage.py changepassword``, a raw ``set_password``): that key is lost whatever we do, so
    the user gets a new key pair, as on a reset, and the audit entry says so.
    """
    if not user.check_password(old_password):
        raise ApplicationError(_("Your current password is not correct."))
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from exc
    new_key_pair = False
    try:
        private = private_key_unwrap(_wrapped_key_of(user), old_password) if user.private_key_wrapped else None
    except VaultError:
        private = None
    if private is not None:
        _store_wrapped_key(user, private_key_wrap(private, new_password))
    else:
        _give_new_key_pair(user, new_password)
        new_key_pair = True
    user.set_password(new_password)
    user.save()
    record(
        actor=user,
        action=Action.PASSWORD_CHANGED,
        target=user,
        data={"new_key_pair": True} if new_key_pair else None,
    )


@transaction.atomic
def user_password_reset(*, actor: Actor, user: User, new_password: str) -> None:
    """Set a password without the old one (lost password, admin reset).

    The old private key cannot be opened, so the user gets a new key pair: what was sealed for the old
    one must be re-granted by a coordinator. Other sessions end.
    """
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from exc
    user.set_password(new_password)
    _give_new_key_pair(user, new_password)
    user.security_stamp = _new_security_stamp()
    user.save()
    record(actor=actor, action=Action.PASSWORD_RESET, target=user)


@transaction.atomic
def user_logout_everywhere(*, user: User) -> None:
    """End every session of this user (the caller keeps the current one with update_session_auth_hash)."""
    user.security_stamp = _new_security_stamp()
    user.save(update_fields=["security_stamp"])
    record(actor=user, action=Action.LOGOUT_EVERYWHERE, target=user)


@transaction.atomic
def user_update(*, actor: Actor, user: User, full_name: str, language: str, email: str | None = None) -> User:
    """Change a user's details; the audit entry names the fields that changed (never their values).

    Changes are measured against the stored row, so a caller (the admin) may already have set the new values
    on ``user``.
    """
    stored = User.objects.get(pk=user.pk)
    new = {"full_name": full_name, "language": language}
    if email is not None:
        email = User.objects.normalize_email(email).lower()
        if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
            raise ApplicationError(_("A user with this e-mail address already exists."))
        new["email"] = email
    changed = sorted(field for field, value in new.items() if getattr(stored, field) != value)
    for field, value in new.items():
        setattr(user, field, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=list(new))
    if changed:
        record(actor=actor, action=Action.USER_UPDATED, target=user, data={"fields": changed})
    return user


@transaction.atomic
def user_language_set(*, user: User, language: str) -> bool:
    """Keep ``language`` as the user's own preference (the header's switch, signed in); True if it changed.

    Audited like any change of the profile (the field's name, not its value)."""
    if language not in dict(settings.LANGUAGES):
        raise ApplicationError(_("This language is not offered."))
    stored = User.objects.filter(pk=user.pk).values_list("language", flat=True).get()
    user.language = language
    if stored == language:
        return False
    user.save(update_fields=["language"])
    record(actor=user, action=Action.USER_UPDATED, target=user, data={"fields": ["language"]})
    return True


@transaction.atomic
def user_set_active(*, actor: Actor, user: User, is_active: bool) -> User:
    """Deactivate (every session ends at its next request, sign-in is refused) or reactivate a user.

    Deactivation also deletes every key grant the user holds (no role entitles an inactive user): their own key
    can no longer open anything. Reactivated, they are given access again like a newcomer (a coordinator grants
    complaints, referrals' recipients are granted from ``/cases/keys/``)."""
    stored_active = User.objects.filter(pk=user.pk).values_list("is_active", flat=True).get()
    user.is_active = is_active
    if stored_active == is_active:
        return user
    user.save(update_fields=["is_active"])
    if is_active:
        record(actor=actor, action=Action.USER_UPDATED, target=user, data={"fields": ["is_active"]})
    else:
        withdrawn = keyaccess.grants_withdraw_unentitled(user)
        record(actor=actor, action=Action.USER_DEACTIVATED, target=user, data={"key_grants_withdrawn": withdrawn})
    return user


def key_grants_withdraw_lapsed() -> int:
    """Delete every key grant no role its holder holds now entitles them to (``keyaccess``), one ``key_revoked``
    entry per person with the count. Role changes already do this at once; this periodic net catches grants made
    in another process in the few seconds before it saw a role change (new complaints are granted to the
    coordinators it last read), and grants left behind outside the services."""
    total = 0
    for user in User.objects.filter(key_grants__kind=GrantKind.USER).distinct().order_by("pk"):
        withdrawn = keyaccess.grants_withdraw_unentitled(user)
        if withdrawn:
            record(
                actor=None,
                action=Action.KEY_REVOKED,
                target=user,
                data={"key_grants_withdrawn": withdrawn, "reason": "no_entitling_role"},
            )
            total += withdrawn
    return total


def _sync_admin_flag(user: User) -> None:
    user.roles_forget()
    should_be_staff = user.role_assignments.filter(role=Role.NETWORK_ADMIN).exists()
    if user.is_staff != should_be_staff:
        user.is_staff = should_be_staff
        user.save(update_fields=["is_staff"])


@transaction.atomic
def role_grant(*, actor: Actor, user: User, role: Role | str, organisation: Any = None) -> RoleAssignment:
    """Give ``user`` a role; focal points and service providers must name their organisation."""
    role = Role(role)
    if role in ORGANISATION_ROLES and organisation is None:
        raise ApplicationError(_("A focal point or service provider must belong to an organisation."))
    if role not in ORGANISATION_ROLES:
        organisation = None
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, organisation=organisation)
    if created:
        record(
            actor=actor,
            action=Action.ROLE_GRANTED,
            target=user,
            data={"role": role.value, "organisation": str(organisation.public_id) if organisation else None},
        )
    _sync_admin_flag(user)
    return assignment


@transaction.atomic
def role_revoke(*, actor: Actor, user: User, role: Role | str, organisation: Any = None) -> None:
    """Take a role away; for a focal point or service provider, only the one for ``organisation``.

    The key grants that role gave go with it (``keyaccess``: a coordinator's on complaints and referrals, a focal
    point's or provider's on their organisation's referrals), except those another role the user still holds
    entitles them to. The audit entry counts them."""
    role = Role(role)
    if role not in ORGANISATION_ROLES:
        organisation = None
    deleted, _unused = RoleAssignment.objects.filter(user=user, role=role, organisation=organisation).delete()
    if deleted:
        withdrawn = keyaccess.grants_withdraw_unentitled(
            user, among=keyaccess.entitled_by(role, organisation.pk if organisation else None)
        )
        record(
            actor=actor,
            action=Action.ROLE_REVOKED,
            target=user,
            data={
                "role": role.value,
                "organisation": str(organisation.public_id) if organisation else None,
                "key_grants_withdrawn": withdrawn,
            },
        )
    _sync_admin_flag(user)


# --- second factor ------------------------------------------------------------------------------------------
def _second_factor_match(user: User, token: str) -> Device | None:
    """The device that accepts ``token``.

    A code of as many digits as the authenticator shows goes to the authenticator, anything else is taken as a
    backup code. Trying a token on one kind only keeps a backup code from counting as a failed authenticator
    code: django-otp's throttling would then refuse the next good one. The devices are locked while the code is
    checked, so two requests cannot both spend the same code.
    """
    with transaction.atomic():
        totp = [
            device
            for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
            if token.isdigit() and len(token) == device.digits
        ]
        devices: list[Device] = (
            [*totp] if totp else [*StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)]
        )
        for device in devices:
            if device.verify_token(token):
                return device
        # Decided inside the lock, raised outside it: the refusal still counts towards throttling.
        used = any(_already_used(device, token) for device in totp)
    if used:
        raise CodeAlreadyUsedError(
            _("That code has already been used. Wait for your authenticator app to show the next code.")
        )
    return None


class CodeAlreadyUsedError(ApplicationError):
    """The authenticator's code is right but was already accepted: a code signs in once only."""


def _already_used(device: TOTPDevice, token: str) -> bool:
    """Whether ``token`` is a code the device accepted already (of a time step not after its ``last_t``),
    within the same tolerance window that django-otp's check uses."""
    for offset in range(-device.tolerance, device.tolerance + 1):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + offset)
        if totp.t() <= device.last_t and totp.token() == int(token):
            return True
    return False


def second_factor_verify(*, user: User, token: str) -> Device | None:
    """The second step of signing in: the device that accepts ``token`` (the caller then marks the session
    verified with it), audited as a sign-in (and a backup code spent); None for a wrong code, audited too.

    Raises ``CodeAlreadyUsedError`` (audited as a failure) for an authenticator code that was already accepted, so
    the page can tell the user to wait for the next one.
    """
    try:
        device = _second_factor_match(user, token)
    except CodeAlreadyUsedError:
        record(actor=user, action=Action.OTP_FAILED, target=user)
        raise
    if device is None:
        record(actor=user, action=Action.OTP_FAILED, target=user)
        return None
    sign_in_complete(user=user)
    if isinstance(device, StaticDevice):
        record(actor=user, action=Action.BACKUP_CODE_USED, target=user)
    return device


def sign_in_failed(*, email: str, counted: bool = True, locked_out: bool = False) -> None:
    """Audit a refused password step: a failed attempt when ``counted`` (its password was checked), then the
    lockout when ``locked_out``. The entries name the account only by its id when it exists, never the typed
    e-mail."""
    known = User.objects.filter(email__iexact=email).first()
    if counted:
        _failure_record(Action.LOGIN_FAILED, known, {"step": "password"})
    if locked_out:
        _failure_record(Action.LOGIN_LOCKED_OUT, known)


def _failure_record(action: Action, known: User | None, data: dict[str, str] | None = None) -> None:
    """A failure for an existing account is an entry of its own; for an unknown one it is only counted, and
    each window's count becomes one entry (anyone can send those, as fast as they like)."""
    if known is None:
        failure_count(action=action, data=data)
    else:
        record(actor=None, action=action, target=known, data=data)


def sign_in_complete(*, user: User) -> None:
    """Audit a completed sign-in (password and second factor)."""
    record(actor=user, action=Action.LOGIN, target=user)


def sign_out(*, user: User) -> None:
    """Audit a sign-out (the caller ends the session)."""
    record(actor=user, action=Action.LOGOUT, target=user)


def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed authenticator for enrolment; replaces any earlier unconfirmed one."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str]:
    """Confirm enrolment with a first code; returns new single-use backup codes to show once."""
    if device.user_id != user.pk or device.confirmed:
        raise ApplicationError(_("This enrolment is no longer valid. Start again."))
    if not device.verify_token(token):
        raise ApplicationError(_("That code is not correct. Check the time on your phone and try again."))
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(actor=user, action=Action.OTP_DEVICE_ADDED, target=user)
    return backup_codes_generate(user=user)


@transaction.atomic
def backup_codes_generate(*, user: User) -> list[str]:
    """Replace the user's backup codes with ``BACKUP_CODE_COUNT`` new single-use ones, shown to the user once."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name="Backup codes", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
    for code in codes:
        device.token_set.create(token=code)
    record(actor=user, action=Action.BACKUP_CODES_GENERATED, target=user, data={"count": len(codes)})
    return codes


@transaction.atomic
def two_factor_reset(*, actor: Actor, user: User) -> None:
    """Remove every second factor (lost phone): the user must enrol again at next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record(actor=actor, action=Action.OTP_DEVICE_REMOVED, target=user)
