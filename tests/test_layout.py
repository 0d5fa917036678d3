"""The dashboard's folders depend on each other in one direction only.

Every import of every module (those inside functions too) is read with :mod:`ast`; the
folders of ``dashboard/`` (``core``, ``map``, ``compare``, ``imports``, ``export``, ``pages``)
must form no cycle, the shared ``core`` must import no feature folder, and ``loaders`` (data)
must import neither ``dashboard`` nor ``streamlit``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from loaders.paths import REPO_ROOT

DASHBOARD = REPO_ROOT / "dashboard"
FEATURES = ("map", "compare", "imports", "export", "watchlist", "pages")


def _imported_modules(path: Path) -> set[str]:
    """Dotted names of every module ``path`` imports (relative imports resolved)."""
    package = ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _folder(module: str) -> str | None:
    """The dashboard folder of a dotted module name (None outside ``dashboard``)."""
    parts = module.split(".")
    if parts[0] != "dashboard" or len(parts) < 2:
        return None
    return parts[1] if (DASHBOARD / parts[1]).is_dir() else None


def folder_graph() -> dict[str, set[str]]:
    """Folder -> the other folders its modules import."""
    graph: dict[str, set[str]] = {}
    for path in DASHBOARD.rglob("*.py"):
        own = path.relative_to(DASHBOARD).parts[0]
        if own.endswith(".py"):
            continue
        targets = {_folder(m) for m in _imported_modules(path)} - {None, own}
        graph.setdefault(own, set()).update(t for t in targets if t)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path (first node repeated at the end), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node], _ = 1, stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node], _ = 2, stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_no_cycle_between_dashboard_folders():
    graph = folder_graph()
    assert set(graph) >= {"core", *FEATURES}
    assert _cycle(graph) is None, f"import cycle between folders: {' -> '.join(_cycle(graph))}"


def test_core_imports_no_feature_folder():
    assert folder_graph()["core"] == set()


@pytest.mark.parametrize(
    "name", sorted(str(p.relative_to(REPO_ROOT)) for p in (REPO_ROOT / "loaders").rglob("*.py"))
)
def test_loaders_import_neither_streamlit_nor_dashboard(name):
    roots = {m.split(".")[0] for m in _imported_modules(REPO_ROOT / name)}
    assert not roots & {"streamlit", "dashboard"}
