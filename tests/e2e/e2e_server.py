"""A JupyterLab server (which also serves Notebook 7) for e2e tests and benchmarks.

Started on a free 127.0.0.1 port with token, password and XSRF off, the app exposed as
``window.jupyterapp`` in both front ends, no news or update checks and no kernel restart
dialog. Fails loudly with the server's log tail. Used through ``harness``.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# A kernel that imports pandas can take several seconds on a 2-core machine.
STARTUP_TIMEOUT = 90.0

# User settings written before the server starts: no news or update toasts, no restart dialog.
_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/apputils-extension/sessionDialogs.jupyterlab-settings": {
        "skipKernelRestartDialog": True,
    },
}


class ServerError(RuntimeError):
    """The Jupyter server did not start or stop as expected; the message carries its log tail."""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _http(method: str, url: str, timeout: float = 5.0) -> tuple[int, bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with _NO_PROXY.open(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


class JupyterServer:
    """A JupyterLab server (which also serves Notebook 7) on a free 127.0.0.1 port.

    Token, password and XSRF checks are off; the app is exposed as ``window.jupyterapp`` in
    both front ends; news, update checks and the kernel restart dialog are turned off through
    user settings in a private settings directory. Kernels inherit ``os.environ``.

    Parameters
    ----------
    root_dir
        Directory the server serves; a new temporary directory when None (removed on stop).
    startup_timeout
        Seconds to wait for ``/api/status`` before raising :class:`ServerError`.
    extra_args
        More command-line options for ``jupyter lab``.
    env
        Extra environment variables for the server and its kernels.
    """

    def __init__(
        self,
        root_dir: str | os.PathLike[str] | None = None,
        *,
        startup_timeout: float = STARTUP_TIMEOUT,
        extra_args: Sequence[str] = (),
        env: dict[str, str] | None = None,
    ) -> None:
        self._own_tmp: tempfile.TemporaryDirectory[str] | None = None
        self._state = tempfile.TemporaryDirectory(prefix="nblabel-e2e-jupyter-")
        if root_dir is None:
            self._own_tmp = tempfile.TemporaryDirectory(prefix="nblabel-e2e-root-")
            root_dir = self._own_tmp.name
        self.root_dir = Path(root_dir).resolve()
        self.startup_timeout = startup_timeout
        self.extra_args = list(extra_args)
        self.extra_env = dict(env or {})
        self.port: int | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = Path(self._state.name) / "server.log"
        self._log_file: Any = None

    # -- public -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise ServerError("the server is not running")
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> JupyterServer:
        """Start the server and wait until ``/api/status`` answers; retry on a lost port race."""
        self._write_settings()
        for attempt in range(3):
            self.port = free_port()
            try:
                self._launch()
                self._wait_ready()
                return self
            except ServerError as err:
                lost_race = "already in use" in str(err).lower()
                self._terminate()
                if not lost_race or attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def stop(self, timeout: float = 20.0) -> None:
        """Shut the server down with its kernels: REST shutdown, then SIGTERM, then SIGKILL."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                _http("POST", f"{self.base_url}/api/shutdown", timeout=5)
            except OSError:
                pass
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        self._terminate()
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        if self._own_tmp is not None:
            self._own_tmp.cleanup()
            self._own_tmp = None

    def log_tail(self, lines: int = 80) -> str:
        """The last ``lines`` lines of the server's combined stdout and stderr."""
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as fh:
                return "".join(deque(fh, maxlen=lines))
        except FileNotFoundError:
            return "(no server log)"

    def sessions(self) -> list[dict[str, Any]]:
        """The server's kernel sessions (``GET /api/sessions``)."""
        status, body = _http("GET", f"{self.base_url}/api/sessions")
        if status != 200:
            raise ServerError(f"GET /api/sessions answered {status}: {body[:200]!r}")
        result: list[dict[str, Any]] = json.loads(body)
        return result

    def shutdown_kernels(self) -> None:
        """Delete every session and kernel, so one test's kernel does not outlive the test."""
        for session in self.sessions():
            _http("DELETE", f"{self.base_url}/api/sessions/{session['id']}", timeout=15)
        status, body = _http("GET", f"{self.base_url}/api/kernels")
        for kernel in json.loads(body) if status == 200 else []:
            _http("DELETE", f"{self.base_url}/api/kernels/{kernel['id']}", timeout=15)

    def __enter__(self) -> JupyterServer:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- internals ----------------------------------------------------------------------

    def _write_settings(self) -> None:
        settings = Path(self._state.name) / "user-settings"
        for rel, values in _SETTINGS.items():
            path = settings / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values), encoding="utf-8")

    def _command(self) -> list[str]:
        state = Path(self._state.name)
        return [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            "--IdentityProvider.token=",
            "--PasswordIdentityProvider.hashed_password=",
            "--ServerApp.disable_check_xsrf=True",
            f"--ServerApp.root_dir={self.root_dir}",
            "--ServerApp.terminals_enabled=False",
            "--LabApp.expose_app_in_browser=True",
            "--JupyterNotebookApp.expose_app_in_browser=True",
            "--LabApp.news_url=",
            "--LabApp.extension_manager=readonly",  # no PyPI lookups offline
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            f"--LabApp.user_settings_dir={state / 'user-settings'}",
            f"--LabApp.workspaces_dir={state / 'workspaces'}",
            f"--JupyterNotebookApp.user_settings_dir={state / 'user-settings'}",
            f"--JupyterNotebookApp.workspaces_dir={state / 'workspaces'}",
            *(["--ServerApp.allow_root=True"] if os.geteuid() == 0 else []),
            *self.extra_args,
        ]

    def _launch(self) -> None:
        state = Path(self._state.name)
        env = dict(os.environ)
        env.update(
            {
                "JUPYTERLAB_SETTINGS_DIR": str(state / "user-settings"),
                "JUPYTERLAB_WORKSPACES_DIR": str(state / "workspaces"),
                "JUPYTER_RUNTIME_DIR": str(state / "runtime"),
                "PYTHONUNBUFFERED": "1",
                **self.extra_env,
            }
        )
        if self._log_file is not None:
            self._log_file.close()
        self._log_file = open(self.log_path, "ab")
        self._log_file.write(f"$ {' '.join(self._command())}\n".encode())
        self._log_file.flush()
        self.proc = subprocess.Popen(
            self._command(),
            cwd=state,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kernels can be reaped with it
        )

    def _wait_ready(self) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + self.startup_timeout
        last = "no answer yet"
        while time.monotonic() < deadline:
            code = self.proc.poll()
            if code is not None:
                raise ServerError(
                    f"jupyter lab exited with code {code} before it was ready.\n"
                    f"--- server log tail ---\n{self.log_tail()}"
                )
            try:
                status, body = _http("GET", f"{self.base_url}/api/status", timeout=2)
                if status == 200:
                    return
                last = f"HTTP {status}: {body[:200]!r}"
            except OSError as err:
                last = repr(err)
            time.sleep(0.2)
        raise ServerError(
            f"jupyter lab on port {self.port} not ready after {self.startup_timeout:.0f}s "
            f"(last: {last}).\n--- server log tail ---\n{self.log_tail()}"
        )

    def _terminate(self) -> None:
        proc = self.proc
        if proc is None:
            return
        pgid = proc.pid  # start_new_session: the group id is the server's pid
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # jupyter_server shuts its kernels down on SIGTERM
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        try:  # kernels left behind in the server's process group
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc = None
