"""The order of layers (pyproject.toml, ``[tool.importlinter]``; docs/architecture.md).

``make test`` runs ``lint-imports`` on the code as it is; these tests show the contract holds
and that it catches an upward import: the same check on the real import graph with one wrong
import added (the accounts app reaching up into the referral loop) fails and names it.
"""

from pathlib import Path

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
