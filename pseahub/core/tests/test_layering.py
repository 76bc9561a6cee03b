"""No app imports one above it or beside it (the main README's Layout): every module under pseahub/ except tests and
migrations is read with ``ast`` and each import of another app, at any depth in the module (also inside a
function), is checked against the layers. Lower apps reach higher ones only through what those register
(``core.discovery``, ``cases.panels``)."""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps

import pseahub

ROOT = Path(pseahub.__file__).resolve().parent

# Low to high; an app may import its own modules and those of lower layers only (not those of another app of
# its own layer: intake and referrals are independent of each other).
LAYERS: list[set[str]] = [
    {"core"},
    {"audit"},
    {"vault"},
    {"accounts"},
    {"network"},
    {"mapping"},
    {"cases"},
    {"intake", "referrals"},
    {"tracker", "backup", "imports"},
    {"insights", "planning", "partners"},
]
RANK = {app: rank for rank, layer in enumerate(LAYERS) for app in layer}

# (module path under pseahub/, imported module) that must stay for now, each with its reason. Keep it empty:
# an entry that no longer matches an import fails the test, so the list cannot go stale.
ALLOWED: dict[tuple[str, str], str] = {}


def _modules() -> list[Path]:
    return [
        path for path in sorted(ROOT.rglob("*.py")) if not {"tests", "migrations"} & set(path.relative_to(ROOT).parts)
    ]


def _imported(path: Path) -> list[tuple[int, str]]:
    """Every absolute import of a pseahub module in ``path``, as (line, module). Relative imports stay in
    their own app."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "pseahub":  # from pseahub import cases
                found += [(node.lineno, f"pseahub.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return [(line, module) for line, module in found if module.startswith("pseahub.")]


def _violations() -> tuple[list[str], set[tuple[str, str]]]:
    violations: list[str] = []
    allowed_seen: set[tuple[str, str]] = set()
    for path in _modules():
        relative = path.relative_to(ROOT)
        if len(relative.parts) < 2:
            continue  # pseahub/__init__.py
        app = relative.parts[0]
        for line, module in _imported(path):
            target = module.split(".")[1]
            if target == app or target not in RANK:
                continue
            if RANK[target] >= RANK[app]:
                key = (relative.as_posix(), module)
                if key in ALLOWED:
                    allowed_seen.add(key)
                else:
                    violations.append(f"pseahub/{relative}:{line} ({app}) imports {module} ({target} is not below)")
    return violations, allowed_seen


def test_every_app_has_a_layer():
    installed = {config.name.split(".")[1] for config in apps.get_app_configs() if config.name.startswith("pseahub.")}
    on_disk = {path.parent.name for path in ROOT.glob("*/apps.py")}

    assert installed | on_disk <= set(RANK), "add the new app to LAYERS here and to the README's Layout"


def test_no_app_imports_a_higher_one():
    violations, _allowed_seen = _violations()

    assert violations == []


def test_the_allow_list_holds_only_imports_that_still_exist():
    _violations_found, allowed_seen = _violations()

    assert set(ALLOWED) - allowed_seen == set(), "remove these entries from ALLOWED: the import is gone"


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "probe.py"
    module.write_text(
        "def f():\n    from pseahub.referrals.models import Referral\n    import pseahub.tracker.export\n"
    )

    assert _imported(module) == [(2, "pseahub.referrals.models"), (3, "pseahub.tracker.export")]
