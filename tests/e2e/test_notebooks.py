"""The shipped notebooks run top to bottom in JupyterLab and their labelers take labels."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import harness
from playwright.sync_api import expect

from nblabel import LabelStore

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
ITEM = ".nblabel .nbl-item[data-item-id]"


def _open_copy(page, server, name: str) -> Path:
    shutil.copy(NOTEBOOKS / name, server.root_dir / name)
    harness.open_notebook(page, server.base_url, name)
    harness.run_all_cells(page)
    return server.root_dir


def _label(page, keys: str) -> list[str]:
    ids = []
    for key in keys:
        before = page.locator(ITEM).first.get_attribute("data-item-id")
        ids.append(before)
        page.keyboard.press(key)
        expect(page.locator(ITEM).first).not_to_have_attribute("data-item-id", before)
    expect(page.locator(".nbl-status").first).to_have_attribute("data-pending", "0")
    return ids


def test_quickstart_labels_digits_into_its_store(page, jupyter_server):
    root = _open_copy(page, jupyter_server, "01_quickstart.ipynb")
    expect(page.locator(".nblabel")).to_have_count(3)
    harness.focus_widget(page)
    ids = _label(page, "7204")
    with LabelStore(root / "quickstart.db") as store:
        labels = store.labels(task="digits")["label"]
    assert labels.to_dict() == dict(zip(map(int, ids), "7204", strict=True))


def test_active_learning_notebook_trains_a_model_while_labeling(page, jupyter_server):
    _open_copy(page, jupyter_server, "02_active_learning.ipynb")
    expect(page.locator(".nblabel .nbl-model")).to_contain_text("no model yet")
    harness.focus_widget(page)
    _label(page, "0123456789" * 2)  # 20 labels: the loop's cold start is over
    expect(page.locator(".nblabel .nbl-model")).to_contain_text(re.compile(r"model v1 .* accuracy"))
