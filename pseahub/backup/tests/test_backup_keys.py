"""backup_keygen makes an age key pair (secret key to a private file, never overwritten); backup needs a public key
(BACKUP_RECIPIENT or --recipient) and encrypts to it."""

from __future__ import annotations

import io
import stat
from io import StringIO

import pyrage
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pseahub.backup.services import identities_parse, recipients_parse


def test_keygen_writes_a_private_identity_file_and_prints_the_public_key(tmp_path):
    path = tmp_path / "backup.key"
    out = StringIO()

    call_command("backup_keygen", str(path), stdout=out)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    (identity,) = identities_parse(path.read_text())
    public = str(identity.to_public())
    assert f"Public key (BACKUP_RECIPIENT): {public}" in out.getvalue()
    assert "AGE-SECRET-KEY" not in out.getvalue()
    sealed = pyrage.encrypt(b"round trip", recipients_parse(public))
    assert pyrage.decrypt(sealed, [identity]) == b"round trip"


def test_keygen_never_overwrites_a_key(tmp_path):
    path = tmp_path / "backup.key"
    path.write_text("an older key that still opens older backups")

    with pytest.raises(CommandError, match="exists"):
        call_command("backup_keygen", str(path), stdout=StringIO())

    assert path.read_text() == "an older key that still opens older backups"


@pytest.mark.django_db(transaction=True)
def test_backup_without_a_public_key_is_refused(settings, tmp_path):
    settings.BACKUP_RECIPIENT = ""

    with pytest.raises(CommandError, match="No backup public key: set BACKUP_RECIPIENT"):
        call_command("backup", str(tmp_path / "b.age"), stdout=StringIO())

    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db(transaction=True)
def test_backup_encrypts_to_every_key_in_backup_recipient(settings, tmp_path, keypair):
    second = tmp_path / "second.key"
    call_command("backup_keygen", str(second), stdout=StringIO())
    (second_identity,) = identities_parse(second.read_text())
    settings.BACKUP_RECIPIENT = f"# the office's key\n{keypair.public}\n{second_identity.to_public()}\n"
    settings.MEDIA_ROOT = tmp_path / "no-media"
    archive = tmp_path / "b.age"

    call_command("backup", str(archive), stdout=StringIO())

    for identity_text in (keypair.identity_file.read_text(), second.read_text()):
        plain = io.BytesIO()
        pyrage.decrypt_io(io.BytesIO(archive.read_bytes()), plain, identities_parse(identity_text))
        assert plain.getvalue()[:2] == b"\x1f\x8b"  # the gzip'd tar inside


@pytest.mark.django_db(transaction=True)
def test_backup_refuses_to_overwrite_an_archive(settings, tmp_path, keypair):
    archive = tmp_path / "b.age"
    archive.write_bytes(b"last night's backup")

    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(archive), recipient=[keypair.public], stdout=StringIO())

    assert archive.read_bytes() == b"last night's backup"


@pytest.mark.django_db(transaction=True)
def test_the_progress_bar_goes_to_stderr_only_when_asked_or_on_a_terminal(settings, tmp_path, keypair, capsys):
    settings.MEDIA_ROOT = tmp_path / "no-media"

    call_command("backup", str(tmp_path / "quiet.age"), recipient=[keypair.public], stdout=StringIO())
    assert capsys.readouterr().err == ""  # pytest's stderr is no terminal

    call_command("backup", str(tmp_path / "shown.age"), recipient=[keypair.public], progress=True, stdout=StringIO())
    err = capsys.readouterr().err
    assert "encrypting" in err
    assert "100%" in err
