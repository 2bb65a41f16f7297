"""Every public domain verb that writes runs in one transaction.

The check reads each `clusterhub/<app>/domain.py` (AST, no import): a public function (no leading
underscore) that writes, by calling `save`, `delete`, `create`, `update`, `bulk_*`,
`get_or_create`, `update_or_create` or a many-to-many `add` / `set` / `remove` / `clear`, directly
or through a helper of the same module, must be decorated with `transaction.atomic` or make
every such call inside a `with transaction.atomic():` block. Even a verb that saves one row
writes two with simple-history (the row and its history entry), so no verb is exempt by size.
"""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

import clusterhub

SRC = Path(clusterhub.__file__).parent
# An area's domain is one module or, split by responsibility, a package of modules.
DOMAIN_MODULES = sorted([*SRC.glob("*/domain.py"), *SRC.glob("*/domain/*.py")])


def _area(path: Path) -> str:
    return path.parent.parent.name if path.parent.name == "domain" else path.parent.name


WRITE_METHODS = frozenset(
    {
        "save",
        "delete",
        "create",
        "update",
        "bulk_create",
        "bulk_update",
        "get_or_create",
        "update_or_create",
        "add",
        "set",
        "remove",
        "clear",
    }
)

# Write methods that Python's sets and dicts have too.
CONTAINER_METHODS = frozenset({"update", "add", "remove", "clear"})

# Verbs that write outside one transaction on purpose ("app.name": reason).
ALLOWED: dict[str, str] = {
    "accounts.user_for_token": "one UPDATE statement of a bookkeeping column (last used), "
    "which is atomic by itself and keeps no history",
    "events.expire_requests": "one UPDATE statement over the event's pending requests, atomic "
    "by itself",
    "events.answer_meeting_request": "a request found expired is marked so (one row) before the "
    "answer is refused, and that must stay; the answer itself is one transaction",
    "matchmaking.embed_profiles": "stores derived vectors, one UPDATE per profile; a partial "
    "run is valid and the next continues it, and a transaction held through minutes of "
    "embedding would block every other writer",
    "matchmaking.save_profile": "the profile and its NACE codes are saved in one transaction; "
    "the embedding after it is the derived cache of embed_profiles",
}


def _is_atomic(node: ast.expr) -> bool:
    """`transaction.atomic`, `transaction.atomic()` or `atomic(...)`."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr == "atomic"
    return isinstance(node, ast.Name) and node.id == "atomic"


def _attribute_names(node: ast.expr) -> list[str]:
    names = []
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        if isinstance(node, ast.Attribute):
            names.append(node.attr)
        node = node.func if isinstance(node, ast.Call) else node.value
    return names


def _writes_database(func: ast.Attribute, call: ast.Call) -> bool:
    """Whether `x.<write method>(...)` is a database write.

    Not: a file removed from storage (`field.delete(save=False)`, `storage.delete(name)`), nor
    `add` / `update` / ... on a local container (`seen.add(x)`, `data.update(...)`,
    `sets[k].add(x)`): a many-to-many manager or a queryset is reached through an attribute or
    a call (`cluster.sectors.add`, `Model.objects.filter(...).update`).
    """
    if any(k.arg == "save" for k in call.keywords) or "storage" in _attribute_names(func.value):
        return False
    if func.attr in CONTAINER_METHODS:
        return isinstance(func.value, ast.Attribute | ast.Call)
    return True


class _Writes(ast.NodeVisitor):
    """The write calls of one function: (line, what, inside an atomic block)."""

    def __init__(self, local_names: set[str]):
        self.local_names = local_names
        self.depth = 0
        self.writes: list[tuple[int, str, bool]] = []
        self.calls: list[tuple[int, str, bool]] = []

    def visit_With(self, node: ast.With):
        atomic = any(_is_atomic(item.context_expr) for item in node.items)
        for item in node.items:
            self.visit(item.context_expr)
        self.depth += atomic
        for statement in node.body:
            self.visit(statement)
        self.depth -= atomic

    def visit_FunctionDef(self, node):
        # Nested functions (callbacks for on_commit, sort keys) run elsewhere.
        return

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_Lambda = visit_FunctionDef

    def visit_Call(self, node: ast.Call):
        func = node.func
        inside = self.depth > 0
        if isinstance(func, ast.Attribute) and func.attr in WRITE_METHODS:
            if _writes_database(func, node):
                self.writes.append((node.lineno, func.attr, inside))
        elif isinstance(func, ast.Name) and func.id in self.local_names:
            self.calls.append((node.lineno, func.id, inside))
        self.generic_visit(node)


def _module_functions(path: Path) -> dict[str, ast.FunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def unprotected_verbs(path: Path) -> list[str]:
    """`name (line N: what)` for each public verb writing outside a transaction."""
    functions = _module_functions(path)
    names = set(functions)
    found = {}
    for name, node in functions.items():
        visitor = _Writes(names)
        for statement in node.body:
            visitor.visit(statement)
        decorated = any(_is_atomic(d) for d in node.decorator_list)
        found[name] = (decorated, visitor.writes, visitor.calls)

    writers: set[str] = {name for name, (_, writes, _) in found.items() if writes}
    changed = True
    while changed:  # a helper that calls a writer writes too
        changed = False
        for name, (_, _, calls) in found.items():
            if name not in writers and any(callee in writers for _, callee, _ in calls):
                writers.add(name)
                changed = True

    def sites(name):
        """Every place the function writes: (line, what, inside an atomic block, callee)."""
        _, writes, calls = found[name]
        direct = [(line, what, inside, None) for line, what, inside in writes]
        via = [(line, f"{c}()", inside, c) for line, c, inside in calls if c in writers]
        return direct + via

    # One transaction: the function is atomic, every write of it is in an atomic block, or its
    # only write is one call to a function that is itself one transaction.
    safe: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name in writers - safe:
            here = sites(name)
            one_safe_call = len(here) == 1 and here[0][3] in safe
            if found[name][0] or all(s[2] for s in here) or one_safe_call:
                safe.add(name)
                changed = True

    problems = []
    for name in sorted(writers - safe):
        if name.startswith("_") or f"{_area(path)}.{name}" in ALLOWED:
            continue
        line, what, _, _ = min(s for s in sites(name) if not s[2])
        problems.append(f"{_area(path)}.domain.{name} (line {line}: {what})")
    return problems


def test_the_domain_modules_are_found():
    assert {_area(p) for p in DOMAIN_MODULES} >= {
        "accounts",
        "registry",
        "assessment",
        "services",
        "training",
        "strategy",
        "grants",
        "matchmaking",
        "events",
    }


@pytest.mark.parametrize("path", DOMAIN_MODULES, ids=lambda p: f"{_area(p)}.{p.stem}")
def test_every_public_writing_verb_runs_in_one_transaction(path):
    assert unprotected_verbs(path) == []


def test_the_check_finds_a_verb_writing_outside_a_transaction(tmp_path):
    module = tmp_path / "domain.py"
    module.write_text(
        "from django.db import transaction\n"
        "def _save(obj):\n    obj.save()\n"
        "def careless(*, a, b):\n    _save(a)\n    b.delete()\n"
        "@transaction.atomic\ndef careful(*, a, b):\n    _save(a)\n    b.delete()\n"
        "def careful_block(*, a):\n    with transaction.atomic():\n        a.save()\n"
        "def one_step(*, a):\n    careful_block(a=a)\n"
        "def two_steps(*, a):\n    careful_block(a=a)\n    careful_block(a=a)\n"
        "def reads(*, a):\n    return a.name\n",
        encoding="utf-8",
    )
    assert unprotected_verbs(module) == [
        f"{tmp_path.name}.domain.careless (line 5: _save())",
        f"{tmp_path.name}.domain.two_steps (line 17: careful_block())",
    ]


# --- a verb failing halfway leaves nothing -------------------------------------------------


def test_a_verb_failing_halfway_writes_nothing(world, monkeypatch):
    """save_cluster writes the cluster, then its sectors: a failure in the second step must
    take the first back."""
    from clusterhub.registry import domain
    from clusterhub.registry.models import Cluster
    from clusterhub.registry.models import NaceCode

    cluster = Cluster.objects.get(pk=world.cluster_a.pk)
    cluster.city = "Half-saved"
    sectors = list(NaceCode.objects.order_by("pk")[:2])

    def broken_set(*args, **kwargs):
        raise ValidationError("the sectors could not be stored")

    monkeypatch.setattr(type(cluster.sectors), "set", broken_set)
    with pytest.raises(ValidationError):
        domain.save_cluster(cluster=cluster, sectors=sectors)
    assert Cluster.objects.get(pk=cluster.pk).city == world.cluster_a.city


def test_a_deleted_materials_file_goes_only_when_the_deletion_commits(
    world, settings, tmp_path, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.core.files.base import ContentFile

    from clusterhub.training import domain
    from clusterhub.training.models import Material
    from clusterhub.training.models import Module
    from clusterhub.training.models import Session
    from clusterhub.training.models import TrainingProgramme

    settings.MEDIA_ROOT = tmp_path
    tp = domain.save_training_programme(
        training_programme=TrainingProgramme(title="Basics", programme=world.programme)
    )
    module = domain.save_module(
        module=Module(training_programme=tp, title="Strategy", competence="strategy")
    )
    starts = dt.datetime(2016, 5, 10, 10, tzinfo=dt.UTC)
    session = domain.save_session(
        session=Session(
            module=module,
            title="Strategy day",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=4),
            place="Riga",
            trainer=world["expert_a"],
        )
    )
    material = Material(session=session, title="Slides")
    material.file.save("slides.pdf", ContentFile(b"%PDF-1.4"), save=True)
    path = Path(material.file.path)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        domain.delete_material(material=material)
    assert path.exists()  # not committed yet
    assert not Material.objects.filter(pk=material.pk).exists()
    for callback in pending:
        callback()
    assert not path.exists()
