"""Where a sealed value belongs: the associated data that binds it to one row and field, the MAC key, and the
data-migration steps that bind the values sealed before binding existed.

The server holds no private key, so a value sealed before binding cannot be re-encrypted: the migration wraps
each as ``FORMAT_LEGACY_BOUND`` (the old sealed box plus a MAC over the version, the binding and the box), which
binds it and makes it unforgeable without opening it. The migrations import this module: keep these functions'
behaviour stable (they run with historical models).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from pseahub.core.secrets import integrity_subkey

from .crypto import FORMAT_AEAD, legacy_bind, legacy_unbind

BINDING_PURPOSE = "vault-binding-v1"
BATCH_SIZE = 200


def binding_for(label: str, row_id: Any, field: str) -> tuple[bytes, str]:
    """The associated data for one row's field (``label`` as ``Model._meta.label_lower``, ``row_id`` its
    ``public_id``) and a description of it for error messages (names the row, never the content)."""
    row_id = uuid.UUID(str(row_id))  # one spelling, however the row's identifier was given
    return f"{label}\x00{row_id}\x00{field}".encode("ascii"), f"{label} {row_id}, field {field}"


def binding_key() -> bytes:
    """The MAC key of bindings, from INTEGRITY_KEY (outside the database)."""
    return integrity_subkey(BINDING_PURPOSE)


def _batches(model: Any, fields: Sequence[str]) -> Any:
    """The rows of ``model`` in primary-key order, a batch at a time (large tables, and large sealed files)."""
    last = None
    while True:
        rows = model._default_manager.order_by("pk").only("pk", "public_id", *fields)
        if last is not None:
            rows = rows.filter(pk__gt=last)
        batch = list(rows[:BATCH_SIZE])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def bind_existing(apps: Any, model_label: str, fields: Sequence[str], *, new_public_ids: bool = False) -> None:
    """Forward data migration: wrap every stored value of ``fields`` as legacy-bound to its row and field.

    ``new_public_ids``: the model's ``public_id`` column was just added (one default value for every existing
    row), so each row gets its own first.
    """
    model = apps.get_model(model_label)
    label, key = model._meta.label_lower, binding_key()
    for batch in _batches(model, fields):
        for row in batch:
            if new_public_ids:
                row.public_id = uuid.uuid4()
            for field in fields:
                blob = getattr(row, field)
                if blob:
                    binding, _where = binding_for(label, row.public_id, field)
                    setattr(row, field, legacy_bind(bytes(blob), binding=binding, mac_key=key))
        model._default_manager.bulk_update(batch, [*fields, *(["public_id"] if new_public_ids else [])])


def unbind_existing(apps: Any, model_label: str, fields: Sequence[str]) -> None:
    """Reverse data migration: unwrap legacy-bound values back to plain sealed boxes.

    Refused (nothing changed: the migration is one transaction) when a value was sealed since the upgrade:
    the server cannot open it to seal it the old way, and the old code could not read it."""
    model = apps.get_model(model_label)
    label, key = model._meta.label_lower, binding_key()
    for batch in _batches(model, fields):
        for row in batch:
            for field in fields:
                blob = getattr(row, field)
                if not blob:
                    continue
                binding, where = binding_for(label, row.public_id, field)
                if bytes(blob)[0] == FORMAT_AEAD:
                    raise RuntimeError(
                        f"Cannot undo the binding of sealed values: {where} was sealed since the upgrade and has "
                        "no form the previous version can read. Restore a backup taken before the upgrade instead."
                    )
                setattr(row, field, legacy_unbind(bytes(blob), binding=binding, mac_key=key, where=where))
        model._default_manager.bulk_update(batch, list(fields))


def bind_operation(sealed: Sequence[tuple[str, Sequence[str], bool]]) -> Any:
    """The data migration of an app's sealed columns: ``(model label, fields, new_public_ids)`` each, bound by
    ``bind_existing`` going forward and restored by ``unbind_existing`` going back."""
    from django.db import migrations

    def bind(apps: Any, schema_editor: Any) -> None:
        for model_label, fields, new_ids in sealed:
            bind_existing(apps, model_label, fields, new_public_ids=new_ids)

    def unbind(apps: Any, schema_editor: Any) -> None:
        for model_label, fields, _new_ids in sealed:
            unbind_existing(apps, model_label, fields)

    return migrations.RunPython(bind, unbind)
