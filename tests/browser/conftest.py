"""Fixtures for the real-browser tests: Debian's Chromium and a JupyterLab server.

Chromium comes from the system (``/usr/bin/chromium``); no test tool downloads
a browser. As root, a missing Chromium is installed with apt-get. On CI
(``CI=true``) the browser tests must run: anything that stops them fails.
Elsewhere they skip with a message saying how to enable them.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("NEWSLIT_CHROMIUM", "/usr/bin/chromium"))
ON_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"


def _give_up(reason: str):
    if ON_CI:
        pytest.fail(f"browser tests must run on CI: {reason}")
    pytest.skip(f"{reason}. To run the browser tests: sudo apt-get install chromium (Debian/Ubuntu), then make test.")


def _install_chromium() -> str:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    cmd = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium"]
    if subprocess.run(cmd, env=env, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True)
        result = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            return result.stderr[-500:]
    return ""


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.exists():
        if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
            problem = _install_chromium()
            if problem or not CHROMIUM.exists():
                _give_up(f"could not install Chromium with apt-get ({problem.strip() or 'not found after install'})")
        else:
            _give_up(f"Chromium is not installed at {CHROMIUM}")
    try:
        import playwright  # noqa: F401
    except ImportError:
        _give_up("the playwright package is missing (pip install -e '.[test]')")
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    def __init__(self, url: str, token: str, root: Path, home: Path):
        self.url, self.token, self.root, self.home = url, token, root, home

    def api(self, path: str):
        req = urllib.request.Request(f"{self.url}{path}", headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.load(r)

    def open(self, page, notebook: str) -> None:
        """Open ``notebook`` (a path under the served folder) in JupyterLab."""
        page.goto(f"{self.url}/lab/tree/{notebook}?token={self.token}")
        page.wait_for_selector(".jp-Notebook", timeout=60_000)

    def run_all(self, page) -> None:
        """Run every cell of the open notebook, once its kernel is ready."""
        self.wait_for_idle_kernel()
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")

    def saved_handins(self, notebook: str, timeout: float = 30) -> list[dict]:
        """The hand-ins in ``notebook`` as saved on disk, waiting up to ``timeout`` for the save to land."""
        from newslit.learner.handin import read_handins

        deadline = time.time() + timeout
        while True:
            try:
                handins = read_handins(json.loads((self.root / notebook).read_text(encoding="utf-8")))
            except ValueError:  # caught mid-write
                handins = []
            if handins or time.time() > deadline:
                return handins
            time.sleep(0.5)

    def save_and_read_handins(self, page, notebook: str) -> list[dict]:
        """Save the open notebook (as File > Save Notebook does) and read its hand-ins from disk."""
        page.evaluate("window.jupyterapp.commands.execute('docmanager:save')")
        return self.saved_handins(notebook)

    def wait_for_idle_kernel(self, timeout: float = 90) -> None:
        """Wait until a kernel is idle and the browser is connected to it."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                sessions = self.api("/api/sessions")
            except OSError:
                sessions = []
            for s in sessions:
                k = s.get("kernel") or {}
                if k.get("execution_state") == "idle" and k.get("connections", 0) > 0:
                    return
            time.sleep(0.5)
        raise TimeoutError("no idle kernel with a browser connection")


@pytest.fixture
def make_lab(chromium, tmp_path):
    """Factory: ``make_lab(source=lessons/, **env)`` starts JupyterLab on 127.0.0.1 serving a copy of
    ``source``, answers in a temp home; every server it started is stopped after the test."""
    started = []

    def start(source: Path = ROOT / "lessons", **extra_env) -> Lab:
        n = len(started)
        root, home = tmp_path / f"served{n}" / source.name, tmp_path / f"home{n}"
        shutil.copytree(source, root)
        home.mkdir()
        port, token = _free_port(), "newslit-test-token"
        settings = tmp_path / f"settings{n}"
        settings.mkdir()
        shutil.copy(ROOT / "jupyter" / "overrides.json", settings / "overrides.json")
        cmd = [
            sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
            f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
            f"--LabServerApp.app_settings_dir={settings}", "--ServerApp.disable_check_xsrf=True",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        env = {**os.environ, "NEWSLIT_HOME": str(home), "JUPYTER_CONFIG_DIR": str(tmp_path / f"jupyter-config{n}"),
               "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / f"user-settings{n}"),
               "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / f"ws{n}"), **extra_env}
        log_path = tmp_path / f"lab{n}.log"
        log = open(log_path, "w")
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        started.append((proc, log))
        server = Lab(f"http://127.0.0.1:{port}", token, root, home)
        deadline = time.time() + 60
        while True:
            try:
                server.api("/api/status")
                return server
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n" + log_path.read_text()[-3000:])
                time.sleep(0.3)

    try:
        yield start
    finally:
        for proc, log in started:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()


@pytest.fixture
def lab(make_lab):
    """JupyterLab on 127.0.0.1 serving a copy of lessons/, answers in a temp home."""
    return make_lab()


@pytest.fixture
def page(chromium):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(chromium),
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        )
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        yield page
        context.close()
        browser.close()
