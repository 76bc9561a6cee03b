"""Keys at rest. Nothing here is readable without a private key that the server does not hold."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Keyring(models.Model):
    """The key pair protecting one complaint's sealed fields and files.

    Only the public half is stored in clear; the private half exists only wrapped, once per grant.
    """

    public_key = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the retention purge has destroyed the grants: the sealed data can never be opened again.
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("keyring")

    def __str__(self) -> str:
        return f"keyring {self.pk}"


class GrantKind(models.TextChoices):
    USER = "user", _("User")
    COMPLAINANT = "complainant", _("Complainant (receipt)")
    RECOVERY = "recovery", _("Network recovery key")


class KeyGrant(models.Model):
    """The keyring's private key wrapped for one reader.

    For a user or the recovery key it is sealed to ``recipient_public_key``; for the complainant it is
    encrypted under a key derived from the receipt. A user's grant whose ``recipient_public_key`` differs
    from the user's current public key (after a password reset) waits for a coordinator to re-grant it.
    """

    keyring = models.ForeignKey(Keyring, on_delete=models.CASCADE, related_name="grants")
    kind = models.CharField(max_length=16, choices=GrantKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="key_grants"
    )
    recipient_public_key = models.BinaryField(null=True)
    wrapped_private_key = models.BinaryField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            # Need-to-know: "the keyrings this user holds" is the first step of every case list.
            models.Index(fields=["user", "kind", "keyring"], name="grant_user_kind_keyring"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["keyring", "user"], condition=models.Q(user__isnull=False), name="one_grant_per_user"
            ),
            models.UniqueConstraint(
                fields=["keyring", "kind"],
                condition=models.Q(kind__in=["complainant", "recovery"]),
                name="one_complainant_and_recovery_grant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} grant on {self.keyring_id}"


class RecoveryKey(models.Model):
    """The network's offline recovery key: only its public half is here; the private half is on paper."""

    public_key = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    is_active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"recovery key of {self.created_at:%Y-%m-%d}"


class ReceiptKdf(models.Model):
    """The installation's receipt-derivation parameters, fixed at first use so old receipts keep working."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    salt = models.BinaryField()
    opslimit = models.PositiveIntegerField()
    memlimit = models.PositiveBigIntegerField()

    def __str__(self) -> str:
        return f"receipt KDF (ops={self.opslimit}, mem={self.memlimit})"


class SealedFile(models.Model):
    """An attachment, encrypted to its keyring; the file name and type are sealed too."""

    keyring = models.ForeignKey(Keyring, on_delete=models.CASCADE, related_name="files")
    # The identifier sealed values are bound to (vault.seal_data): set when the instance is made, before insert.
    public_id = models.UUIDField(default=uuid.uuid4, editable=False)
    size = models.PositiveBigIntegerField(help_text="plaintext size in bytes")
    ciphertext = models.BinaryField()
    sealed_meta = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"sealed file {self.pk}"
