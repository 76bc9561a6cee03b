"""restore refuses a wrong key, a corrupted or truncated archive, a missing checksum and a non-empty target, with a
clear error, and leaves the target as it was (still empty: no table, no file)."""

from __future__ import annotations

import sqlite3
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pseahub.backup.services import BackupError, backup_create, identities_parse, recipients_parse, restore_archive
from pseahub.backup.services import target_check_empty as still_empty

from .conftest import keypair_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def archive(installation, keypair, tmp_path) -> Path:
    path = tmp_path / "backup.age"
    backup_create(path, recipients_parse(keypair.public), media_root=installation)
    return path


def restore(archive: Path, identity_file: Path, target, **options) -> None:
    identities = identities_parse(identity_file.read_text())
    restore_archive(archive, identities, target=target.settings, media_root=target.media_root, **options)


def flip_a_byte(path: Path, at: int) -> None:
    content = bytearray(path.read_bytes())
    content[at] ^= 0x01
    path.write_bytes(bytes(content))


def sha256_of(path: Path) -> str:
    from pseahub.backup.services import file_sha256

    return file_sha256(path)


def test_a_wrong_key_is_refused(archive, target, tmp_path):
    other = keypair_in(tmp_path, "other.key")

    with pytest.raises(BackupError, match=r"encrypted to another backup key\. Nothing was restored"):
        restore(archive, other.identity_file, target)

    still_empty(target.settings, target.media_root)


def test_a_flipped_byte_fails_the_checksum(archive, keypair, target):
    flip_a_byte(archive, archive.stat().st_size // 2)

    with pytest.raises(BackupError, match=r"Checksum mismatch: .* The archive is corrupted"):
        restore(archive, keypair.identity_file, target)

    still_empty(target.settings, target.media_root)


def test_a_flipped_byte_is_caught_by_decryption_even_with_a_matching_checksum(archive, keypair, target):
    flip_a_byte(archive, archive.stat().st_size // 2)

    with pytest.raises(BackupError, match=r"corrupted or truncated .* Nothing was restored"):
        restore(archive, keypair.identity_file, target, checksum=sha256_of(archive))

    still_empty(target.settings, target.media_root)


def test_a_truncated_archive_is_refused(archive, keypair, target):
    archive.write_bytes(archive.read_bytes()[:-300])

    with pytest.raises(BackupError, match="Checksum mismatch"):
        restore(archive, keypair.identity_file, target)
    with pytest.raises(BackupError, match="corrupted or truncated"):
        restore(archive, keypair.identity_file, target, checksum=sha256_of(archive))

    still_empty(target.settings, target.media_root)


def test_an_archive_without_its_checksum_is_refused(archive, keypair, target):
    archive.with_name("backup.age.sha256").unlink()

    with pytest.raises(BackupError, match=r"No checksum: backup\.age\.sha256 is not beside the archive"):
        restore(archive, keypair.identity_file, target)

    still_empty(target.settings, target.media_root)


def test_a_target_database_with_tables_is_refused_and_kept(archive, keypair, target):
    if "sqlite3" in target.settings["ENGINE"]:
        with sqlite3.connect(target.settings["NAME"]) as db:
            db.execute("CREATE TABLE kept (id integer)")
            db.execute("INSERT INTO kept VALUES (7)")
    else:
        with psycopg.connect(dbname=target.settings["NAME"], host="127.0.0.1", user=target.settings["USER"]) as db:
            db.execute("CREATE TABLE kept (id integer)")
            db.execute("INSERT INTO kept VALUES (7)")

    with pytest.raises(BackupError, match=r"is not empty .* restore rebuilds an empty installation only"):
        restore(archive, keypair.identity_file, target)

    if "sqlite3" in target.settings["ENGINE"]:
        with sqlite3.connect(target.settings["NAME"]) as db:
            assert db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall() == [("kept",)]
    else:
        with psycopg.connect(dbname=target.settings["NAME"], host="127.0.0.1", user=target.settings["USER"]) as db:
            assert db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall() == [("kept",)]


def test_a_non_empty_media_root_is_refused(archive, keypair, target):
    target.media_root.mkdir()
    (target.media_root / "old.txt").write_text("keep me")

    with pytest.raises(BackupError, match=r"MEDIA_ROOT \(.*\) is not empty"):
        restore(archive, keypair.identity_file, target)

    assert [p.name for p in target.media_root.iterdir()] == ["old.txt"]


def test_the_command_refuses_the_running_installation(archive, keypair):
    # The test database is migrated and full: restoring over it is refused before anything is read (on SQLite the
    # test database lives in memory, which is refused as a target in the first place).
    with pytest.raises(CommandError, match=r"is not empty|Cannot restore into the SQLite database 'file:memorydb"):
        call_command("restore", str(archive), identity=str(keypair.identity_file), stdout=StringIO())
