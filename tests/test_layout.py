"""The layout the README promises: no import cycle among the project's modules (every import statement counts,
lazy and TYPE_CHECKING ones too), modules of readable size, and the one-line API."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGES = ("assistant", "index", "ui", "eval")
LONGEST_MODULE = 300


def _modules() -> dict[str, Path]:
    found = {"app": ROOT / "app.py"}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Every project module ``path`` imports, wherever the statement stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + ([base] if base else []))
            targets.add(base)
            targets.update(f"{base}.{alias.name}" for alias in node.names)
    return {t for t in targets if t in known and t != name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, name, set(modules)) for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle_among_the_project_modules():
    graph = _graph()
    assert len(graph) > 40 and graph["assistant.answering.pipeline"]  # the walk found the modules and their imports
    assert _cycle(graph) is None, " → ".join(_cycle(graph) or [])


def test_the_cycle_check_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_the_answering_stages_never_reach_the_facade_or_the_ui():
    graph = _graph()
    for name, imported in graph.items():
        if name.startswith(("assistant.answering", "assistant.summary", "assistant.corpus")):
            assert not imported & {"assistant", "assistant.api", "app"} and not any(i.startswith("ui") for i in imported)
        if name.startswith("index"):
            assert not any(i.startswith(("assistant", "ui")) for i in imported), name


def test_no_module_is_over_300_lines():
    long = {name: n for name, path in _modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST_MODULE}
    assert not long


def test_the_package_exports_the_documented_api():
    import assistant

    for name in ("Assistant", "Answer", "Citation", "Summary", "SummaryScope", "Settings", "UserFacingError"):
        assert hasattr(assistant, name), name
    assert callable(assistant.Assistant.from_settings) and callable(assistant.Assistant.ask)
