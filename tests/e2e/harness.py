"""Drive a real Jupyter server and Chromium for nblabel's end-to-end tests and benchmarks.

Plain functions and classes (no pytest), so a benchmark script can import this file too:

    with JupyterServer() as server, sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page()
        write_notebook(server.root_dir, "demo.ipynb", ["import nblabel", "..."])
        open_notebook(page, server.base_url, "demo.ipynb")
        run_all_cells(page)
        focus_widget(page)
        page.keyboard.press("1")

Page helpers talk to the application object that JupyterLab and Notebook 7 expose as
``window.jupyterapp`` (``expose_app_in_browser``), so they work the same in both front ends.
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
from typing import Any, Literal

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Defaults for slow 2-core machines: a kernel that imports pandas can take several seconds.
STARTUP_TIMEOUT = 90.0
KERNEL_TIMEOUT = 60.0
RUN_TIMEOUT = 120.0

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


class NotebookError(RuntimeError):
    """A notebook cell raised, or the notebook or its kernel never became ready."""


# --------------------------------------------------------------------------- server


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


# --------------------------------------------------------------------------- notebooks


def write_notebook(
    root: str | os.PathLike[str], name: str, cells: Sequence[str], *, kernel: str = "python3"
) -> Path:
    """Write an nbformat v4 notebook of code cells to ``root/name`` and return its path."""
    import nbformat
    from nbformat import v4

    nb = v4.new_notebook()
    nb.cells = [v4.new_code_cell(source) for source in cells]
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.validate(nb)
    path = Path(root) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


# --------------------------------------------------------------------------- browser


def launch_chromium(playwright: Any, **kwargs: Any) -> Any:
    """Launch Debian's headless Chromium with flags that keep it offline and quiet."""
    args = [*CHROMIUM_ARGS, *kwargs.pop("args", [])]
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args, **kwargs)


# JavaScript run in the page: find the notebook panel by path in either front end.
_PANEL_JS = """
const findPanel = (path) => {
  const app = window.jupyterapp;
  if (!app) return null;
  const matches = (w) => w && w.context && w.sessionContext && (!path || w.context.path === path);
  if (matches(app.shell.currentWidget)) return app.shell.currentWidget;
  if (typeof app.shell.widgets === 'function') {
    for (const w of app.shell.widgets('main')) if (matches(w)) return w;
  }
  return null;
};
"""


def _eval(page: Any, body: str, arg: Any = None, timeout: float = RUN_TIMEOUT) -> Any:
    """Run ``body`` (an async function body that may use ``findPanel`` and ``arg``) in the page.

    ``page.evaluate`` has no timeout of its own, so the script races a deadline in the page.
    """
    return page.evaluate(
        f"""async (arg) => {{
          {_PANEL_JS}
          const run = (async () => {{ {body} }})();
          const deadline = new Promise((_, reject) => setTimeout(
            () => reject(new Error('timed out after {timeout:.0f}s')), {int(timeout * 1000)}));
          return await Promise.race([run, deadline]);
        }}""",
        arg,
    )


def open_notebook(
    page: Any,
    base_url: str,
    name: str,
    ui: Literal["lab", "notebook"] = "lab",
    *,
    timeout: float = KERNEL_TIMEOUT,
) -> None:
    """Open notebook ``name`` (relative to the server root) and wait for an idle kernel.

    ``ui="lab"`` opens JupyterLab with a fresh workspace (``?reset``), so notebooks opened by
    earlier tests are not restored; ``ui="notebook"`` opens Notebook 7 at ``/notebooks/``.
    """
    if ui == "lab":
        url = f"{base_url}/lab/tree/{name}?reset"
    elif ui == "notebook":
        url = f"{base_url}/notebooks/{name}"
    else:
        raise ValueError(f"ui must be 'lab' or 'notebook', not {ui!r}")
    page.goto(url, wait_until="domcontentloaded")
    try:
        page.wait_for_function(
            "() => window.jupyterapp !== undefined", timeout=timeout * 1000, polling=100
        )
        _eval(page, "await window.jupyterapp.started; await window.jupyterapp.restored;")
        page.wait_for_function(
            f"(path) => {{ {_PANEL_JS} return findPanel(path) !== null; }}",
            arg=name,
            timeout=timeout * 1000,
            polling=100,
        )
        _eval(
            page,
            "const p = findPanel(arg); await p.context.ready; await p.sessionContext.ready;",
            name,
            timeout,
        )
    except Exception as err:
        raise NotebookError(f"notebook {name!r} did not open in {ui}: {err}") from err
    wait_kernel_idle(page, timeout=timeout)


def wait_kernel_idle(page: Any, *, timeout: float = KERNEL_TIMEOUT) -> None:
    """Wait until the current notebook's kernel exists and reports ``idle``."""
    try:
        page.wait_for_function(
            f"""() => {{ {_PANEL_JS}
              const p = findPanel(null);
              const k = p && p.sessionContext.session && p.sessionContext.session.kernel;
              return !!k && k.status === 'idle' && k.connectionStatus === 'connected';
            }}""",
            timeout=timeout * 1000,
            polling=100,
        )
    except Exception as err:
        status = _eval(
            page,
            "const p = findPanel(null); const k = p && p.sessionContext.session"
            " && p.sessionContext.session.kernel;"
            " return k ? `${k.status}/${k.connectionStatus}` : 'no kernel';",
            timeout=10,
        )
        raise NotebookError(f"kernel not idle after {timeout:.0f}s (kernel: {status})") from err


_CELL_ERRORS_JS = """
const p = findPanel(null);
const errors = [];
p.content.widgets.forEach((cell, i) => {
  if (cell.model.type !== 'code') return;
  const outputs = cell.model.outputs;
  for (let j = 0; j < outputs.length; j++) {
    const out = outputs.get(j).toJSON();
    if (out.output_type === 'error') {
      errors.push({cell: i, ename: out.ename, evalue: out.evalue,
                   traceback: (out.traceback || []).join('\\n')});
    }
  }
});
return errors;
"""


def cell_errors(page: Any) -> list[dict[str, Any]]:
    """Error outputs of the current notebook's code cells (cell index, ename, evalue, traceback)."""
    result: list[dict[str, Any]] = _eval(page, _CELL_ERRORS_JS, timeout=10)
    return result


def _raise_cell_errors(page: Any) -> None:
    errors = cell_errors(page)
    if errors:
        import re

        strip = re.compile(r"\x1b\[[0-9;]*m")
        detail = "\n\n".join(
            f"cell {e['cell']}: {e['ename']}: {e['evalue']}\n{strip.sub('', e['traceback'])}"
            for e in errors
        )
        raise NotebookError(f"{len(errors)} cell(s) raised:\n{detail}")


def run_all_cells(page: Any, *, timeout: float = RUN_TIMEOUT, check: bool = True) -> None:
    """Run every cell of the current notebook, wait for the last reply and an idle kernel.

    With ``check`` (the default) a cell that raised becomes a :class:`NotebookError` carrying
    the traceback.
    """
    wait_kernel_idle(page)
    _eval(page, "await jupyterapp.commands.execute('notebook:run-all-cells');", None, timeout)
    wait_kernel_idle(page, timeout=timeout)
    if check:
        _raise_cell_errors(page)


def clear_outputs(page: Any) -> None:
    """Clear every output of the current notebook (old widget views leave the DOM)."""
    _eval(
        page,
        """findPanel(null).content.widgets.forEach((cell) => {
             if (cell.model.type === 'code') cell.model.outputs.clear();
           });""",
        timeout=10,
    )


def restart_kernel(page: Any, *, timeout: float = KERNEL_TIMEOUT) -> None:
    """Restart the current notebook's kernel without a confirmation dialog; wait for idle."""
    _eval(
        page,
        "const p = findPanel(null); await p.sessionContext.restartKernel();",
        None,
        timeout,
    )
    wait_kernel_idle(page, timeout=timeout)


def restart_and_run_all(page: Any, *, timeout: float = RUN_TIMEOUT, check: bool = True) -> None:
    """Restart the kernel, clear outputs (so stale widget views are gone), run all cells."""
    restart_kernel(page)
    clear_outputs(page)
    page.locator(".jp-OutputArea-output").first.wait_for(state="detached", timeout=10_000)
    run_all_cells(page, timeout=timeout, check=check)


def focus_widget(page: Any, selector: str = ".nblabel", *, timeout: float = 30.0) -> Any:
    """Focus the widget root so key presses go to it; return its locator.

    Uses ``element.focus()`` rather than a click (a click could land on a label button); falls
    back to clicking the root's top-left corner if something steals focus back.
    """
    root = page.locator(selector).first
    root.wait_for(state="visible", timeout=timeout * 1000)
    root.scroll_into_view_if_needed()
    root.focus()
    if not root.evaluate("(el) => el === document.activeElement"):
        root.click(position={"x": 1, "y": 1})
    if not root.evaluate("(el) => el.contains(document.activeElement)"):
        raise NotebookError(f"could not focus {selector}")
    return root


class ConsoleLog:
    """Collects a page's console errors and uncaught exceptions.

    Attach with ``ConsoleLog(page)``; ``errors`` are console messages of type ``error``,
    ``exceptions`` are uncaught errors and unhandled rejections (Playwright's ``pageerror``).
    """

    def __init__(self, page: Any) -> None:
        self.messages: list[str] = []
        self.errors: list[str] = []
        self.exceptions: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", self._on_pageerror)

    def _on_console(self, msg: Any) -> None:
        text = f"[{msg.type}] {msg.text}"
        self.messages.append(text)
        if msg.type == "error":
            self.errors.append(msg.text)

    def _on_pageerror(self, err: Any) -> None:
        stack = getattr(err, "stack", None) or ""
        self.exceptions.append(f"{err}\n{stack}".strip())

    def report(self) -> str:
        parts = [f"uncaught: {e}" for e in self.exceptions] + [f"error: {e}" for e in self.errors]
        return "\n".join(parts) or "(no console errors)"
