"""The Zero to JupyterHub recipe (deploy/z2jh/, docs/zero-to-jupyterhub.md), checked without a cluster.

Nothing here runs Kubernetes, helm or Docker. What can be checked locally is: the values file parses and uses
only documented chart keys; its parts agree with each other, with the Dockerfile and with the doc (image,
folders, mount paths); the instructors' pre-spawn hook does what it says; the build context holds what the
kit's wheel needs and not the solutions; and the doc's collect and grade commands run as written on a
stand-in for the shared home volume. The check against the chart's own values schema is recorded in the doc
(the schema is not part of this repository).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
Z2JH = ROOT / "deploy" / "z2jh"
DOC = ROOT / "docs" / "zero-to-jupyterhub.md"
MIME = "application/vnd.newslit.handin+json"

# Chart keys the recipe may set. Each is documented in the chart's configuration reference,
# https://z2jh.jupyter.org/en/stable/resources/reference.html (one entry per key path, e.g.
# "singleuser.image"), and is a property in the chart's values schema (jupyterhub/schema.yaml in
# jupyterhub/zero-to-jupyterhub-k8s; 4.0.0-beta.3 checked, see the doc). A path ending in ".*" takes
# free-form content that the chart hands on unchanged: hub.config to JupyterHub's traitlets, hub.extraConfig
# as Python, singleuser.extraEnv as environment variables, lifecycleHooks and initContainers to Kubernetes.
DOCUMENTED = {
    "singleuser.image.name", "singleuser.image.tag",
    "singleuser.defaultUrl",
    "singleuser.lifecycleHooks.postStart.*",
    "singleuser.storage.type", "singleuser.storage.homeMountPath",
    "singleuser.storage.static.pvcName", "singleuser.storage.static.subPath",
    "singleuser.initContainers.*",
    "singleuser.memory.guarantee", "singleuser.memory.limit",
    "singleuser.cpu.guarantee", "singleuser.cpu.limit",
    "singleuser.extraEnv.*",
    "hub.config.*",
    "hub.extraConfig.*",
    "proxy.https.enabled", "proxy.https.hosts", "proxy.https.letsencrypt.contactEmail",
    "cull.enabled", "cull.timeout", "cull.every", "cull.users",
}


@pytest.fixture(scope="module")
def config() -> dict:
    return yaml.safe_load((Z2JH / "config.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def keys_used(values: dict, prefix: str = "") -> list[str]:
    """Every key path in ``values``, down to a documented leaf or a free-form (".*") key."""
    found = []
    for key, value in values.items():
        path = f"{prefix}{key}"
        if path in DOCUMENTED or f"{path}.*" in DOCUMENTED:
            found.append(path)
        elif isinstance(value, dict) and value:
            found += keys_used(value, path + ".")
        else:
            found.append(path)
    return found


def gitpuller_args(config: dict) -> list[str]:
    """The gitpuller call in the postStart hook: [repository, branch, target folder]."""
    command = config["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"]
    words = shlex.split(command[-1]) if command[:2] == ["sh", "-c"] else list(command)
    start = words.index("gitpuller")
    return words[start + 1:start + 4]


def normalise(text: str) -> str:
    """Shell text with line continuations joined and runs of spaces collapsed."""
    return re.sub(r"[ \t]+", " ", re.sub(r"\\\n\s*", " ", text))


# -- config.yaml -------------------------------------------------------------------------------------------


def test_config_parses_and_uses_only_documented_chart_keys(config):
    used = keys_used(config)
    undocumented = [key for key in used if key not in DOCUMENTED and f"{key}.*" not in DOCUMENTED]
    assert not undocumented, f"not in the documented chart keys: {undocumented}"
    for key in ("singleuser.image.name", "singleuser.image.tag", "singleuser.defaultUrl",
                "singleuser.lifecycleHooks.postStart", "singleuser.storage.type", "singleuser.memory.guarantee",
                "singleuser.cpu.guarantee", "hub.config", "cull.enabled"):
        assert any(u == key or u.startswith(key + ".") for u in used), f"{key} is not set"


def test_the_init_container_uses_the_singleuser_image(config):
    image = config["singleuser"]["image"]
    assert isinstance(image["tag"], str) and image["tag"], "quote the tag: YAML reads 2026-11-29 as a date"
    (init,) = config["singleuser"]["initContainers"]
    assert init["image"] == f"{image['name']}:{image['tag']}", "the home-ownership container should reuse the image"


def test_gitpuller_and_default_url_use_the_same_learner_only_folder(config, doc):
    repository, branch, target = gitpuller_args(config)
    home = config["singleuser"]["storage"]["homeMountPath"]
    match = re.fullmatch(r"/lab/tree/([^/]+)/(00_start_here\.ipynb)", config["singleuser"]["defaultUrl"])
    assert match, "defaultUrl opens the first lesson in JupyterLab"
    folder = match.group(1)
    assert target == f"{home}/{folder}"
    assert (ROOT / "lessons" / match.group(2)).exists()
    assert repository.endswith("/newslit-lessons") and "newslit.git" not in repository, \
        "gitpuller pulls the learner-only repository, never the kit's own (it holds solutions/)"
    # the doc makes that repository, and collects from the same folder
    assert f"newslit lessons {folder} --article" in doc and f"git push -u origin {branch}" in doc
    assert repository in doc
    assert f"--lessons-folder {folder}" in doc


def test_storage_is_a_folder_per_user_and_the_init_container_mounts_the_same_one(config):
    storage = config["singleuser"]["storage"]
    assert storage["type"] == "static" and storage["static"]["pvcName"]
    assert "{username}" in storage["static"]["subPath"]
    (init,) = config["singleuser"]["initContainers"]
    (mount,) = init["volumeMounts"]
    # "home" is the volume the chart defines for storage.type static
    assert mount == {"name": "home", "mountPath": storage["homeMountPath"], "subPath": storage["static"]["subPath"]}
    assert init["securityContext"] == {"runAsUser": 0}
    script = init["command"][-1]
    assert f"chown 1000:100 {storage['homeMountPath']}" in script
    claim = yaml.safe_load((Z2JH / "homes-pvc.yaml").read_text(encoding="utf-8"))
    assert claim["kind"] == "PersistentVolumeClaim" and claim["metadata"]["name"] == storage["static"]["pvcName"]
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]


def test_newslit_home_stays_where_collect_looks(config):
    home = config["singleuser"]["storage"]["homeMountPath"]
    assert config["singleuser"]["extraEnv"]["NEWSLIT_HOME"] == f"{home}/.newslit"


def megabytes(value) -> float:
    number, unit = re.fullmatch(r"([\d.]+)\s*([KMGT]i?)?", str(value)).groups()
    scale = {None: 1e-6, "K": 1e-3, "M": 1, "G": 1e3, "T": 1e6, "Ki": 1.024e-3, "Mi": 1.048576, "Gi": 1073.741824}
    return float(number) * scale[unit]


def test_resources_are_sized_for_the_kit(config):
    memory, cpu = config["singleuser"]["memory"], config["singleuser"]["cpu"]
    assert 500 <= megabytes(memory["guarantee"]) <= megabytes(memory["limit"])
    assert 0 < cpu["guarantee"] <= cpu["limit"]


def test_sign_in_is_a_placeholder_with_instructors_as_admins_and_idle_servers_are_culled(config):
    hub = config["hub"]["config"]
    assert hub["JupyterHub"]["authenticator_class"] not in ("dummy", "null", "tmp"), "never an open door for a class"
    assert hub["Authenticator"]["admin_users"]
    assert config["cull"]["enabled"] is True and 0 < config["cull"]["timeout"] <= 4 * 3600
    assert config["cull"]["users"] is False, "culling stops servers, it must not delete learners"


class FakeConfig(SimpleNamespace):
    """Enough of traitlets' Config for ``c.KubeSpawner.pre_spawn_hook = ...``."""

    def __getattr__(self, name):
        value = SimpleNamespace()
        setattr(self, name, value)
        return value


def instructor_hook(config):
    (snippet,) = config["hub"]["extraConfig"].values()
    c = FakeConfig()
    exec(compile(snippet, "hub.extraConfig", "exec"), {"c": c})
    return c.KubeSpawner.pre_spawn_hook


@pytest.mark.parametrize("as_dict", [False, True])
def test_instructors_and_only_instructors_get_every_home_read_only(config, doc, as_dict):
    hook = instructor_hook(config)
    own = {"name": "home", "mountPath": "/home/jovyan", "subPath": "{username}"}
    mounts = {"home": own} if as_dict else [own]
    learner = SimpleNamespace(user=SimpleNamespace(admin=False), volume_mounts=mounts)
    hook(learner)
    assert learner.volume_mounts is mounts and mounts == ({"home": own} if as_dict else [own])
    teacher = SimpleNamespace(user=SimpleNamespace(admin=True), volume_mounts=mounts)
    hook(teacher)
    added = [m for m in (teacher.volume_mounts.values() if as_dict else teacher.volume_mounts) if m is not own]
    assert added == [{"name": "home", "mountPath": "/srv/homes", "readOnly": True}]
    assert mounts == ({"home": own} if as_dict else [own]), "the configured mounts are shared: never changed in place"
    assert f"--homes {added[0]['mountPath']}" in doc


# -- the image -------------------------------------------------------------------------------------------


def test_dockerfile_installs_the_kit_with_extras_and_applies_the_lab_settings():
    text = (Z2JH / "Dockerfile").read_text(encoding="utf-8")
    base = re.search(r"^ARG BASE_IMAGE=(\S+)$", text, re.M).group(1)
    assert re.match(r"(quay\.io/)?jupyter/[a-z-]+-notebook:\d{4}-\d{2}-\d{2}$", base), "a dated docker-stacks tag"
    assert re.search(r"^FROM \$\{BASE_IMAGE\}$", text, re.M)
    commands = normalise(text)
    assert re.search(r'pip install --no-cache-dir "/tmp/newslit\[lab,app\]" "nbgitpuller>=1\.2"', commands)
    assert re.search(r'cp /tmp/newslit/jupyter/overrides\.json "\$\{CONDA_DIR\}/share/jupyter/lab/settings/overrides\.json"',
                     commands)
    # the same place postBuild puts it for Binder
    assert "share/jupyter/lab/settings/overrides.json" in (ROOT / "postBuild").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(ADD|COPY)\b", text, re.M), "the checkout is bind-mounted, never copied into a layer"
    assert not re.search(r"\b(curl|wget)\b", text), "nothing but pip downloads at build time"
    assert "command -v gitpuller" in commands and "newslit --version" in commands


def test_build_context_holds_what_the_wheel_needs_and_not_the_solutions():
    lines = (Z2JH / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert patterns[0] == "*", "an allow-list: everything out, then what the build needs back in"
    allowed = {p[1:] for p in patterns if p.startswith("!")}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = project["tool"]["setuptools"]
    needed = {"pyproject.toml", project["project"]["readme"], *project["project"]["license-files"],
              *{p.split(".")[0] for p in setuptools["packages"] if p not in setuptools["package-dir"]},
              *setuptools["package-dir"].values(), "jupyter/overrides.json"}
    assert needed <= allowed, f"the build would miss {sorted(needed - allowed)}"
    assert not {p for p in allowed if p.split("/")[0] in {"solutions", "tests", "tools", ".venv", ".git"}}


# -- the doc ---------------------------------------------------------------------------------------------


def test_doc_shows_every_command_the_deploy_files_ask_for(doc):
    shown = normalise(doc)
    asked = []
    for name in ("Dockerfile", "config.yaml", "homes-pvc.yaml"):
        comments = "\n".join(line[1:] for line in (Z2JH / name).read_text(encoding="utf-8").splitlines()
                             if line.startswith("#"))
        asked += [normalise(m.group(1)).strip() for m in
                  re.finditer(r"^ {3}((?:docker|helm|kubectl) (?:.*\\\n)*.*)$", comments, re.M)]
    assert len(asked) >= 3
    for command in asked:
        assert command in shown, f"the doc does not show: {command}"
    for command in ("docker push", "jupyter-repo2docker", "helm repo add jupyterhub https://hub.jupyter.org/helm-chart/",
                    "helm template", "newslit lessons", "newslit collect", "newslit grade", "gitpuller",
                    "git push"):
        assert command in doc, f"the doc does not mention {command}"
    repository, branch, target = gitpuller_args(yaml.safe_load((Z2JH / "config.yaml").read_text(encoding="utf-8")))
    assert f"gitpuller {repository} {branch} {target}" in doc
    assert "## What was and was not run here" in doc and "chart 4.0.0-beta.3" in doc


def test_readme_links_the_recipe():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### On your own JupyterHub", 1)[1].split("\n## ", 1)[0]
    assert "docs/zero-to-jupyterhub.md" in section


def run_blocks(doc: str) -> list[str]:
    """The shell blocks of the doc marked as run by this test, in order."""
    return re.findall(r"<!-- run by tests/test_z2jh\.py -->\n```bash\n(.*?)```", doc, re.S)


def handin(lesson: str, when: str, marker: str) -> str:
    """A notebook holding one hand-in, as a learner's server on the hub writes it (user jovyan)."""
    payload = {"format": "newslit-handin/1", "lesson": lesson, "article": "aleppo-2016", "key_versions": {},
               "user": "jovyan", "handed_in_at": when, "newslit_version": "0.2.0", "answers": {}}
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {"newslit": {"lesson": lesson, "marker": marker}},
                       "cells": [{"cell_type": "code", "id": "h", "metadata": {}, "execution_count": 1,
                                  "source": "lesson.hand_in()",
                                  "outputs": [{"output_type": "display_data", "metadata": {},
                                               "data": {MIME: payload, "text/plain": "handed in"}}]}]})


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("find") is None, reason="needs bash and find")
def test_the_docs_collect_and_grade_commands_run_on_a_shared_home_volume(doc, tmp_path):
    collect_block, grade_block = run_blocks(doc)
    volume = tmp_path / "homes"  # stands in for /srv/homes: one folder per user, all owned by the same uid
    teacher = volume / "teacher1"
    for name in ("ana", "ben", "cai", "teacher1"):
        (volume / name / "newslit-lessons").mkdir(parents=True)
    (volume / "lost+found").mkdir()  # on an ext4-backed file share: not a user, must not stop the collection
    handins = Path(".newslit") / "handins" / "aleppo-2016"

    def put(learner, relative, text):
        path = volume / learner / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    put("ana", handins / "01_loaded_language.ipynb", handin("01_loaded_language", "2026-11-20T09:00:00+00:00", "ana first"))
    put("ben", "newslit-lessons/02_unsupported_claims.ipynb",
        handin("02_unsupported_claims", "2026-11-20T09:30:00+00:00", "ben saved"))
    (volume / "cai" / ".newslit").symlink_to("../ben/.newslit")  # cai tries to pass off ben's hand-ins
    put("ben", handins / "01_loaded_language.ipynb", handin("01_loaded_language", "2026-11-20T09:10:00+00:00", "ben's work"))

    env = {**os.environ, "HOME": str(teacher), "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}

    def run(block):
        script = block.replace("/srv/homes", str(volume))
        proc = subprocess.run(["bash", "-euo", "pipefail", "-c", script], capture_output=True, text=True, env=env,
                              cwd=tmp_path, timeout=120)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return proc.stdout

    out = run(collect_block)
    assert (teacher / "learners.txt").read_text().split() == ["ana", "ben", "cai", "teacher1"]
    assert "Collected 3 new hand-in(s)" in out
    assert "cai: .newslit/handins/aleppo-2016: reached through a symbolic link (not followed)" in out
    assert "not handed in: cai" in out  # ben's hand-ins are never collected as cai's
    # ana hands in lesson 1 again; the next collection adds it beside the first
    put("ana", handins / "01_loaded_language.ipynb", handin("01_loaded_language", "2026-11-21T08:00:00+00:00", "ana again"))
    out = run(collect_block)
    assert "Collected 1 new hand-in(s) (2 already in the class folder)" in out
    collected = sorted(p.relative_to(teacher / "class").as_posix() for p in (teacher / "class").rglob("*.ipynb"))
    assert collected == ["ana/01_loaded_language--20261120T090000.ipynb", "ana/01_loaded_language--20261121T080000.ipynb",
                         "ben/01_loaded_language--20261120T091000.ipynb", "ben/02_unsupported_claims--20261120T093000.ipynb"]

    run(grade_block)
    with open(teacher / "grades" / "gradebook.csv", newline="", encoding="utf-8") as f:
        learners = [row["learner"] for row in csv.DictReader(f)]
    assert sorted(learners) == ["ana", "ben"], "one row per learner, named by their hub user name"
    with open(teacher / "grades" / "grades.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert not any(row["learner"] == "cai" for row in rows)
    superseded = {Path(row["file"]).name for row in rows if row["learner"] == "ana" and row["status"] == "superseded"}
    assert superseded == {"01_loaded_language--20261120T090000.ipynb"}, "ana's newer hand-in replaces the older one"
