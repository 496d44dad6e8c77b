"""newslit on a real JupyterHub: two learners log in, save answers, and cannot read each other's.

The hub is the shipped example (``jupyterhub_config.py``) plus the test's
settings (``tests/hub/jupyterhub_test_config.py``): JupyterHub from PyPI
(``pip install -e '.[hub]'``), configurable-http-proxy from npm in ``.hub/``
(``make hub-test`` installs both), shared-password login, LocalProcessSpawner
on 127.0.0.1 with random ports. Two real Unix accounts are created for the
test and removed after it.

Each learner logs in through the hub's login form, starts their server,
and runs lesson code in a kernel of their own server (the same calls the
lesson notebook makes). Then: each answers file is in that learner's home,
owned by them, not readable by others (0600, in a 0700 folder); each
learner's kernel is refused the other's file; each learner's token is
refused the other's server. Finally one learner hands in, and the instructor's
``newslit collect`` gathers it read-only into a class folder, reports the
learner who did not hand in, refuses a symbolic link the other planted, and
``newslit grade`` grades the class folder.

It needs root (to create accounts and spawn as them). Without root, or
without jupyterhub / the proxy, it skips and says how to run it; with
``CI=true`` it fails instead.
"""

from __future__ import annotations

import asyncio
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ON_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
ENV_BIN = Path(sys.executable).parent
CHP = Path(os.environ.get("NEWSLIT_HUB_CHP", REPO / ".hub" / "node_modules" / ".bin" / "configurable-http-proxy"))
ANSWERS_NAME = "aleppo-2016--01_loaded_language.json"


def _give_up(reason: str):
    if ON_CI:
        pytest.fail(f"the JupyterHub test must run on CI: {reason}")
    pytest.skip(f"{reason}. To run it: as root, make hub-test (installs jupyterhub and configurable-http-proxy).")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, **kwargs)


# -- Unix accounts and file access ---------------------------------------------------------------------


def _make_learner(name: str) -> pwd.struct_passwd:
    result = _run(["useradd", "--create-home", "--shell", "/bin/sh", "--comment", "newslit hub test", name])
    if result.returncode != 0:
        _give_up(f"useradd {name} failed: {result.stderr.strip()}")
    return pwd.getpwnam(name)


def _processes_of(uid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            uids = next((line.split()[1:] for line in status.splitlines() if line.startswith("Uid:")), [])
            if str(uid) in uids:
                pids.append(int(entry.name))
    return pids


def _remove_learner(account: pwd.struct_passwd) -> None:
    for _ in range(20):  # the hub stops their servers; anything left (kernels) is theirs alone, ended by pid
        pids = _processes_of(account.pw_uid)
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.25)
    _run(["userdel", "--remove", account.pw_name])
    shutil.rmtree(account.pw_dir, ignore_errors=True)


def _let_others_through(paths: list[Path]) -> list[tuple[Path, int]]:
    """Give other users search (x) permission on the folders above the kit and its Python, if they lack it.

    A clone under /root, or a Python under /root/.pyenv, is out of the learners' reach; a real hub
    installs the kit under /opt (README). Returns what was changed, to put back afterwards.
    """
    changed: list[tuple[Path, int]] = []
    seen: set[Path] = set()
    for path in paths:
        for folder in [*reversed(path.parents), path]:
            if folder in seen or not folder.is_dir():
                continue
            seen.add(folder)
            mode = folder.stat().st_mode
            if not mode & stat.S_IXOTH:
                folder.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)
                changed.append((folder, stat.S_IMODE(mode)))
    return changed


def _as(account: pwd.struct_passwd, code: str) -> subprocess.CompletedProcess:
    return _run([sys.executable, "-c", code], user=account.pw_uid, group=account.pw_gid, extra_groups=[],
                cwd=account.pw_dir, env={"HOME": account.pw_dir, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})


# -- talking to the hub and to a learner's server ------------------------------------------------------------


class Learner:
    def __init__(self, hub: "Hub", account: pwd.struct_passwd):
        import requests

        self.hub, self.account, self.name = hub, account, account.pw_name
        self.web = requests.Session()
        self.xsrf = ""
        self.token = ""

    def log_in(self, password: str):
        r = self.web.get(f"{self.hub.url}/hub/login", timeout=30)
        r.raise_for_status()
        self.xsrf = self._xsrf_cookie()
        r = self.web.post(f"{self.hub.url}/hub/login", data={"username": self.name, "password": password, "_xsrf": self.xsrf},
                          allow_redirects=False, timeout=30)
        if r.status_code == 302:  # logged in: the XSRF token now belongs to the new session
            self.web.get(f"{self.hub.url}/hub/home", timeout=30).raise_for_status()
            self.xsrf = self._xsrf_cookie()
        return r

    def _xsrf_cookie(self) -> str:
        hub_cookies = [c for c in self.web.cookies if c.name == "_xsrf" and c.path.startswith("/hub")]
        return hub_cookies[-1].value if hub_cookies else ""

    def hub_api(self, method: str, path: str, **kwargs):
        return self.web.request(method, f"{self.hub.url}/hub/api{path}", headers={"X-XSRFToken": self.xsrf}, timeout=60, **kwargs)

    def start_server(self, timeout: float = 180) -> None:
        r = self.hub_api("POST", f"/users/{self.name}/server")
        assert r.status_code in (201, 202), f"starting {self.name}'s server: {r.status_code} {r.text[:300]}"
        deadline = time.time() + timeout
        while time.time() < deadline:
            model = self.hub_api("GET", f"/users/{self.name}").json()
            server = (model.get("servers") or {}).get("", {})
            if server.get("ready"):
                break
            time.sleep(0.5)
        else:
            raise TimeoutError(f"{self.name}'s server did not start:\n{self.hub.log_tail()}")
        r = self.hub_api("POST", f"/users/{self.name}/tokens", json={"note": "newslit hub test", "expires_in": 3600})
        assert r.status_code in (200, 201), r.text[:300]
        self.token = r.json()["token"]

    def server(self, method: str, path: str, owner: str | None = None, **kwargs):
        import requests

        url = f"{self.hub.url}/user/{owner or self.name}/api{path}"
        return requests.request(method, url, headers={"Authorization": f"token {self.token}"}, timeout=60,
                                allow_redirects=False, **kwargs)

    def run(self, code: str, timeout: float = 180) -> str:
        """Run ``code`` in a new kernel of this learner's own server; return its stdout (fail on an error)."""
        r = self.server("POST", "/kernels", json={"name": "python3"})
        assert r.status_code == 201, f"{r.status_code} {r.text[:300]}"
        kernel = r.json()["id"]
        try:
            return asyncio.run(asyncio.wait_for(self._execute(kernel, code), timeout))
        finally:
            self.server("DELETE", f"/kernels/{kernel}")

    async def _execute(self, kernel: str, code: str) -> str:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        url = f"{self.hub.url.replace('http', 'ws', 1)}/user/{self.name}/api/kernels/{kernel}/channels"
        ws = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {self.token}"}))
        msg_id = uuid.uuid4().hex
        ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": self.name, "session": uuid.uuid4().hex,
                       "date": datetime.now(timezone.utc).isoformat(), "version": "5.3"},
            "parent_header": {}, "metadata": {}, "buffers": [], "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }))
        out, error, replied, idle = [], None, False, False
        try:
            while not (replied and idle):
                raw = await ws.read_message()
                if raw is None:
                    raise ConnectionError("the kernel connection closed")
                if isinstance(raw, bytes):
                    continue
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = msg["msg_type"], msg["content"]
                if kind == "stream":
                    out.append(content["text"])
                elif kind == "error":
                    error = "\n".join(content.get("traceback", [])) or f"{content.get('ename')}: {content.get('evalue')}"
                elif kind == "execute_reply":
                    replied = True
                elif kind == "status" and content.get("execution_state") == "idle":
                    idle = True
        finally:
            ws.close()
        assert error is None, f"in {self.name}'s kernel:\n{error}"
        return "".join(out)


class Hub:
    def __init__(self, url: str, proc: subprocess.Popen, log: Path, state: Path):
        self.url, self.proc, self.log, self.state = url, proc, log, state

    def log_tail(self, n: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-n:]


def _prerequisites() -> None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        _give_up("the JupyterHub test creates Unix accounts and spawns servers as them, so it needs root")
    for tool in ("useradd", "userdel"):
        if not shutil.which(tool):
            _give_up(f"{tool} is missing")
    try:
        import jupyterhub  # noqa: F401
        import requests  # noqa: F401
    except ImportError:
        _give_up("jupyterhub is not installed (pip install -e '.[hub]')")
    if not (ENV_BIN / "jupyterhub-singleuser").exists():
        _give_up(f"jupyterhub-singleuser is not in {ENV_BIN}")
    if not CHP.exists():
        _give_up(f"configurable-http-proxy is not installed at {CHP} (npm install --prefix .hub configurable-http-proxy)")
    if not shutil.which("node"):
        _give_up("node is not installed (configurable-http-proxy runs on Node.js)")


@pytest.fixture(scope="module")
def hub():
    _prerequisites()
    suffix = secrets.token_hex(3)
    accounts, changed, proc, state, log_file = [], [], None, None, None
    try:
        accounts = [_make_learner(f"nl{suffix}{who}") for who in ("a", "b")]
        changed = _let_others_through([Path(sys.executable), Path(sys.executable).resolve(), Path(sys.prefix),
                                       Path(sys.base_prefix), REPO])
        check = _as(accounts[0], "import jupyterhub, newslit.widgets.lesson; from newslit import load_article; load_article('aleppo-2016')")
        if check.returncode != 0:
            _give_up(f"a learner account cannot use this Python and the kit: {check.stderr.strip()[-800:]}")

        state = Path(tempfile.mkdtemp(prefix="newslit-hub-"))
        password = secrets.token_urlsafe(12)
        port = _free_port()
        env = {
            "PATH": os.pathsep.join([str(ENV_BIN), str(Path(shutil.which("node")).parent), "/usr/sbin", "/usr/bin", "/sbin", "/bin"]),
            "LANG": "C.UTF-8", "HOME": os.environ.get("HOME", "/root"),
            "NEWSLIT_HUB_EXAMPLE": str(REPO / "jupyterhub_config.py"), "NEWSLIT_HUB_STATE": str(state),
            "NEWSLIT_HUB_PORT": str(port), "NEWSLIT_HUB_API_PORT": str(_free_port()),
            "NEWSLIT_HUB_PROXY_API_PORT": str(_free_port()), "NEWSLIT_HUB_CHP": str(CHP),
            "NEWSLIT_LEARNERS": ",".join(a.pw_name for a in accounts), "NEWSLIT_HUB_PASSWORD": password,
            "NEWSLIT_KIT": str(REPO), "NEWSLIT_ENV_BIN": str(ENV_BIN),
        }
        log = state / "hub.log"
        log_file = open(log, "w")
        proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(REPO / "tests" / "hub" / "jupyterhub_test_config.py")],
                                cwd=state, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
        the_hub = Hub(f"http://127.0.0.1:{port}", proc, log, state)
        import requests

        deadline = time.time() + 120
        while True:
            try:
                if requests.get(f"{the_hub.url}/hub/api/", timeout=5).ok:
                    break
            except requests.ConnectionError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                pytest.fail("JupyterHub did not start:\n" + the_hub.log_tail())
            time.sleep(0.5)
        the_hub.password = password
        the_hub.accounts = accounts
        yield the_hub
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGTERM)  # the hub stops the learners' servers and the proxy
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if state is not None:
            try:
                os.kill(int((state / "proxy.pid").read_text()), signal.SIGTERM)
            except (OSError, ValueError):
                pass
        if log_file is not None:
            log_file.close()
        for account in accounts:
            _remove_learner(account)
        for folder, mode in reversed(changed):
            folder.chmod(mode)
        if state is not None:
            shutil.rmtree(state, ignore_errors=True)


SAVE = """
import json, os
from newslit.widgets.lesson import Lesson
lesson = Lesson("01_loaded_language")          # as in the lesson notebook: answers go to ~/.newslit/answers
marks = lesson.highlighter()
marks.highlighter.mark_phrase({word!r})        # what a click does
reflection = lesson.written("reflection", "Which word steered you?")
reflection.box.value = {text!r}                # what typing does
print(json.dumps({{"marks": marks.status.value, "reflection": reflection.status.value,
                  "path": str(lesson.store.path), "home": os.path.expanduser("~"), "uid": os.getuid()}}))
"""

HAND_IN = """
import json, os
from newslit.widgets.lesson import Lesson
lesson = Lesson("01_loaded_language")          # the answers saved above come back
lesson.hand_in()                               # as the lesson's last cell: a copy goes to ~/.newslit/handins
print(json.dumps({{"copy": os.path.expanduser("~/.newslit/handins/aleppo-2016/01_loaded_language.ipynb")}}))
"""

PEEK = """
import json, os
tried = {{}}
for what, attempt in [("file", lambda: open({path!r}).read()), ("folder", lambda: os.listdir({folder!r}))]:
    try:
        attempt()
        tried[what] = "READ"
    except PermissionError:
        tried[what] = "denied"
print(json.dumps(tried))
"""


def test_two_learners_on_jupyterhub(hub):
    a, b = (Learner(hub, account) for account in hub.accounts)

    # Log in through the login form; a wrong password is refused.
    wrong = Learner(hub, hub.accounts[0]).log_in("not-the-password")
    assert wrong.status_code == 403 and "jupyterhub-session-id" not in wrong.cookies
    for learner in (a, b):
        r = learner.log_in(hub.password)
        assert r.status_code == 302, f"login of {learner.name}: {r.status_code}\n{hub.log_tail()}"
        learner.start_server()

    # Each saves answers from a kernel of their own server, through the lesson's widgets.
    saved = {}
    for learner, word in ((a, "reclaiming"), (b, "exclusively")):
        out = learner.run(SAVE.format(word=word, text=f"{learner.name} wrote this."))
        result = json.loads(out.strip().splitlines()[-1])
        assert "Saved at" in result["marks"] and "Saved at" in result["reflection"], result
        assert result["uid"] == learner.account.pw_uid, "the kernel runs as the learner"
        saved[learner.name] = Path(result["path"])

    for learner, word in ((a, "reclaiming"), (b, "exclusively")):
        path = saved[learner.name]
        home = Path(learner.account.pw_dir)
        assert path == home / ".newslit" / "answers" / ANSWERS_NAME, "answers live in the learner's own home"
        info = path.stat()
        assert info.st_uid == learner.account.pw_uid, "owned by the learner"
        assert stat.S_IMODE(info.st_mode) & 0o077 == 0, f"{path} is readable by others: {oct(info.st_mode)}"
        assert stat.S_IMODE(path.parent.stat().st_mode) & 0o077 == 0, "the answers folder is private"
        data = json.loads(path.read_text(encoding="utf-8"))
        assert [s["text"] for s in data["answers"]["loaded_language"]["spans"]] == [word]
        assert data["answers"]["reflection"]["text"] == f"{learner.name} wrote this."
        assert (home / "lessons" / "00_start_here.ipynb").exists(), "the hub gave the learner their own lessons"

    # Neither can read the other's answers: not from a kernel, not through the other's server.
    refused = []
    for reader, owner in ((b, a), (a, b)):
        target = saved[owner.name]
        tried = json.loads(reader.run(PEEK.format(path=str(target), folder=str(target.parent))).strip().splitlines()[-1])
        assert tried == {"file": "denied", "folder": "denied"}, f"{reader.name} reading {owner.name}'s answers: {tried}"
        r = reader.server("GET", f"/contents/.newslit/answers/{ANSWERS_NAME}", owner=owner.name)
        assert r.status_code in (302, 403, 404), f"{reader.name} reached {owner.name}'s server: {r.status_code}"
        refused.append(r.status_code)

    # The instructor (root here) collects: a hands in, b does not; b plants a link to a's hand-in.
    copy = Path(json.loads(a.run(HAND_IN.format()).strip().splitlines()[-1])["copy"])
    assert copy.exists() and copy.stat().st_uid == a.account.pw_uid
    b_lessons = Path(b.account.pw_dir) / "lessons"
    (b_lessons / "stolen.ipynb").symlink_to(copy)
    class_dir = Path(tempfile.mkdtemp(prefix="newslit-class-"))
    try:
        names = ",".join(account.pw_name for account in hub.accounts)
        proc = subprocess.run([sys.executable, "-m", "newslit", "collect", "--learners", names, "--to", class_dir / "class",
                               "--lesson", "01_loaded_language"], capture_output=True, text=True, cwd=REPO, timeout=120)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert f"not handed in: {b.name}: 01_loaded_language" in proc.stdout, proc.stdout
        assert f"{b.name}: stolen.ipynb: a symbolic link (not followed)" in proc.stdout, proc.stdout
        got = sorted((class_dir / "class").rglob("*.ipynb"))
        assert [p.parent.name for p in got] == [a.name], got
        assert stat.S_IMODE(got[0].stat().st_mode) == 0o444, "collected hand-ins are read-only"
        again = subprocess.run([sys.executable, "-m", "newslit", "collect", "--learners", names, "--to", class_dir / "class"],
                               capture_output=True, text=True, cwd=REPO, timeout=120)
        assert again.returncode == 0 and "Collected 0 new hand-in(s) (1 already" in again.stdout, again.stdout
        graded = subprocess.run([sys.executable, "-m", "newslit", "grade", class_dir / "class", "--out", class_dir / "grades",
                                 "--no-progress"], capture_output=True, text=True, cwd=REPO, timeout=120)
        assert graded.returncode == 0, graded.stdout + graded.stderr
        rows = (class_dir / "grades" / "grades.csv").read_text(encoding="utf-8")
        assert a.name in rows and b.name not in rows
    finally:
        shutil.rmtree(class_dir, ignore_errors=True)

    print(f"\nFIGURES hub: JupyterHub {__import__('jupyterhub').__version__}, 2 learners logged in through the form, "
          "each saved answers from their own kernel; files 0600 in a 0700 folder in their own home; "
          f"2 of 2 cross-reads by file refused (PermissionError), 2 of 2 through the other's server refused (HTTP {refused}); "
          "collect copied the one hand-in read-only, reported the learner who had not handed in, refused a planted link")
