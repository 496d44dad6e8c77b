"""The house rules that import-linter cannot say: no module reaches into another's private names.

The layering itself is checked by ``lint-imports`` (contracts in ``pyproject.toml``;
``make test`` runs it); this test runs it too, so a plain ``pytest`` catches a
wrong-way import as well.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "newslit"


def _private_imports(path: Path, base: Path = PACKAGE.parent) -> list[str]:
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newslit"):
            found += [f"{path.relative_to(base)}:{node.lineno} imports {node.module}.{a.name}"
                      for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
    return found


def test_no_module_imports_another_modules_private_names():
    problems = [p for path in sorted(PACKAGE.rglob("*.py")) for p in _private_imports(path)]
    assert problems == []


def test_the_private_name_check_can_fail(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("from newslit.text.spans import _WORD, words\nfrom newslit import __version__\n")
    assert _private_imports(sample, tmp_path) == ["x.py:1 imports newslit.text.spans._WORD"]


def test_import_contracts_hold():
    linter = Path(sys.executable).with_name("lint-imports")
    if not linter.exists() and not shutil.which("lint-imports"):
        pytest.skip("import-linter is not installed: pip install -e '.[test]' (make test installs it)")
    proc = subprocess.run([str(linter if linter.exists() else "lint-imports")], capture_output=True, text=True,
                          cwd=PACKAGE.parent, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout, proc.stdout[-3000:]
