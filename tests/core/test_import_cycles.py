"""The app's modules import each other without cycles at module level.

At start two threads import at once: the worker loads the core to open the journal
while the GUI thread loads the main window's modules (``journal.gui.app``). Python
serialises that safely, except for a cycle between two modules: then one thread may be
handed the other's half-initialised module and the start fails with an ImportError,
once in a while. A submodule importing its own package is not such a cycle (the package
is always imported first, by whichever thread gets there). The check is structural: it
reads each module's top-level imports (not those inside functions, nor the
``TYPE_CHECKING`` ones), so it fails before anyone meets the race.
"""

from __future__ import annotations

import ast
from pathlib import Path

import journal

ROOT = Path(journal.__file__).parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _top_level_imports(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    statements: list[ast.stmt] = list(tree.body)
    while statements:
        node = statements.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if isinstance(node, ast.If | ast.Try):
            statements.extend(node.body)
            statements.extend(node.orelse)
            if isinstance(node, ast.Try):
                for handler in node.handlers:
                    statements.extend(handler.body)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(path): path for path in ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        imported = _top_level_imports(ast.parse(path.read_text(encoding="utf-8")))
        graph[name] = {
            other
            for other in imported
            if other in modules and other != name and not name.startswith(other + ".")
        }
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_the_imports_the_start_makes():
    graph = _graph()
    assert "journal.core.store" in graph["journal.core.opening"]
    assert "journal.gui.pages.today" in graph["journal.gui.main_window"]
    assert "journal.core.journal" not in graph["journal.gui.app"], "a lazy import"


def test_no_two_modules_import_each_other_at_module_level():
    assert _cycles(_graph()) == []


def test_a_cycle_would_be_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
