"""manage.py import_areas FILE: imports or updates areas; a bad file exits non-zero naming the line."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from pseahub.audit.models import Action, AuditEvent
from pseahub.network.models import Area

MALI = Path(__file__).resolve().parents[1] / "data" / "mali_admin1.csv"
HEADER = "pcode,name,name_fr_or_ar,parent_pcode,admin_level\n"


def _run(path: Path) -> str:
    out = io.StringIO()
    call_command("import_areas", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_imports_the_file_and_says_how_many():
    output = _run(MALI)

    assert "64 areas created, 0 updated." in output
    assert Area.objects.count() == 64
    assert AuditEvent.objects.get(action=Action.AREAS_IMPORTED).actor is None


@pytest.mark.django_db
def test_it_updates_on_a_second_run():
    _run(MALI)

    output = _run(MALI)

    assert "0 areas created, 64 updated." in output
    assert Area.objects.count() == 64


@pytest.mark.django_db
def test_it_fails_naming_the_line_and_imports_nothing(tmp_path):
    _run(MALI)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "XX,Xland,,,0\nXX01,North,,XX,1\nXX02,South,,XX,7\n", encoding="utf-8")
    audited = AuditEvent.objects.count()

    with pytest.raises(CommandError) as failure:
        _run(bad)

    assert str(failure.value) == (f"{bad}: Line 4: admin level must be a number from 0 to 5. Nothing was imported.")
    assert Area.objects.count() == 64
    assert not Area.objects.filter(pcode__startswith="XX").exists()
    assert AuditEvent.objects.count() == audited


@pytest.mark.django_db
def test_it_fails_on_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        _run(tmp_path / "missing.csv")

    assert not Area.objects.exists()


def test_it_exits_non_zero_with_the_message_on_stderr(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }

    completed = subprocess.run(  # noqa: S603 - fixed argument list
        [sys.executable, "manage.py", "import_areas", "--skip-checks", str(empty)],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert completed.returncode != 0
    assert f"{empty}: Line 1: the file is empty. Nothing was imported." in completed.stderr
