"""Pytest fixtures for nblabel's end-to-end tests: one Jupyter server and one Chromium per session.

Every test under ``tests/e2e`` gets the ``e2e`` marker. A test fails when the page raised an
uncaught exception that came from a widget (anywidget's blob-URL module, nblabel, anywidget);
a failing test's report carries the server log tail, the browser console errors and the path
of a screenshot.
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import harness

E2E_DIR = Path(__file__).parent

# Uncaught exceptions and console errors that point at a widget rather than at JupyterLab or
# Notebook 7 themselves (Notebook 7.6 throws a couple of its own on every load).
WIDGET_ERROR = re.compile(r"blob:|nblabel|anywidget|Error displaying widget|Failed to render", re.I)
SCREENSHOTS = Path(tempfile.gettempdir()) / "nblabel-e2e-screenshots"

CONSOLE = pytest.StashKey[harness.ConsoleLog]()
PAGE = pytest.StashKey[Any]()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if E2E_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def jupyter_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[harness.JupyterServer]:
    """A JupyterLab (and Notebook 7) server on 127.0.0.1 serving a temporary root directory."""
    root = tmp_path_factory.mktemp("jupyter-root")
    with harness.JupyterServer(root) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium, driven by Playwright's sync API."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=20_000)
    with sync_playwright() as pw:
        chromium = harness.launch_chromium(pw)
        yield chromium
        chromium.close()


@pytest.fixture
def page(
    request: pytest.FixtureRequest, browser: Any, jupyter_server: harness.JupyterServer
) -> Iterator[Any]:
    """A page in a fresh browser context; its kernels are shut down after the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(30_000)
    pg = context.new_page()
    request.node.stash[CONSOLE] = harness.ConsoleLog(pg)
    request.node.stash[PAGE] = pg
    try:
        yield pg
    finally:
        context.close()
        jupyter_server.shutdown_kernels()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """An absolute path for a test's SQLite label store."""
    return tmp_path / "labels.db"


@pytest.fixture
def notebook(
    request: pytest.FixtureRequest, page: Any, jupyter_server: harness.JupyterServer
) -> Callable[..., Path]:
    """Write a fixture notebook named after the test, open it in ``page`` and run all cells.

    ``notebook(cells, ui="lab")`` returns the notebook's path; ``ui="notebook"`` opens it in
    Notebook 7. A cell that raises fails the test with its traceback.
    """

    def make(cells: Sequence[str], *, ui: str = "lab", run: bool = True) -> Path:
        name = re.sub(r"[^A-Za-z0-9_-]+", "_", request.node.name).strip("_") + ".ipynb"
        path = harness.write_notebook(jupyter_server.root_dir, name, cells)
        harness.open_notebook(page, jupyter_server.base_url, name, ui)  # type: ignore[arg-type]
        if run:
            harness.run_all_cells(page)
        return path

    return make


def widget_errors(log: harness.ConsoleLog) -> list[str]:
    """Uncaught exceptions and console errors that a widget caused."""
    return [e for e in log.exceptions + log.errors if WIDGET_ERROR.search(e)]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    result = yield
    log = item.stash.get(CONSOLE, None)
    if log is not None:
        errors = widget_errors(log)
        if errors:
            raise AssertionError("the widget logged errors in the browser:\n" + "\n".join(errors))
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.failed and call.when in ("setup", "call"):
        server = item.funcargs.get("jupyter_server") if hasattr(item, "funcargs") else None
        if isinstance(server, harness.JupyterServer):
            report.sections.append(("jupyter server log (tail)", server.log_tail(60)))
        log = item.stash.get(CONSOLE, None)
        if log is not None:
            report.sections.append(("browser console", log.report()))
        pg = item.stash.get(PAGE, None)
        if pg is not None and not pg.is_closed():
            SCREENSHOTS.mkdir(exist_ok=True)
            target = SCREENSHOTS / (re.sub(r"[^A-Za-z0-9_-]+", "_", item.name) + ".png")
            try:
                pg.screenshot(path=str(target), full_page=True)
                report.sections.append(("screenshot", str(target)))
            except Exception as err:  # the page may be wedged; the report matters more
                report.sections.append(("screenshot", f"failed: {err}"))
    return report
