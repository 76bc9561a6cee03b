"""Helpers shared by the bench scripts: throwaway databases, manage.py with the bench settings, statistics.

Every script runs from the repository with the project's virtualenv, e.g. ``.venv/bin/python bench/p1_form_weight.py``.
Databases are scratch ones (SQLite files under /tmp, PostgreSQL databases named ``pseahub_bench_*``) that the
scripts drop and recreate; nothing touches ``db.sqlite3`` or a real database.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SETTINGS = "config.settings.bench"
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def sqlite_url(name: str) -> str:
    """A fresh SQLite file under /tmp (the old one and its WAL files removed)."""
    path = Path(f"/tmp/pseahub-bench-{name}.sqlite3")  # noqa: S108 - scratch benchmark database
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def postgres_url(name: str) -> str:
    """A fresh PostgreSQL database ``pseahub_bench_<name>`` (dropped first if it exists)."""
    import psycopg

    database = f"pseahub_bench_{name}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    return f"{base}/{database}"


def fresh_database(backend: str, name: str) -> str:
    if backend == "sqlite":
        return sqlite_url(name)
    if backend == "postgres":
        return postgres_url(name)
    raise ValueError(backend)


def bench_env(database_url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"DJANGO_SETTINGS_MODULE": SETTINGS, "DATABASE_URL": database_url, **extra})
    return env


def manage(env: dict[str, str], *args: str, quiet: bool = True) -> str:
    """Run ``manage.py`` with the bench settings; raises with its output if it fails."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    if not quiet:
        print(result.stdout, end="")
    return result.stdout


def prepare_database(env: dict[str, str], *, demo: bool = True) -> None:
    """Migrate, compile translations, load the demo network (organisations, Mali areas, users, no complaints)."""
    manage(env, "migrate", "--noinput")
    manage(env, "compiletranslations")
    if demo:
        manage(env, "load_demo", "--force", "--complaints", "0")


def collect_static(env: dict[str, str]) -> None:
    """Hashed, WhiteNoise-compressed static files, as production serves them."""
    manage(env, "collectstatic", "--noinput", "--clear")


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (``pct`` in 0..100) of a non-empty sequence."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table, numbers right-aligned."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        parts = []
        for i, cell in enumerate(row):
            numeric = cell.replace(",", "").replace(".", "").replace("%", "").rstrip("x").strip().isdigit()
            parts.append(cell.rjust(widths[i]) if numeric else cell.ljust(widths[i]))
        return "  ".join(parts).rstrip()

    out = [line(cells[0]), "  ".join("-" * w for w in widths)]
    out.extend(line(row) for row in cells[1:])
    return "\n".join(out)


def setup_django(database_url: str) -> None:
    """Configure Django in this process with the bench settings and ``database_url``."""
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ["DATABASE_URL"] = database_url
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
