"""``python -m benchmark`` runs the benchmark; importing its module does not."""

import importlib
import sys

import pytest

import benchmark.harness


def test_importing_the_entry_point_starts_no_benchmark(monkeypatch):
    """A test that imports every module of the apps once started the whole benchmark (servers,
    a database load at both sizes) from inside pytest."""
    monkeypatch.setattr(benchmark.harness, "main", lambda: pytest.fail("the benchmark started"))
    monkeypatch.delitem(sys.modules, "benchmark.__main__", raising=False)
    importlib.import_module("benchmark.__main__")
