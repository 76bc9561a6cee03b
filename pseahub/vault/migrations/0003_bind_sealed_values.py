import uuid
from django.db import migrations, models

from pseahub.vault.binding import bind_operation

# Sealed values stored before binding existed, wrapped as legacy-bound to their row and field (pseahub.vault.binding).
# Needs INTEGRITY_KEY as it will be in production: set it before migrating (README, Production).
SEALED = [
    ("vault.SealedFile", ["ciphertext", "sealed_meta"], True),
]


class Migration(migrations.Migration):
    dependencies = [
        ("vault", "0002_keygrant_grant_user_kind_keyring"),
    ]

    operations = [
        migrations.AddField(
            model_name="sealedfile",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        bind_operation(SEALED),
    ]
