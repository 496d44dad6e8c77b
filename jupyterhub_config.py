# jupyterhub_config.py: newslit on an instructor's JupyterHub. An example to adapt, not a hardened server.
#
# One Linux machine, one Unix account per learner, each learner's notebook server running as that
# account in its own home. Answers autosave to ~/.newslit/answers (folder 0700, files 0600), so learners
# cannot read each other's. Steps: README.md, "On JupyterHub". The test suite starts a real hub from this
# file (tests/hub/), so what is here is what is tested.
#
#   sudo NEWSLIT_HUB_PASSWORD='…' NEWSLIT_LEARNERS=ana,ben /opt/newslit/.venv/bin/jupyterhub -f /opt/newslit/jupyterhub_config.py
#
# Environment variables read here:
#   NEWSLIT_KIT           the newslit checkout (default: the folder of this file), e.g. /opt/newslit
#   NEWSLIT_ENV_BIN       bin/ of the Python environment with the kit and jupyterhub installed
#                         (default: the one running the hub, e.g. /opt/newslit/.venv/bin)
#   NEWSLIT_LEARNERS      comma-separated learner names (each must be an existing Unix account)
#   NEWSLIT_INSTRUCTORS   comma-separated hub admins
#   NEWSLIT_HUB_PASSWORD  the learners' shared password (workshops only, see below)
#   NEWSLIT_HUB_ADMIN_PASSWORD  the instructors' password (32 characters or more)
#   NEWSLIT_COURSE_DATA   the course's folder for instructors' own articles, keys and context packs
#                         (default /srv/newslit/course-data), passed to every server: instructors write it
#                         (newslit import-article, the key review), learners only read it. Create it once:
#                         sudo install -d -m 2775 -g instructors /srv/newslit/course-data

import os
import pwd
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

KIT = Path(os.environ.get("NEWSLIT_KIT", Path(__file__).resolve().parent))
ENV_BIN = Path(os.environ.get("NEWSLIT_ENV_BIN", Path(sys.executable).parent))


def _names(variable: str) -> set[str]:
    return {n.strip().lower() for n in os.environ.get(variable, "").split(",") if n.strip()}


# -- Network ------------------------------------------------------------------------------------------
# The public address. In class, put HTTPS in front: c.JupyterHub.ssl_key / ssl_cert, or a reverse proxy
# (nginx, Caddy) terminating TLS. configurable-http-proxy comes from npm (npm install -g
# configurable-http-proxy, or a local folder: c.ConfigurableHTTPProxy.command = ["/path/to/.bin/configurable-http-proxy"]).
c.JupyterHub.bind_url = "http://:8000"

# -- Who may log in -------------------------------------------------------------------------------------
# For a workshop on a private network: one shared password for the listed learners ("shared-password",
# JupyterHub's successor to DummyAuthenticator, JupyterHub >= 5.3). Anyone with the password can log in
# as any listed learner, so never on the open internet. For a real class use one of:
#   * PAM (JupyterHub's default, the learners' Unix passwords): c.JupyterHub.authenticator_class = "pam"
#   * your school's single sign-on: oauthenticator (Google, GitHub, Azure AD, generic OAuth2/OIDC),
#     ltiauthenticator (launch from the LMS), or jupyterhub-nativeauthenticator (sign-up with approval).
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ.get("NEWSLIT_HUB_PASSWORD")  # 8+ characters; unset: nobody
c.SharedPasswordAuthenticator.admin_password = os.environ.get("NEWSLIT_HUB_ADMIN_PASSWORD")  # 32+ characters
c.Authenticator.allowed_users = _names("NEWSLIT_LEARNERS")
c.Authenticator.admin_users = _names("NEWSLIT_INSTRUCTORS")

# -- One server per learner, as the learner ----------------------------------------------------------------
# LocalProcessSpawner runs each learner's server as their own Unix account (the hub runs as root to do
# that). The accounts must exist: sudo useradd --create-home ana. For containers per learner use
# dockerspawner or systemdspawner instead; the rest of this file stays the same.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(ENV_BIN / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab/tree/lessons/00_start_here.ipynb"
c.Spawner.environment = {
    "NEWSLIT_DATASETS": str(KIT / "datasets"),  # articles and keys, shared read-only
    # imported articles and their keys: one folder for the whole course, read beside the kit's data
    "NEWSLIT_COURSE_DATA": os.environ.get("NEWSLIT_COURSE_DATA", "/srv/newslit/course-data"),
    # NEWSLIT_HOME is deliberately not set: answers go to each learner's own ~/.newslit
}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120


def copy_lessons(spawner) -> None:
    """Before a learner's first start: their own copy of the lessons, and a private ~/.newslit.

    Never overwrites: a learner's edited notebooks and saved answers are theirs.
    """
    account = pwd.getpwnam(spawner.user.name)
    home = Path(account.pw_dir)
    own = [home / ".newslit"]
    if not (home / ".newslit").exists():
        (home / ".newslit").mkdir(mode=0o700)
    lessons = home / "lessons"
    if not lessons.exists():
        shutil.copytree(KIT / "lessons", lessons)
        own += [lessons, *lessons.rglob("*")]
    for path in own:
        os.chown(path, account.pw_uid, account.pw_gid, follow_symlinks=False)


c.Spawner.pre_spawn_hook = copy_lessons

# -- Housekeeping ------------------------------------------------------------------------------------------
# Stop idle servers after an hour (pip install jupyterhub-idle-culler), so a class does not exhaust the
# machine; answers are already saved, and come back when the learner re-runs the notebook.
#   c.JupyterHub.services = [{"name": "idle-culler", "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600"]}]
#   c.JupyterHub.load_roles = [{"name": "idle-culler", "scopes": ["list:users", "read:users:activity",
#                               "read:servers", "delete:servers"], "services": ["idle-culler"]}]
c.JupyterHub.db_url = "sqlite:///jupyterhub.sqlite"  # in the folder the hub is started from
