"""Active learning in a real browser, on ipykernel 6 and 7: retrain in the background while
labeling continues, queue reordered, suggestion shown and accepted with one key."""

from __future__ import annotations

import re

import harness
import pytest
from kernels import ensure_ipykernel6
from playwright.sync_api import expect

from nblabel import LabelStore

ITEM = ".nblabel .nbl-item[data-item-id]"


def _cells(store_path, major: int) -> list[str]:
    return [
        "import ipykernel\n"
        f"assert ipykernel.__version__.startswith('{major}.'), ipykernel.__version__",
        "import numpy as np\nimport nblabel\nfrom sklearn.linear_model import LogisticRegression\n"
        "from nblabel.datasets import load_digits_frame\n"
        "digits = load_digits_frame().iloc[:600]\n"
        "X = np.stack(digits['image'].to_numpy()).reshape(len(digits), -1) / 255.0\n"
        "y = digits['target'].astype(str).to_numpy()",
        f"store = nblabel.LabelStore({str(store_path)!r})\n"
        "labeler = nblabel.Labeler(digits, 'image', labels=[str(d) for d in range(10)],\n"
        "                          keys=[str(d) for d in range(10)], store=store)\n"
        "loop = nblabel.ActiveLearning(labeler, LogisticRegression(max_iter=300), X,\n"
        "                              start=10, retrain_every=5, holdout=(X, y))\n"
        "labeler",
    ]


@pytest.mark.parametrize("major", [6, 7])
def test_loop_retrains_in_background_and_suggestions_are_accepted(
    major, page, jupyter_server, store_path
):
    kernel = ensure_ipykernel6() if major == 6 else "python3"
    name = f"active_ipykernel{major}.ipynb"
    harness.write_notebook(jupyter_server.root_dir, name, _cells(store_path, major), kernel=kernel)
    harness.open_notebook(page, jupyter_server.base_url, name)
    harness.run_all_cells(page)
    expect(page.locator(".nblabel .nbl-model")).to_contain_text("no model yet")
    harness.focus_widget(page)

    # Ten labels (every digit once) reach `start`: the first model trains in the background.
    for key in "0123456789":
        before = page.locator(ITEM).get_attribute("data-item-id")
        page.keyboard.press(key)
        expect(page.locator(ITEM)).not_to_have_attribute("data-item-id", before)
    # The model status says what the default did with the next batch (hover shows it whole).
    status = re.compile(r"model v\d.* of 10 most uncertain swapped for other groups")
    expect(page.locator(".nblabel .nbl-model")).to_contain_text(status)
    expect(page.locator(".nblabel .nbl-model")).to_have_attribute("title", status)

    # Keep labeling while it trains; items after the reorder carry the model's suggestion.
    suggestion = page.locator(".nblabel .nbl-suggestion")
    for _ in range(8):
        if suggestion.is_visible():
            break
        before = page.locator(ITEM).get_attribute("data-item-id")
        page.keyboard.press("ArrowRight")
        expect(page.locator(ITEM)).not_to_have_attribute("data-item-id", before)
    expect(suggestion).to_be_visible()
    expect(suggestion).to_contain_text("press a to accept")
    suggested = suggestion.get_attribute("data-label")
    expect(page.locator(f'.nbl-label-btn[data-label="{suggested}"]')).to_have_attribute(
        "data-suggested", "true"
    )
    item_id = int(page.locator(ITEM).get_attribute("data-item-id"))
    page.keyboard.press("a")
    expect(page.locator(ITEM)).not_to_have_attribute("data-item-id", str(item_id))
    expect(page.locator(".nbl-status")).to_have_attribute("data-pending", "0")

    with LabelStore(store_path) as store:
        history = store.history()
    assert len(history) == 11 and set(history["source"]) == {"human"}
    accepted = history.iloc[-1]
    assert accepted["item_id"] == item_id and accepted["label"] == suggested
    assert accepted["meta"]["accepted"] is True and accepted["meta"]["suggestion"] == suggested
