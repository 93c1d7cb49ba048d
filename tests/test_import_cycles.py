"""No module of ``samkart`` imports, at module level, a module that imports it back (directly or
round a longer circle).

The imports are read with :mod:`ast`, not by importing: every ``import`` and ``from … import`` that
runs when the module is loaded counts, including those under ``if TYPE_CHECKING:`` (a circle of
type hints is still a circle of design) and in class bodies; imports inside functions do not (they
run later, when both modules are loaded). ``from package import name`` is an import of
``package.name`` when that is a module, else of ``package``; a module's own package ``__init__``
is not counted as imported by it (Python runs it first anyway).
"""

from __future__ import annotations

import ast
from pathlib import Path

import samkart

ROOT = Path(samkart.__file__).resolve().parent


def _modules() -> dict[str, Path]:
    out = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(tree: ast.Module, module: str, is_package: bool, functions: bool) -> set[str]:
    """Modules named by the imports that run when ``module`` is loaded (and, with ``functions``,
    by those in its functions)."""
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not functions:
                continue
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: from the module's package
                    package = module.split(".") if is_package else module.split(".")[:-1]
                    package = package[:len(package) - node.level + 1]
                    base = ".".join([*package, base] if base else package)
                for alias in node.names:
                    found.add(f"{base}.{alias.name}")
                    found.add(base)
            # Statements that hold statements run at load time too (if, try, with, class, for).
            for field in ("body", "orelse", "finalbody", "handlers"):
                inner = getattr(node, field, None)
                if isinstance(inner, list):
                    visit([n for n in inner if isinstance(n, ast.stmt)]
                          + [s for h in inner if isinstance(h, ast.ExceptHandler) for s in h.body])

    visit(tree.body)
    return found


def import_graph(functions: bool = False) -> dict[str, set[str]]:
    """Module -> the modules of ``samkart`` it imports at module level (with ``functions``, also
    inside its functions)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text("utf-8"), str(path))
        named = _imports(tree, name, path.name == "__init__.py", functions)
        edges = set()
        for target in named:
            if target not in modules or target == name:
                continue
            # "from pkg import mod" names both pkg and pkg.mod: the module is what is imported.
            if any(other.startswith(target + ".") and other in named for other in modules):
                continue
            # A module's own packages run before it anyway; importing them is no circle.
            if name.startswith(target + "."):
                continue
            edges.add(target)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0

    def connect(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return out


def test_the_graph_is_read():
    # The reader must see what it is to judge: a few imports known to be there.
    graph = import_graph()
    assert "samkart.analysis.yearview" in graph["samkart.analysis.tables"]
    assert "samkart.gcpause" in graph["samkart.report.layout"]
    assert "samkart.reference.published" in graph["samkart.analysis.quality"]
    # Inside a function: not counted (draw_chart imports the charts when it runs), unless asked.
    assert "samkart.report.charts" not in graph["samkart.report.workers"]
    assert "samkart.report.charts" in import_graph(functions=True)["samkart.report.workers"]


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_level_import_cycle():
    found = cycles(import_graph())
    assert not found, "module-level import circles: " + "; ".join(" <-> ".join(c) for c in found)


def test_report_and_demo_have_no_circle_even_through_functions():
    # The report (HTML rendering, WeasyPrint layout, the parallel PDF assembly, the workers) and
    # the demo generator used to close circles with imports inside functions (render -> pdf ->
    # render, workers -> render -> workers, demo content <-> generator). They are layered now:
    # keep them so, whichever way a module imports.
    graph = import_graph(functions=True)
    for package in ("samkart.report", "samkart.demo"):
        inside = {m: {t for t in targets if t.startswith(package)}
                  for m, targets in graph.items() if m.startswith(package)}
        found = cycles(inside)
        assert not found, f"{package}: " + "; ".join(" <-> ".join(c) for c in found)
