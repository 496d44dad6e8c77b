"""The kit installed as a wheel, away from the checkout: what ``pip install newslit`` gives a hub or a laptop.

One module-scoped fixture builds the wheel (``pip wheel .``, not editable), makes
an empty virtual environment in a temporary folder, installs the wheel there and
runs the kit from a folder that is not the checkout. The kit's dependencies are
borrowed from the test environment through a ``.pth`` line, so nothing is
downloaded; the checkout itself is never on that environment's path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "000_733891da77bc0d3a.txt"


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(python, newslit script, work folder, wheel) of a fresh venv holding only the built wheel."""
    root = tmp_path_factory.mktemp("wheel")
    wheels = root / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", str(REPO), "-w", str(wheels)],
                   check=True, capture_output=True, text=True, timeout=300, cwd=root)
    wheel = next(wheels.glob("newslit-*.whl"))
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q", str(wheel)],
                   check=True, capture_output=True, text=True, timeout=300, env=clean)
    # Then the dependencies (not newslit) come from the test environment's site-packages. A path added by
    # a .pth line is not itself scanned for .pth files, so the checkout's editable hook stays out.
    (site / "_newslit_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = root / "work"
    work.mkdir()
    return python, venv / "bin" / "newslit", work, wheel


def env_for(work: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSLIT_", "PYTHON"))}
    env["HOME"] = str(work / "home")
    env["NEWSLIT_HOME"] = str(work / "home" / ".newslit")
    return env


def run(cmd, work, *args, timeout=300):
    return subprocess.run([str(cmd), *map(str, args)], capture_output=True, text=True, env=env_for(work), cwd=work, timeout=timeout)


def test_the_wheel_carries_data_not_solutions(installed):
    names = zipfile.ZipFile(installed[3]).namelist()
    assert "newslit/data/datasets/lessons.json" in names
    assert "newslit/data/datasets/lexicons/loaded_language.json" in names
    assert "newslit/data/lessons/01_loaded_language.ipynb" in names
    assert any(n.startswith("newslit/widgets/static/") and n.endswith(".js") for n in names)
    assert not any("solutions/" in n for n in names), "the wheel must not carry the solutions"
    template = f"newslit-{installed[3].name.split('-')[1]}.data/data/share/jupyter/voila/templates/newslit/"
    assert {template + "conf.json", template + "index.html.j2"} <= set(names), "the offline app template installs with the kit"
    config = template.split("/share/")[0] + "/etc/jupyter/jupyter_server_config.d/newslit-voila.json"
    assert config in names, "Voila as a server extension (hub, Binder) uses the offline template by default"
    assert not any(n.startswith(("tools/", "tests/")) for n in names), "build tools and tests stay out of the wheel"


def test_imported_from_the_install_not_the_checkout(installed):
    python, _, work, _ = installed
    proc = run(python, work, "-c", "import newslit, newslit.paths as p; print(newslit.__file__); print(p.datasets_dir())")
    assert proc.returncode == 0, proc.stderr
    module, datasets = proc.stdout.split("\n")[:2]
    assert not module.startswith(str(REPO)) and "site-packages" in module
    assert datasets.endswith("newslit/data/datasets") and not datasets.startswith(str(REPO))


def test_console_command_version(installed):
    _, newslit, work, _ = installed
    proc = run(newslit, work, "--version")
    assert proc.returncode == 0, proc.stderr
    from newslit import __version__

    assert proc.stdout.strip() == f"newslit {__version__}"


def test_analyze_the_seed_article(installed):
    _, newslit, work, _ = installed
    text = work / "article.txt"
    text.write_text(SEED.read_text(encoding="utf-8") if SEED.exists() else "Critics slammed the devastating cuts, the mayor said.\n",
                    encoding="utf-8")
    proc = run(newslit, work, "analyze", text, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["sentences"] and result["loaded"], "the lexicon and splitter came with the wheel"


def test_grade_the_reference_solutions(installed):
    _, newslit, work, _ = installed
    proc = run(newslit, work, "grade", REPO / "solutions", "--out", work / "grades", "--no-progress")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = (work / "grades" / "grades.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) > 1
    gradebook = (work / "grades" / "gradebook.csv").read_text(encoding="utf-8")
    assert "100" in gradebook, gradebook


def test_lessons_dest_copies_learner_notebooks_and_keeps_existing(installed):
    _, newslit, work, _ = installed
    dest = work / "class"
    dest.mkdir()
    (dest / "01_loaded_language.ipynb").write_text("my own work", encoding="utf-8")
    proc = run(newslit, work, "lessons", dest)
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in dest.iterdir())
    assert names == sorted(p.name for p in (REPO / "lessons").glob("[0-9][0-9]_*.ipynb"))
    assert (dest / "01_loaded_language.ipynb").read_text(encoding="utf-8") == "my own work"
    assert "kept" in proc.stdout
    for path in dest.glob("0[02-9]_*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")


def test_a_lesson_runs_from_the_install(installed, tmp_path):
    python, newslit, work, _ = installed
    dest = work / "run-lesson"
    assert run(newslit, work, "lessons", dest).returncode == 0
    kernels = work / "jupyter" / "kernels" / "newslit-wheel"
    kernels.mkdir(parents=True, exist_ok=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "newslit wheel", "language": "python"}))
    script = (
        "import nbformat, newslit\n"
        "from nbclient import NotebookClient\n"
        f"nb = nbformat.read({str(dest / '01_loaded_language.ipynb')!r}, as_version=4)\n"
        f"NotebookClient(nb, timeout=240, kernel_name='newslit-wheel', resources={{'metadata': {{'path': {str(dest)!r}}}}}).execute()\n"
        "errors = [o for c in nb.cells if c.cell_type == 'code' for o in c.outputs if o.output_type == 'error']\n"
        "assert not errors, errors\n"
        "print('ran', sum(c.cell_type == 'code' for c in nb.cells), 'cells with', newslit.__file__)\n"
    )
    env = env_for(work)
    env["JUPYTER_PATH"] = str(work / "jupyter")
    proc = subprocess.run([str(python), "-c", script], capture_output=True, text=True, env=env, cwd=dest, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ran" in proc.stdout and str(REPO) not in proc.stdout
