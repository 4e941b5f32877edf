"""The order of layers (pyproject.toml, ``[tool.importlinter]``; docs/architecture.md).

``make test`` runs ``lint-imports`` on the code as it is; these tests show the contract holds
and that it catches an upward import: the same check on the real import graph with one wrong
import added (the accounts app reaching up into the referral loop) fails and names it. No module
imports round a circle either, inside an app or across apps.
"""

import tomllib
from pathlib import Path

import grimp
import pytest
from importlinter import configuration
from importlinter.application import use_cases
from importlinter.application.app_config import settings as linter_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def lint(monkeypatch, capsys):
    """Run the project's contracts; ``extra`` adds imports to the real graph first."""
    configuration.configure()
    monkeypatch.chdir(ROOT)
    real_builder = linter_settings.GRAPH_BUILDER

    def run(*extra: tuple[str, str]) -> tuple[bool, str]:
        class WithExtraImports:
            def build(self, **options):
                graph = real_builder.build(**options)
                for importer, imported in extra:
                    graph.add_import(
                        importer=importer,
                        imported=imported,
                        line_number=1,
                        line_contents=f"import {imported}",
                    )
                return graph

        linter_settings.configure(GRAPH_BUILDER=WithExtraImports())
        try:
            passed = use_cases.lint_imports(
                config_filename=str(ROOT / "pyproject.toml"), cache_dir=None, no_logo=True
            )
        finally:
            linter_settings.configure(GRAPH_BUILDER=real_builder)
        return passed, capsys.readouterr().out

    return run


def test_the_code_imports_downward_only(lint):
    passed, report = lint()
    assert passed, report


@pytest.mark.parametrize(
    "importer, imported",
    [
        ("accounts.models", "referrals.services"),  # a lower layer reaching up
        ("referrals.services", "network.selectors"),  # two apps of one layer
        ("guanxi.formats", "accounts.models"),  # the core knowing an app
        ("referrals.services", "workflows.members"),  # an app calling a workflow
    ],
)
def test_an_upward_import_breaks_the_contract(lint, importer, imported):
    passed, report = lint((importer, imported))
    assert not passed
    assert f"{importer} -> {imported}" in report, report


# Every package of ours: the root packages the contract covers.
APPS = tuple(
    tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]
)


def import_circles(graph) -> list[list[str]]:
    """Modules that import one another round a circle (strongly connected, tests and
    migrations left out), each circle as a sorted list."""

    def ours(module: str) -> bool:
        return ".tests" not in module and ".migrations" not in module

    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles = []

    def visit(module: str) -> None:  # Tarjan's algorithm
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if not ours(imported) or imported not in graph.modules:
                continue
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            circle = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                circle.append(top)
                if top == module:
                    break
            if len(circle) > 1:
                circles.append(sorted(circle))

    for module in sorted(graph.modules):
        if ours(module) and module not in index:
            visit(module)
    return circles


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*APPS, cache_dir=None)


def test_no_module_imports_round_a_circle(graph):
    assert "accounts" in APPS and "workflows" in APPS
    assert import_circles(graph) == []


def test_a_circle_is_found_when_there_is_one(graph):
    # The circle that once tied contacts to the referral loop (a referral becoming a contact).
    graph.add_import(
        importer="contacts.services",
        imported="referrals.services",
        line_number=1,
        line_contents="import referrals.services",
    )
    try:
        circles = import_circles(graph)
    finally:
        graph.remove_import(importer="contacts.services", imported="referrals.services")
    assert any({"contacts.services", "referrals.services"} <= set(c) for c in circles)
