# The test hub: the shipped example (jupyterhub_config.py at the top of the repository), then only what a
# throw-away hub on 127.0.0.1 needs on top: random ports, a private state folder, the project-local
# configurable-http-proxy, the test's learners and password. Used by tests/hub/test_hub.py.
import os

c = get_config()  # noqa: F821
load_subconfig(os.environ["NEWSLIT_HUB_EXAMPLE"])  # noqa: F821

STATE = os.environ["NEWSLIT_HUB_STATE"]
c.JupyterHub.bind_url = f"http://127.0.0.1:{os.environ['NEWSLIT_HUB_PORT']}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{os.environ['NEWSLIT_HUB_API_PORT']}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['NEWSLIT_HUB_PROXY_API_PORT']}"
c.ConfigurableHTTPProxy.command = [os.environ["NEWSLIT_HUB_CHP"]]
c.ConfigurableHTTPProxy.pid_file = os.path.join(STATE, "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{os.path.join(STATE, 'jupyterhub.sqlite')}"
c.JupyterHub.cookie_secret_file = os.path.join(STATE, "cookie_secret")
c.JupyterHub.pid_file = os.path.join(STATE, "hub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops the learners' servers
c.Spawner.ip = "127.0.0.1"
c.Spawner.args = ["--ServerApp.shutdown_no_activity_timeout=600"]  # a forgotten server ends by itself
