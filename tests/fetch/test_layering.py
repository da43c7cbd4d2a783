"""The fetch package stays in its layer: it never imports extraction, sessions or the CLI."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

FETCH_DIR = Path(importlib.import_module("scraper.fetching").__file__ or "").parent
FORBIDDEN = ("scraper.extraction", "scraper.session", "scraper.cli", "scraper.store", "scraper.jobs")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", sorted(FETCH_DIR.glob("*.py")), ids=lambda path: path.name)
def test_fetch_modules_import_only_lower_layers(module: Path) -> None:
    upward = [name for name in imported_modules(module) if name.startswith(FORBIDDEN)]

    assert upward == []
