"""Users, their roles and their key pairs."""

from __future__ import annotations

import secrets
import uuid
from typing import ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("PSEA coordinator")
    FOCAL_POINT = "focal_point", _("Focal point")
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    OPERATOR = "operator", _("Operator")
    ANALYST = "analyst", _("Analyst")
    LEADERSHIP = "leadership", _("Senior leadership (RC/HC office)")
    CO_CHAIR = "co_chair", _("Network co-chair")
    DONOR = "donor", _("Donor")
    HQ = "hq", _("UN Headquarters (system-wide view)")
    NETWORK_ADMIN = "network_admin", _("Network administrator")


#: Roles that read the network's aggregate figures (the insights dashboard and reports). Donors are not among
#: them: they read only what the network publishes to donors.
INSIGHTS_ROLES = (Role.COORDINATOR, Role.CO_CHAIR, Role.LEADERSHIP, Role.ANALYST)

#: Roles whose holder acts for one organisation; the assignment must name it.
ORGANISATION_ROLES = frozenset({Role.FOCAL_POINT, Role.SERVICE_PROVIDER})


def _new_security_stamp() -> str:
    return secrets.token_hex(16)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        """Used by Django's own commands; real code calls ``accounts.services.user_create``."""
        from .services import user_create

        return user_create(email=email, password=password, actor=None, **extra)  # type: ignore[arg-type]

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        from .services import user_create

        extra.setdefault("is_superuser", True)
        extra.setdefault("is_staff", True)
        user = user_create(email=email, password=password, actor=None, **extra)  # type: ignore[arg-type]
        from .services import role_grant

        role_grant(actor=None, user=user, role=Role.NETWORK_ADMIN)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """A staff member who signs in. Reporters never have accounts."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(_("preferred language"), max_length=8, default="en")
    is_active = models.BooleanField(_("active"), default=True)
    # Django admin access; kept in step with the network-admin role by the role services.
    is_staff = models.BooleanField(_("admin site access"), default=False)
    date_joined = models.DateTimeField(_("date joined"), auto_now_add=True)
    # Rotated by "log out everywhere": it is part of the session hash, so every other session ends.
    security_stamp = models.CharField(max_length=32, default=_new_security_stamp, editable=False)

    # The user's X25519 key pair; the private half is wrapped under a key derived from the password.
    public_key = models.BinaryField(null=True, editable=False)
    private_key_wrapped = models.BinaryField(null=True, editable=False)
    private_key_salt = models.BinaryField(null=True, editable=False)
    private_key_opslimit = models.PositiveIntegerField(null=True, editable=False)
    private_key_memlimit = models.PositiveBigIntegerField(null=True, editable=False)
    key_created_at = models.DateTimeField(null=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name

    def is_verified(self) -> bool:
        """Whether this session passed the second factor; django-otp's middleware replaces it per request."""
        return False

    def get_session_auth_hash(self) -> str:
        # Django ends sessions whose stored hash no longer matches: include the stamp so rotating it
        # logs the user out of every session at once.
        key_salt = "pseahub.accounts.User.get_session_auth_hash"
        return salted_hmac(key_salt, f"{self.password}:{self.security_stamp}", algorithm="sha256").hexdigest()

    # --- roles ------------------------------------------------------------------------------------
    _roles_cache: set[str] | None = None

    def _role_set(self) -> set[str]:
        if self._roles_cache is None:
            self._roles_cache = set(self.role_assignments.values_list("role", flat=True))
        return self._roles_cache

    def roles_forget(self) -> None:
        """Drop the cached roles after a grant or revoke, so the next check reads them again."""
        self._roles_cache = None

    def has_role(self, role: str) -> bool:
        return self.is_active and role in self._role_set()

    @property
    def is_coordinator(self) -> bool:
        return self.has_role(Role.COORDINATOR)

    @property
    def is_network_admin(self) -> bool:
        return self.has_role(Role.NETWORK_ADMIN)

    @property
    def is_operator(self) -> bool:
        return self.has_role(Role.OPERATOR)

    @property
    def sees_insights(self) -> bool:
        """Reads the network's aggregate figures (dashboard, reports); never a complaint."""
        return any(self.has_role(role) for role in INSIGHTS_ROLES)

    @property
    def is_donor(self) -> bool:
        return self.has_role(Role.DONOR)

    @property
    def receives_referrals(self) -> bool:
        return self.has_role(Role.FOCAL_POINT) or self.has_role(Role.SERVICE_PROVIDER)

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in sorted(self._role_set())]

    def organisation_ids(self, role: str) -> set[int]:
        """Organisations this user acts for in ``role`` (focal point, service provider)."""
        return set(
            self.role_assignments.filter(role=role, organisation__isnull=False).values_list(
                "organisation_id", flat=True
            )
        )


class RoleAssignment(models.Model):
    """One role held by one user; focal points and service providers act for one organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("organisation"),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"], condition=models.Q(organisation__isnull=True), name="unique_network_role"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="unique_organisation_role",
            ),
            models.CheckConstraint(
                name="org_roles_name_an_organisation",
                # Sorted: a frozenset's order changes from run to run, and the migration must not.
                condition=(
                    models.Q(role__in=sorted(r.value for r in ORGANISATION_ROLES), organisation__isnull=False)
                    | (
                        ~models.Q(role__in=sorted(r.value for r in ORGANISATION_ROLES))
                        & models.Q(organisation__isnull=True)
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        label = Role(self.role).label
        return f"{label} ({self.organisation})" if self.organisation_id else str(label)
