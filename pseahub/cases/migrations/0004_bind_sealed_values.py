import uuid
from django.db import migrations, models

from pseahub.vault.binding import bind_operation

# Sealed values stored before binding existed, wrapped as legacy-bound to their row and field (pseahub.vault.binding).
# Needs INTEGRITY_KEY as it will be in production: set it before migrating (README, Production).
SEALED = [
    ("cases.Complaint", ["sealed"], False),
    ("cases.Allegation", ["sealed"], False),
    ("cases.Survivor", ["sealed"], True),
    ("cases.Message", ["sealed"], True),
    ("cases.CaseNote", ["sealed"], True),
]


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_complaint_closure_reason_complaint_purged_at_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="casenote",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AddField(
            model_name="message",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AddField(
            model_name="survivor",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        bind_operation(SEALED),
    ]
