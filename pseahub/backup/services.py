"""Encrypted backups: one age-encrypted archive of the database, MEDIA_ROOT and the audit head; restore to an empty
installation.

The archive is a gzip'd tar holding ``manifest.json`` (format, engine, audit head, SHA-256 and size of every other
member), the database dump and ``media/…``; the whole tar is encrypted with age (pyrage) to one or more x25519
recipients. Beside it, ``ARCHIVE.sha256`` holds the SHA-256 of the encrypted file (``sha256sum`` format).

Database dumps are per engine and restore onto the same engine: SQLite through its online backup API (a consistent
copy that includes what is still in the WAL), PostgreSQL through ``pg_dump --format=custom`` in the snapshot in which
the audit head is read, restored by ``pg_restore --single-transaction``. Sealed files (``vault.SealedFile``) live in
the database; MEDIA_ROOT is archived too, whatever it holds.

A restore decrypts and checks everything in a private temporary directory before it writes to the target, so a
wrong key or a corrupted archive leaves the target as it was.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyrage
from django.db import connections
from django.utils import timezone
from pyrage import x25519

from pseahub.audit.models import Action, AuditHead
from pseahub.audit.services import record

ARCHIVE_FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
GENESIS_HASH = "0" * 64
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


# --- Keys -------------------------------------------------------------------------------------------------------


def _key_lines(text: str) -> Iterator[str]:
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def recipients_parse(text: str) -> list[x25519.Recipient]:
    """age public keys (``age1…``), one a line; comments (#) and blank lines are ignored."""
    recipients = []
    for line in _key_lines(text):
        try:
            recipients.append(x25519.Recipient.from_str(line))
        except pyrage.RecipientError as exc:
            raise BackupError(f"Not an age public key (age1…): {line[:12]}… ({exc}).") from exc
    if not recipients:
        raise BackupError(
            "No backup public key: set BACKUP_RECIPIENT (or BACKUP_RECIPIENT_FILE) to an age public key (age1…); "
            "manage.py backup_keygen makes a key pair."
        )
    return recipients


def identities_parse(text: str) -> list[x25519.Identity]:
    """age secret keys (``AGE-SECRET-KEY-1…``) as age-keygen or ``backup_keygen`` write them."""
    identities = []
    for line in _key_lines(text):
        try:
            identities.append(x25519.Identity.from_str(line))
        except pyrage.IdentityError as exc:
            raise BackupError(f"The identity file holds something that is not an age secret key ({exc}).") from exc
    if not identities:
        raise BackupError("The identity file holds no age secret key (AGE-SECRET-KEY-1…).")
    return identities


def keypair_generate() -> tuple[str, str]:
    """A new backup key pair: (the identity file's text, the public key)."""
    identity = x25519.Identity.generate()
    public = str(identity.to_public())
    created = timezone.now().replace(microsecond=0).isoformat()
    return f"# created: {created}\n# public key: {public}\n{identity}\n", public


# --- Progress on standard error ------------------------------------------------------------------------------------


class Progress:
    """A one-line progress bar on a stream (standard error); does nothing when off."""

    def __init__(self, stream: IO[str] | None) -> None:
        self.stream = stream
        self.label = ""
        self.total = 0
        self.done = 0
        self._shown = -1

    def start(self, label: str, total: int) -> None:
        self.label, self.total, self.done, self._shown = label, max(total, 1), 0, -1
        self._draw()

    def advance(self, amount: int) -> None:
        self.done += amount
        self._draw()

    def finish(self) -> None:
        self.done = self.total
        self._draw()
        if self.stream is not None:
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self) -> None:
        if self.stream is None:
            return
        percent = min(100, self.done * 100 // self.total)
        if percent == self._shown:
            return
        self._shown = percent
        bar = "#" * (percent // 4)
        mib = f"{self.done / 2**20:.1f}/{self.total / 2**20:.1f} MiB"
        self.stream.write(f"\r{self.label:<12} [{bar:<25}] {percent:3d}% {mib}")
        self.stream.flush()


class _Reader(io.RawIOBase):
    """A file read through, advancing a progress bar (and a hash, when given)."""

    def __init__(self, raw: IO[bytes], progress: Progress, digest: Any = None) -> None:
        self.raw, self.progress, self.digest = raw, progress, digest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.progress.advance(len(data))
        if self.digest is not None:
            self.digest.update(data)
        return len(data)


class _HashingWriter(io.RawIOBase):
    """A file written through, hashing what passes."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.digest = raw, hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        data = bytes(data)
        self.raw.write(data)
        self.digest.update(data)
        return len(data)


def file_sha256(path: Path, progress: Progress | None = None) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as raw:
        while chunk := raw.read(CHUNK):
            digest.update(chunk)
            if progress is not None:
                progress.advance(len(chunk))
    return digest.hexdigest()


# --- Engines ---------------------------------------------------------------------------------------------------------


def engine_of(settings_dict: dict[str, Any]) -> str:
    engine = settings_dict["ENGINE"]
    if "sqlite3" in engine:
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {engine}.")


# libpq's connection keywords and the environment variables pg_dump and pg_restore read them from.
_LIBPQ_ENV = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "dbname": "PGDATABASE",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


def _pg_params(settings_dict: dict[str, Any]) -> dict[str, str]:
    options = settings_dict.get("OPTIONS") or {}
    params = {
        "host": settings_dict.get("HOST"),
        "port": settings_dict.get("PORT"),
        "user": settings_dict.get("USER"),
        "password": settings_dict.get("PASSWORD"),
        "dbname": settings_dict.get("NAME"),
        **{key: options.get(key) for key in _LIBPQ_ENV if key in options},
    }
    return {key: str(value) for key, value in params.items() if value}


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _LIBPQ_ENV.values()}
    env.update({_LIBPQ_ENV[key]: value for key, value in _pg_params(settings_dict).items()})
    return env


def _pg_tool(command: list[str], settings_dict: dict[str, Any], what: str) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} not found: install the PostgreSQL client tools (Debian: postgresql-client).")
    result = subprocess.run(command, env=_pg_env(settings_dict), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip()[-2000:]}")


def _head_sql() -> str:
    table = AuditHead._meta.db_table
    seq = AuditHead._meta.get_field("last_seq").column
    last = AuditHead._meta.get_field("last_hash").column
    return f'SELECT "{seq}", "{last}" FROM "{table}" WHERE "id" = 1'  # noqa: S608  (names from the model)


def _head_of(row: tuple[Any, ...] | None) -> tuple[int, str]:
    return (int(row[0]), str(row[1])) if row else (0, GENESIS_HASH)


def _dump_sqlite(alias: str, dest: Path) -> tuple[int, str]:
    """A consistent copy through SQLite's backup API; the audit head is read from the copy, so it matches."""
    connection = connections[alias]
    if connection.in_atomic_block:
        # This connection's own write lock (transactions BEGIN IMMEDIATE here) would make the copy wait forever.
        raise BackupError("A backup cannot run inside a database transaction.")
    connection.ensure_connection()
    copy = sqlite3.connect(dest)
    try:
        connection.connection.backup(copy)
        try:
            head = copy.execute(_head_sql()).fetchone()
        except sqlite3.OperationalError as exc:
            raise BackupError(f"The database has no audit head table: is it migrated? ({exc})") from exc
    finally:
        copy.close()
    return _head_of(head)


def _dump_postgresql(alias: str, dest: Path) -> tuple[int, str]:
    """pg_dump in an exported snapshot, in which the audit head is read too, so the head matches the dump."""
    import psycopg

    settings_dict = connections[alias].settings_dict
    with psycopg.connect(**_pg_params(settings_dict)) as snapshot:  # type: ignore[arg-type]
        snapshot.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        row = snapshot.execute("SELECT pg_export_snapshot()").fetchone()
        snapshot_id = str(row[0]) if row else ""
        try:
            head = snapshot.execute(_head_sql()).fetchone()  # type: ignore[call-overload]
        except psycopg.errors.UndefinedTable as exc:
            raise BackupError(f"The database has no audit head table: is it migrated? ({exc})") from exc
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot_id}"]
        _pg_tool([*command, f"--file={dest}"], settings_dict, "pg_dump")
    return _head_of(head)


# --- Backup ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupResult:
    path: Path
    checksum_path: Path
    sha256: str
    size: int
    engine: str
    audit_head: tuple[int, str]
    files: int


def backup_recorded(result: BackupResult) -> None:
    """The audit entry of a backup, written once the archive is complete: the head it holds, its size and
    checksum (nothing of its content). The archive itself ends one entry before this one."""
    seq, _head = result.audit_head
    record(
        actor=None,
        action=Action.BACKUP_WRITTEN,
        data={"audit_seq": seq, "bytes": result.size, "sha256": result.sha256, "engine": result.engine},
    )


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())


def backup_create(
    output: Path,
    recipients: list[x25519.Recipient],
    *,
    media_root: Path,
    alias: str = "default",
    progress: Progress | None = None,
    tmpdir: Path | None = None,
) -> BackupResult:
    """Write the encrypted archive to ``output`` (refused if it exists) and its checksum to ``output.sha256``."""
    progress = progress or Progress(None)
    checksum_path = output.with_name(output.name + ".sha256")
    if output.exists() or checksum_path.exists():
        raise BackupError(f"{output} (or its .sha256) already exists: choose another name.")
    if not output.parent.is_dir():
        raise BackupError(f"The directory {output.parent} does not exist.")
    engine = engine_of(connections[alias].settings_dict)
    # mkdtemp makes the directory readable by this user only: the dump in it is not encrypted yet.
    work = Path(tempfile.mkdtemp(prefix="pseahub-backup-", dir=tmpdir))
    partial = output.with_name(output.name + ".partial")
    try:
        dump = work / DUMP_NAMES[engine]
        head = _dump_sqlite(alias, dump) if engine == "sqlite" else _dump_postgresql(alias, dump)
        files = _media_files(media_root)
        members: dict[str, Path] = {dump.name: dump}
        members.update({f"{MEDIA_DIR}/{p.relative_to(media_root).as_posix()}": p for p in files})
        total = sum(p.stat().st_size for p in members.values())

        progress.start("checksums", total)
        manifest = {
            "format": ARCHIVE_FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "database": dump.name,
            "audit_head": {"seq": head[0], "hash": head[1]},
            "members": {
                name: {"sha256": file_sha256(path, progress), "size": path.stat().st_size}
                for name, path in members.items()
            },
        }
        progress.finish()

        plain = work / "archive.tar.gz"
        progress.start("archiving", total)
        with tarfile.open(plain, "w:gz", compresslevel=6) as tar:
            body = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(body), int(timezone.now().timestamp()), 0o600
            tar.addfile(info, io.BytesIO(body))
            for name, path in members.items():
                info = tar.gettarinfo(str(path), arcname=name)
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                with path.open("rb") as raw:
                    tar.addfile(info, io.BufferedReader(_Reader(raw, progress), CHUNK))  # type: ignore[arg-type]
        progress.finish()

        progress.start("encrypting", plain.stat().st_size)
        with plain.open("rb") as source, partial.open("wb") as target:
            writer = _HashingWriter(target)
            pyrage.encrypt_io(io.BufferedReader(_Reader(source, progress), CHUNK), writer, recipients)
            target.flush()
            os.fsync(target.fileno())
        progress.finish()
        sha256 = writer.digest.hexdigest()
        partial.replace(output)
        checksum_path.write_text(f"{sha256}  {output.name}\n", encoding="ascii")
        return BackupResult(output, checksum_path, sha256, output.stat().st_size, engine, head, len(files))
    finally:
        partial.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)


# --- Restore --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    engine: str
    audit_head: tuple[int, str]
    files: int
    created_at: str


def _sqlite_path(settings_dict: dict[str, Any]) -> Path:
    name = str(settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError(f"Cannot restore into the SQLite database {name!r}: give a file path.")
    if not Path(name).parent.is_dir():
        raise BackupError(f"The directory of the SQLite database {name!r} does not exist.")
    return Path(name)


def _sqlite_tables(path: Path) -> list[str]:
    if not path.exists() or path.stat().st_size == 0:
        return []
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            return [row[0] for row in rows]
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} exists and is not an SQLite database ({exc}): restore needs an empty one.") from exc


def _postgresql_relations(settings_dict: dict[str, Any]) -> list[str]:
    import psycopg

    try:
        with psycopg.connect(**_pg_params(settings_dict)) as db:  # type: ignore[arg-type]
            rows = db.execute(
                "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname NOT IN ('pg_catalog', "
                "'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'"
            ).fetchall()
    except psycopg.OperationalError as exc:
        raise BackupError(
            f"Cannot connect to the target database {settings_dict.get('NAME')!r} ({str(exc).strip()}): create it "
            "first (createdb), empty."
        ) from exc
    return [row[0] for row in rows]


def target_check_empty(settings_dict: dict[str, Any], media_root: Path) -> str:
    """Refuse anything but an empty installation (no table at all, no file in MEDIA_ROOT); return its engine."""
    engine = engine_of(settings_dict)
    sqlite = engine == "sqlite"
    tables = _sqlite_tables(_sqlite_path(settings_dict)) if sqlite else _postgresql_relations(settings_dict)
    if tables:
        raise BackupError(
            f"The target database {settings_dict.get('NAME')!r} is not empty ({len(tables)} tables, e.g. "
            f"{tables[0]}): restore rebuilds an empty installation only. Point DATABASE_URL at a new, empty database "
            "(do not run migrate before the restore)."
        )
    if media_root.exists() and (not media_root.is_dir() or any(media_root.iterdir())):
        raise BackupError(f"MEDIA_ROOT ({media_root}) is not empty: restore needs an empty or missing directory.")
    return engine


def _checksum_expected(archive: Path, checksum: str | None) -> str:
    if checksum:
        return checksum.strip().lower()
    beside = archive.with_name(archive.name + ".sha256")
    if not beside.is_file():
        raise BackupError(
            f"No checksum: {beside.name} is not beside the archive. Give the SHA-256 that backup printed with "
            "--checksum."
        )
    text = beside.read_text(encoding="ascii", errors="replace").split()
    if not text:
        raise BackupError(f"{beside} is empty.")
    return text[0].lower()


def _decrypt(archive: Path, identities: list[x25519.Identity], dest: Path, progress: Progress) -> None:
    progress.start("decrypting", archive.stat().st_size)
    try:
        with archive.open("rb") as source, dest.open("xb") as target:
            pyrage.decrypt_io(io.BufferedReader(_Reader(source, progress), CHUNK), target, identities)
    except pyrage.DecryptError as exc:
        if "No matching keys" in str(exc):
            raise BackupError(
                "This identity cannot open the archive: it was encrypted to another backup key. Nothing was restored."
            ) from exc
        raise BackupError(f"The archive cannot be decrypted ({exc}): it is damaged. Nothing was restored.") from exc
    except OSError as exc:
        # age authenticates every 64 KiB chunk and the end of the stream: a flipped byte or a cut file lands here.
        raise BackupError(
            f"The archive is corrupted or truncated (age decryption failed: {exc}). Nothing was restored."
        ) from exc
    progress.finish()


def _unpack(plain: Path, dest: Path) -> dict[str, Any]:
    """Extract the tar and check every member against the manifest; return the manifest."""
    try:
        with tarfile.open(plain, "r:gz") as tar:
            tar.extractall(dest, filter="data")
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(f"The archive's content is damaged ({exc}). Nothing was restored.") from exc
    try:
        manifest: dict[str, Any] = json.loads((dest / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"The archive has no readable manifest ({exc}): not a PSEA Hub backup.") from exc
    if manifest.get("format") != ARCHIVE_FORMAT:
        raise BackupError(f"Unknown archive format {manifest.get('format')!r} (this version reads {ARCHIVE_FORMAT}).")
    listed = manifest["members"]
    present = {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()} - {MANIFEST}
    if present != set(listed):
        raise BackupError("The archive's files do not match its manifest. Nothing was restored.")
    for name, expected in listed.items():
        path = dest / name
        if path.stat().st_size != expected["size"] or file_sha256(path) != expected["sha256"]:
            raise BackupError(f"{name} in the archive does not match its checksum. Nothing was restored.")
    return manifest


def _restore_sqlite(dump: Path, settings_dict: dict[str, Any]) -> None:
    target = _sqlite_path(settings_dict)
    partial = target.with_name(target.name + ".restoring")
    shutil.copyfile(dump, partial)
    with partial.open("rb") as raw:
        os.fsync(raw.fileno())
    # Leftover WAL files of the empty database would be replayed into the restored one.
    for suffix in ("-wal", "-shm"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    partial.replace(target)


def _restore_postgresql(dump: Path, settings_dict: dict[str, Any]) -> None:
    command = ["pg_restore", "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges"]
    _pg_tool([*command, f"--dbname={settings_dict['NAME']}", str(dump)], settings_dict, "pg_restore")


def _restore_media(source: Path, media_root: Path) -> None:
    if not source.is_dir():
        return
    media_root.mkdir(parents=True, exist_ok=True)
    for child in source.iterdir():
        shutil.move(str(child), media_root / child.name)


def restore_archive(
    archive: Path,
    identities: list[x25519.Identity],
    *,
    target: dict[str, Any],
    media_root: Path,
    checksum: str | None = None,
    progress: Progress | None = None,
    tmpdir: Path | None = None,
) -> RestoreResult:
    """Rebuild an empty installation (database ``target``, ``media_root``) from an archive.

    Checks, in this order and before writing anything: the target is empty, the archive's SHA-256, decryption with
    the identity (age authenticates the whole stream), every member against the manifest, the engine. Then the
    database (in one transaction on PostgreSQL; one rename on SQLite) and the files.
    """
    progress = progress or Progress(None)
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist.")
    engine = target_check_empty(target, media_root)
    expected = _checksum_expected(archive, checksum)
    progress.start("checksum", archive.stat().st_size)
    actual = file_sha256(archive, progress)
    progress.finish()
    if actual != expected:
        raise BackupError(
            f"Checksum mismatch: the archive's SHA-256 is {actual}, expected {expected}. The archive is corrupted "
            "(or the checksum belongs to another one). Nothing was restored."
        )
    work = Path(tempfile.mkdtemp(prefix="pseahub-restore-", dir=tmpdir))
    try:
        plain = work / "archive.tar.gz"
        _decrypt(archive, identities, plain, progress)
        content = work / "content"
        manifest = _unpack(plain, content)
        if manifest["engine"] != engine:
            raise BackupError(
                f"The archive holds a {manifest['engine']} database and the target is {engine}: restore onto the "
                "same engine."
            )
        dump = content / manifest["database"]
        if engine == "sqlite":
            _restore_sqlite(dump, target)
        else:
            _restore_postgresql(dump, target)
        _restore_media(content / MEDIA_DIR, media_root)
        head = manifest["audit_head"]
        files = sum(1 for name in manifest["members"] if name.startswith(f"{MEDIA_DIR}/"))
        return RestoreResult(engine, (int(head["seq"]), str(head["hash"])), files, manifest["created_at"])
    finally:
        shutil.rmtree(work, ignore_errors=True)


def progress_for(stream: IO[str], forced: bool) -> Progress:
    """A progress bar on ``stream`` when it is a terminal or when asked (--progress)."""
    return Progress(stream if forced or stream.isatty() else None)


__all__ = [
    "BackupError",
    "BackupResult",
    "Progress",
    "RestoreResult",
    "backup_create",
    "identities_parse",
    "keypair_generate",
    "progress_for",
    "recipients_parse",
    "restore_archive",
    "target_check_empty",
]
