"""environment.yml (conda, Binder) and pyproject.toml name the same dependencies."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _normalise(req: str) -> str:
    return re.sub(r"\s+", "", req).lower().replace("_", "-")


def test_environment_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str) and not d.startswith(("python=", "pip"))]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    conda += [d for d in pip if not d.startswith("-")]  # packages conda-forge may not have come from PyPI
    # Conda and Binder users get what a learner needs: the kit, JupyterLab and app mode.
    wanted = set(project["dependencies"]) | set(project["optional-dependencies"]["lab"]) | set(project["optional-dependencies"]["app"])
    assert sorted(map(_normalise, conda)) == sorted(map(_normalise, wanted))


def test_every_directly_imported_package_is_declared():
    """The kit's own imports are declared dependencies, not luck of what arrives with JupyterLab."""
    import ast
    import sys

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {re.split(r"[<>=!~\[ ]", d)[0].lower().replace("_", "-") for d in project["dependencies"]}
    import_names = {"IPython": "ipython", "yaml": "pyyaml", "markdown_it": "markdown-it-py", "mdit_py_plugins": "mdit-py-plugins"}
    used = set()
    for path in (ROOT / "newslit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                used.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                used.add(node.module.split(".")[0])
    third_party = {m for m in used if m not in sys.stdlib_module_names and m != "newslit"}
    # nbclient runs notebooks only for instructor build commands (make notebooks / make solutions).
    optional = {"nbclient"}
    missing = {m for m in third_party - optional if import_names.get(m, m).lower().replace("_", "-") not in declared}
    assert not missing, f"imported but not declared in pyproject.toml dependencies: {sorted(missing)}"


def test_environment_is_binder_ready():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    assert "python=3.11" in env["dependencies"]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip, "the kit itself is installed with pip from the repository"
