"""Every module and function stays small enough to read in one sitting (docs/development.md):
no module of src/clusterhub over 500 lines and no function over 80, migrations aside (Django
writes those). A module that grows past the limit is split by responsibility, as events/domain/
and grants/views/ were."""

import ast
from pathlib import Path

import clusterhub

SRC = Path(clusterhub.__file__).parent
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def long_functions(source: str, *, path: str) -> list[str]:
    """`path:line name (N lines)` for each function or method longer than the limit."""
    return [
        f"{path}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(source, filename=path))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]


def test_no_module_over_500_lines():
    too_long = {
        str(p.relative_to(SRC)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert too_long == {}


def test_no_function_over_80_lines():
    found = []
    for p in _modules():
        found += long_functions(p.read_text(encoding="utf-8"), path=str(p.relative_to(SRC)))
    assert found == []


def test_the_function_check_counts_from_def_to_last_line():
    body = "\n".join(f"    x{i} = {i}" for i in range(80))
    assert long_functions(f"def short():\n{body[: body.rfind(chr(10))]}\n", path="a.py") == []
    assert long_functions(f"def long():\n{body}\n", path="a.py") == ["a.py:1 long (81 lines)"]
