"""Binder (repo2docker) works as it is: environment.yml, then postBuild applies the kit's JupyterLab settings."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_postbuild_applies_the_lab_settings(tmp_path):
    post = ROOT / "postBuild"
    assert os.access(post, os.X_OK), "repo2docker runs postBuild only if it is executable"
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists(), \
        "a binder/ folder would make repo2docker ignore the top-level environment.yml and postBuild"
    prefix = tmp_path / "srv" / "conda" / "envs" / "notebook"
    proc = subprocess.run(["bash", str(post)], cwd=ROOT, env={**os.environ, "NB_PYTHON_PREFIX": str(prefix)},
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    written = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert json.loads(written.read_text()) == json.loads((ROOT / "jupyter" / "overrides.json").read_text())
    template = prefix / "share" / "jupyter" / "voila" / "templates" / "newslit" / "index.html.j2"
    assert template.read_text() == (ROOT / "jupyter" / "voila" / "templates" / "newslit" / "index.html.j2").read_text()
    config = prefix / "etc" / "jupyter" / "jupyter_server_config.d" / "newslit-voila.json"
    assert json.loads(config.read_text()) == {"VoilaConfiguration": {"template": "newslit"}}


def test_readme_binder_badge_opens_the_first_lesson():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"https://mybinder\.org/v2/[^\s)]+", readme)
    assert links, "the README has a Binder launch badge"
    assert any("urlpath=lab/tree/lessons/00_start_here.ipynb" in link for link in links)
    assert (ROOT / "lessons" / "00_start_here.ipynb").exists()
