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

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

if str(Path(__file__).resolve().parent) not in sys.path:  # imported by file path
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from e2e_server import JupyterServer, ServerError, free_port

__all__ = [
    "ConsoleLog",
    "JupyterServer",
    "NotebookError",
    "ServerError",
    "cell_errors",
    "clear_outputs",
    "focus_widget",
    "free_port",
    "launch_chromium",
    "open_notebook",
    "restart_and_run_all",
    "restart_kernel",
    "run_all_cells",
    "wait_kernel_idle",
    "write_notebook",
]

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
KERNEL_TIMEOUT = 60.0
RUN_TIMEOUT = 120.0


class NotebookError(RuntimeError):
    """A notebook cell raised, or the notebook or its kernel never became ready."""


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


def run_code(page: Any, code: str, *, timeout: float = RUN_TIMEOUT) -> None:
    """Run ``code`` in the current notebook's kernel, as a user's next cell would, and wait
    for its reply; an error reply becomes a :class:`NotebookError` naming the exception."""
    failure = _eval(
        page,
        """const kernel = findPanel(null).sessionContext.session.kernel;
           const reply = await kernel.requestExecute({ code: arg }).done;
           const c = reply.content;
           return c.status === 'ok' ? null : `${c.ename}: ${c.evalue}`;""",
        code,
        timeout,
    )
    if failure:
        raise NotebookError(f"{code!r} raised {failure}")


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
