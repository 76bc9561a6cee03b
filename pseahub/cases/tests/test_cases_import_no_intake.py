"""Cases is below intake: no module of cases (tests excepted) imports intake. Replies to a reporter go through
``cases.replies``, which intake registers with."""

from __future__ import annotations

import ast
from pathlib import Path

CASES = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_cases_module_imports_intake():
    offenders = {
        str(path.relative_to(CASES)): sorted(name for name in _imports(path) if name.startswith("pseahub.intake"))
        for path in CASES.rglob("*.py")
        if "tests" not in path.relative_to(CASES).parts
    }

    assert {path: names for path, names in offenders.items() if names} == {}


def test_intake_registers_its_reply_channel():
    from pseahub.cases.replies import _channels
    from pseahub.intake.replies import reply_channel

    assert reply_channel in _channels
