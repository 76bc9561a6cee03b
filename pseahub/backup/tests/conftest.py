"""Fixtures for the backup tests: a key pair, data with a sealed file and a file in MEDIA_ROOT, and an empty
second database (an SQLite file, or a PostgreSQL database beside the test one) as the restore target."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

from pseahub.backup.services import keypair_generate
from pseahub.cases.services import AttachmentInput
from pseahub.cases.tests.helpers import file_complaint
from pseahub.vault.models import SealedFile

JPEG = b"\xff\xd8\xff\xe0" + b"Kingfisher-Bytes-1357" * 50


@dataclass
class KeyPair:
    identity_file: Path
    public: str


@dataclass
class Target:
    """The restore target: Django's settings for it, the URL a subprocess gets, and MEDIA_ROOT."""

    settings: dict[str, Any]
    url: str
    media_root: Path


def keypair_in(directory: Path, name: str = "backup.key") -> KeyPair:
    secret, public = keypair_generate()
    path = directory / name
    path.write_text(secret)
    return KeyPair(path, public)


@pytest.fixture
def keypair(tmp_path: Path) -> KeyPair:
    return keypair_in(tmp_path)


@pytest.fixture
def installation(personas: Any, settings: Any, tmp_path: Path) -> Path:
    """A complaint with an attachment (a sealed file, in the database) and a file in MEDIA_ROOT; returns it."""
    file_complaint(attachments=[AttachmentInput(content=JPEG, filename="kingfisher.jpg", content_type="image/jpeg")])
    assert SealedFile.objects.exists()
    media = tmp_path / "media"
    (media / "exports").mkdir(parents=True)
    (media / "exports" / "tracker.xlsx").write_bytes(b"PK\x03\x04 spreadsheet bytes \x00\xff" * 20)
    (media / "logo.png").write_bytes(b"\x89PNG logo")
    settings.MEDIA_ROOT = media
    return media


def _pg_admin() -> psycopg.Connection[Any]:
    params = {k: v for k, v in connection.get_connection_params().items() if k in {"host", "port", "user", "password"}}
    return psycopg.connect(dbname="postgres", autocommit=True, **params)


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Target]:
    media_root = tmp_path / "restored-media"
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield Target({**connection.settings_dict, "NAME": str(path)}, f"sqlite:///{path}", media_root)
        return
    source = connection.settings_dict
    name = f"{source['NAME']}_restore"
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = quote(source["USER"] or "") + (f":{quote(source['PASSWORD'])}" if source.get("PASSWORD") else "")
    url = f"postgres://{auth}@{source['HOST'] or '127.0.0.1'}:{source['PORT'] or 5432}/{name}"
    yield Target({**source, "NAME": name}, url, media_root)
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
PG_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"


def _rows(db: Any, table: str) -> list[tuple[Any, ...]]:
    rows = db.execute(f'SELECT * FROM "{table}"')  # noqa: S608  (names from the catalogue)
    return sorted((_normalised(r) for r in rows), key=repr)


def _normalised(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)


def tables_of(settings_dict: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of a database and its rows (sorted), read through the driver itself so both sides of a
    comparison are read alike."""
    if "sqlite3" in settings_dict["ENGINE"]:
        if settings_dict["NAME"] == connection.settings_dict["NAME"]:
            connection.ensure_connection()
            db: Any = connection.connection
        else:
            # Django's converters (registered globally by its backend) so both sides decode alike.
            db = sqlite3.connect(settings_dict["NAME"], detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
        return {n: _rows(db, n) for n in (r[0] for r in db.execute(SQLITE_TABLES).fetchall())}
    params = {k: v for k, v in connection.get_connection_params().items() if k in {"host", "port", "user", "password"}}
    with psycopg.connect(dbname=settings_dict["NAME"], **params) as pg:
        return {n: _rows(pg, n) for n in (r[0] for r in pg.execute(PG_TABLES).fetchall())}


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
