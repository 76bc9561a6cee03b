"""Views parse input and render: audit entries and second-factor checks (with their device locks) are written by
services. Every views module under pseahub/ is read with ``ast``; a call to ``record`` (audit), django-otp's
``verify_token`` / ``match_token`` or ``select_for_update`` in one fails, unless listed below with its reason."""

from __future__ import annotations

import ast
from pathlib import Path

import pseahub

ROOT = Path(pseahub.__file__).resolve().parent
SERVICE_ONLY = {"record", "verify_token", "match_token", "select_for_update"}

# (module under pseahub/, call) that must stay for now. An entry that no longer matches fails the test.
ALLOWED: dict[tuple[str, str], str] = {}


def _calls(path: Path) -> set[tuple[int, str]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in SERVICE_ONLY:
                found.add((node.lineno, name))
    return found


def _found() -> tuple[list[str], set[tuple[str, str]]]:
    offending, allowed_seen = [], set()
    for path in sorted(ROOT.glob("*/views*.py")):
        relative = path.relative_to(ROOT).as_posix()
        for line, name in sorted(_calls(path)):
            if (relative, name) in ALLOWED:
                allowed_seen.add((relative, name))
            else:
                offending.append(f"pseahub/{relative}:{line} calls {name}()")
    return offending, allowed_seen


def test_views_call_no_audit_write_nor_otp_check():
    offending, _allowed_seen = _found()

    assert offending == []


def test_the_allow_list_holds_only_calls_that_still_exist():
    _offending, allowed_seen = _found()

    assert set(ALLOWED) - allowed_seen == set(), "remove these entries from ALLOWED: the call is gone"
