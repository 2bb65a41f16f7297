"""No area reaches another by name at run time: every arrow between areas is an import that
import-linter checks, or a registry the lower area owns (docs/architecture.md, "Between areas").

An AST scan of src/clusterhub (migrations aside, where Django's historical `apps.get_model` is
the rule) fails on `get_model("<another area>", ...)`, on `get_model` with a computed app
label, and on `import_module` / `find_spec` / `__import__` / `importlib.resources` naming
another area or a computed module.
"""

import ast
from pathlib import Path

import clusterhub

SRC = Path(clusterhub.__file__).parent
AREAS = frozenset(
    {
        "accounts",
        "registry",
        "assessment",
        "services",
        "training",
        "events",
        "matchmaking",
        "strategy",
        "grants",
        "membership",
        "invoicing",
        "mailings",
        "directory",
    }
)
_IMPORTERS = frozenset({"import_module", "find_spec", "__import__", "files"})
_HOW = (
    "import the other area's published contract (clusterhub.<area>.insights) when it is "
    "below yours in the layers, or let it register itself in a registry your area owns from "
    "its AppConfig.ready() (docs/architecture.md)"
)


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _string(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def area_of(relative: Path) -> str | None:
    """The package a module belongs to (`events/domain.py` -> events, `common/mail.py` ->
    common); None for the project's top-level modules (settings, urls...)."""
    return relative.parts[0] if len(relative.parts) > 1 else None


def violations(source: str, *, path: str, area: str | None) -> list[str]:
    """One message per call in `source` that reaches an area other than `area` by name."""
    found = []
    for node in ast.walk(ast.parse(source, filename=path)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = _name(node.func)
        where = f"{path}:{node.lineno}: {ast.unparse(node)}"
        if name == "get_model":
            label = _string(node.args[0])
            if label is None:
                found.append(f"{where} computes the app label; {_HOW}")
                continue
            target = label.split(".")[0]
            if target in AREAS and target != area:
                found.append(f"{where} reaches {target} from {area or 'the project'}; {_HOW}")
        elif name in _IMPORTERS:
            module = _string(node.args[0])
            if module is None:
                if name != "files":  # importlib.resources.files(__package__) and the like
                    found.append(f"{where} imports a computed module; {_HOW}")
                continue
            parts = module.split(".")
            other = parts[1] if len(parts) > 1 and parts[0] == "clusterhub" else None
            if other in AREAS and other != area:
                found.append(
                    f"{where} imports {other} by name from {area or 'the project'}; {_HOW}"
                )
    return found


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC)
        if "migrations" in relative.parts:
            continue
        yield path, relative


def test_no_area_reaches_another_by_name():
    found = []
    for path, relative in _modules():
        found += violations(
            path.read_text(encoding="utf-8"), path=str(relative), area=area_of(relative)
        )
    assert found == [], "\n".join(found)


def test_the_scan_covers_every_area():
    scanned = {area_of(relative) for _path, relative in _modules()}
    assert scanned & AREAS == AREAS


def test_the_scan_finds_each_way_of_reaching_another_area():
    source = "\n".join(
        [
            "from importlib import import_module",
            "from django.apps import apps",
            'apps.get_model("events", "Registration")',
            'apps.get_model("events.Registration")',
            'apps.get_model("accounts", "User")',
            "apps.get_model(label, name)",
            'import_module("clusterhub.matchmaking.domain")',
            'import_module(f"clusterhub.{area}.demo")',
            'import_module("clusterhub.accounts.roles")',
            'import_module("json")',
        ]
    )
    found = violations(source, path="accounts/x.py", area="accounts")
    assert [line.split(": ", 1)[0] for line in found] == [
        "accounts/x.py:3",
        "accounts/x.py:4",
        "accounts/x.py:6",
        "accounts/x.py:7",
        "accounts/x.py:8",
    ]
    assert found[0] == (
        "accounts/x.py:3: apps.get_model('events', 'Registration') reaches events from "
        f"accounts; {_HOW}"
    )
    assert "computes the app label" in found[2]
    assert "imports matchmaking by name from accounts" in found[3]
    assert "imports a computed module" in found[4]
