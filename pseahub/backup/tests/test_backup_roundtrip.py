"""backup then restore into an empty second database (SQLite file, or PostgreSQL when DATABASE_URL points there):
every table and every file comes back, and the restore ends with verify_audit on the restored installation."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from pseahub.audit.models import Action, AuditEvent, AuditHead
from pseahub.backup.services import file_sha256

from .conftest import files_of, tables_of

pytestmark = pytest.mark.django_db(transaction=True)


def restore_in_subprocess(archive: Path, identity: Path, target) -> subprocess.CompletedProcess[str]:
    """``manage.py restore`` as an operator runs it on the new installation (its own DATABASE_URL, MEDIA_ROOT)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": target.url,
        "MEDIA_ROOT": str(target.media_root),
    }
    # The secret key comes on standard input (--identity -), as from an offline medium.
    command = [sys.executable, "manage.py", "restore", str(archive), "--identity", "-"]
    return subprocess.run(  # noqa: S603
        command, input=identity.read_text(), cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_every_table_and_file_comes_back_and_the_audit_log_checks_out(installation, keypair, target, tmp_path):
    archive = tmp_path / "nightly.age"
    out = StringIO()

    # What the archive must hold: the installation as it is when the backup starts.
    source_tables = tables_of(settings.DATABASES["default"])
    head = AuditHead.objects.get()

    call_command("backup", str(archive), recipient=[keypair.public], stdout=out)

    # The backup is audited after the archive is complete: one entry beyond the head the archive holds.
    written = AuditEvent.objects.get(action=Action.BACKUP_WRITTEN)
    assert written.seq == head.last_seq + 1
    assert written.data["audit_seq"] == head.last_seq
    assert written.data["sha256"] == file_sha256(archive)
    assert head.last_seq > 0
    assert f"audit head {head.last_seq}:{head.last_hash}" in out.getvalue()
    checksum = file_sha256(archive)
    assert f"SHA-256: {checksum}" in out.getvalue()
    assert (tmp_path / "nightly.age.sha256").read_text() == f"{checksum}  nightly.age\n"
    assert archive.read_bytes().startswith(b"age-encryption.org/v1\n")

    restored = restore_in_subprocess(archive, keypair.identity_file, target)

    assert restored.returncode == 0, restored.stderr
    assert f"audit head in the archive {head.last_seq}:{head.last_hash}" in restored.stdout
    # verify_audit ran with the archive's head as an anchor (--expect), and the restored chain reaches it.
    assert f"Chain head: {head.last_seq}:{head.last_hash}" in restored.stdout
    assert "Audit log intact" in restored.stdout
    restored_tables = tables_of(target.settings)
    assert sorted(restored_tables) == sorted(source_tables)
    for table, rows in source_tables.items():
        assert restored_tables[table] == rows, f"table {table} differs after the restore"
    assert source_tables["vault_sealedfile"], "the sealed file is part of the comparison"
    assert files_of(target.media_root) == files_of(installation)


def test_the_archive_reveals_nothing_of_the_database(installation, keypair, tmp_path):
    archive = tmp_path / "b.age"
    call_command("backup", str(archive), recipient=[keypair.public], stdout=StringIO())

    content = archive.read_bytes()
    for clear in (b"coordinator@example.org", b"SQLite format", b"PGDMP", b"manifest.json", b"tracker.xlsx"):
        assert clear not in content
