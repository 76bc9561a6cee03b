import uuid
from django.db import migrations, models

from pseahub.vault.binding import bind_operation

# Sealed values stored before binding existed, wrapped as legacy-bound to their row and field (pseahub.vault.binding).
# Needs INTEGRITY_KEY as it will be in production: set it before migrating (README, Production).
SEALED = [
    ("referrals.Referral", ["sealed"], False),
    ("referrals.ReferralUpdate", ["sealed_note"], True),
]


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0002_referral_state_due"),
    ]

    operations = [
        migrations.AddField(
            model_name="referralupdate",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        bind_operation(SEALED),
    ]
