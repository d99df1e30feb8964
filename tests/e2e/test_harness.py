"""The e2e harness itself, checked with a tiny inline anywidget that keeps nblabel's DOM contract.

These guard the assumptions every nblabel e2e test rests on, independent of nblabel's code:
a focused root with ``data-lm-suppress-shortcuts`` receives digit keys in JupyterLab's command
mode (instead of JupyterLab turning cells into headings), custom messages reach the kernel and
land on disk, restart + run all gives a fresh widget, and Notebook 7 behaves the same.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import harness
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# A widget that records each "1" key press as a JSON line in a file and acks it, the same
# browser -> kernel -> disk -> ack loop nblabel runs, in forty lines.
TINY_WIDGET = '''
import json, pathlib
import anywidget, traitlets

class Tiny(anywidget.AnyWidget):
    _esm = """
    export default { render({ model, el }) {
      const root = document.createElement('div');
      root.className = 'nblabel';
      root.tabIndex = 0;
      root.dataset.lmSuppressShortcuts = 'true';
      const item = document.createElement('div');
      item.className = 'nbl-item';
      const status = document.createElement('div');
      status.className = 'nbl-status';
      let pending = 0;
      const show = () => {
        item.dataset.itemId = 't' + String(model.get('pos')).padStart(2, '0');
        item.dataset.pos = String(model.get('pos'));
        item.textContent = 'item ' + item.dataset.itemId;
        status.dataset.pending = String(pending);
      };
      const onKey = (e) => {
        if (e.key !== '1') return;
        e.preventDefault(); e.stopPropagation();
        pending += 1;
        model.send({ kind: 'label', pos: model.get('pos'), value: 'one' });
        model.set('pos', model.get('pos') + 1); model.save_changes();
        show();
      };
      const onMsg = (msg) => { if (msg.kind === 'ack') { pending -= 1; show(); } };
      root.addEventListener('keydown', onKey);
      model.on('msg:custom', onMsg);
      model.on('change:pos', show);
      root.append(item, status);
      el.append(root);
      show();
      return () => { root.removeEventListener('keydown', onKey); model.off('msg:custom', onMsg); };
    } };
    """
    pos = traitlets.Int(0).tag(sync=True)

    def __init__(self, path):
        self._path = pathlib.Path(path)
        done = len(self._path.read_text().splitlines()) if self._path.exists() else 0
        super().__init__(pos=done)
        self.on_msg(self._on_msg)

    def _on_msg(self, _widget, content, _buffers):
        with self._path.open("a") as fh:
            fh.write(json.dumps(content) + "\\n")
        self.send({"kind": "ack", "pos": content["pos"]})
'''


def tiny_cells(path: Path) -> list[str]:
    return [TINY_WIDGET, f"Tiny({str(path)!r})"]


def read_lines(path: Path, count: int, timeout: float = 20.0) -> list[dict[str, object]]:
    """Poll until ``path`` holds ``count`` JSON lines (acks mean written) or fail."""
    deadline = time.monotonic() + timeout
    lines: list[str] = []
    while time.monotonic() < deadline:
        lines = path.read_text().splitlines() if path.exists() else []
        if len(lines) >= count:
            break
        time.sleep(0.05)
    assert len(lines) == count, f"expected {count} lines in {path}, found {len(lines)}"
    return [json.loads(line) for line in lines]


def press_and_advance(page, keys: str, start: int) -> None:
    for i, key in enumerate(keys):
        page.keyboard.press(key)
        item = page.locator(f'.nblabel .nbl-item[data-item-id="t{start + i + 1:02d}"]')
        expect(item).to_be_visible()


def test_keys_reach_widget_and_disk_in_lab(page, notebook, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    notebook(tiny_cells(out))
    harness.focus_widget(page)
    press_and_advance(page, "111", 0)
    expect(page.locator('.nbl-status[data-pending="0"]')).to_be_attached()
    assert [e["pos"] for e in read_lines(out, 3)] == [0, 1, 2]
    # JupyterLab did not see the digits: "1" in command mode would make a cell a heading.
    cell_types = page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.content.widgets.map((c) => c.model.type)"
    )
    assert cell_types == ["code", "code"]

    harness.restart_and_run_all(page)
    expect(page.locator(".nblabel")).to_have_count(1)
    expect(page.locator('.nblabel .nbl-item[data-item-id="t03"]')).to_be_visible()
    harness.focus_widget(page)
    press_and_advance(page, "1", 3)
    assert len(read_lines(out, 4)) == 4


def test_keys_reach_widget_in_notebook7(page, notebook, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    notebook(tiny_cells(out), ui="notebook")
    assert page.evaluate("() => window.jupyterapp.name") == "Jupyter Notebook"
    harness.focus_widget(page)
    press_and_advance(page, "11", 0)
    assert [e["pos"] for e in read_lines(out, 2)] == [0, 1]


def test_cell_error_is_reported(page, notebook) -> None:
    with pytest.raises(harness.NotebookError, match="ZeroDivisionError"):
        notebook(["x = 1", "1 / 0"])


def test_server_failure_carries_log(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    server = harness.JupyterServer(missing, startup_timeout=60)
    with pytest.raises(harness.ServerError, match="server log tail") as err:
        with server:
            pass
    assert str(missing) in str(err.value)
