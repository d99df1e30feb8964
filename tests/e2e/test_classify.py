"""nblabel.Labeler end to end: keys and clicks in JupyterLab / Notebook 7, rows in SQLite.

Each test writes a fixture notebook, runs it in a real kernel, drives the widget through the
DOM contract of docs/architecture.md, then reads the SQLite file from this process. Waits are
Playwright's auto-waiting assertions and deadline polls of the store, never fixed sleeps.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import harness
import pytest
from playwright.sync_api import expect

import nblabel

pytestmark = pytest.mark.e2e

TEXT_IDS = [f"t{i:02d}" for i in range(40)]
KEY_OF = {"pos": "1", "neg": "2", "neutral": "3"}
LABEL_OF = {key: label for label, key in KEY_OF.items()}

SCRIPT_TEXT = "<script>window.__pwned=1</script><b>bold</b>"


def text_cells(
    store_path: Path, *, multi: bool = False, labels: tuple[str, ...] = ("pos", "neg", "neutral")
) -> list[str]:
    """A notebook showing a Labeler over 40 short texts with ids t00..t39."""
    return [
        "import pandas as pd\nimport nblabel",
        "ids = [f't{i:02d}' for i in range(40)]\n"
        "texts = [f'short review number {i}' for i in range(40)]\n"
        f"texts[5] = {SCRIPT_TEXT!r}\n"
        "df = pd.DataFrame({'text': texts}, index=ids)",
        f"store = nblabel.LabelStore({str(store_path)!r})",
        f"nblabel.Labeler(df, 'text', labels={list(labels)!r}, store=store, multi={multi!r})",
    ]


def current_item(page: Any, item_id: object, pos: int | None = None) -> Any:
    selector = f'.nblabel .nbl-item[data-item-id="{item_id}"]'
    if pos is not None:
        selector += f'[data-pos="{pos}"]'
    return page.locator(selector)


def wait_saved(page: Any) -> None:
    """Wait until every label is settled, then check none was refused and no error shows."""
    status = page.locator(".nblabel .nbl-status")
    expect(page.locator('.nblabel .nbl-status[data-pending="0"]')).to_be_attached()
    error = page.locator(".nblabel .nbl-error")
    if status.get_attribute("data-failed") != "0" or error.is_visible():
        raise AssertionError(
            f"labels not saved: data-failed={status.get_attribute('data-failed')!r}, "
            f"status {status.text_content()!r}, error {error.text_content()!r}"
        )


def wait_store(
    path: Path, check: Callable[[nblabel.LabelStore], bool], *, timeout: float = 20.0
) -> nblabel.LabelStore:
    """Poll the SQLite file until ``check(store)`` holds; return an open store for asserts.

    Acks mean committed, so this normally passes on the first poll; the deadline only
    guards against a widget that shows ``pending=0`` too early.
    """
    deadline = time.monotonic() + timeout
    while True:
        store = nblabel.LabelStore(path)
        if check(store) or time.monotonic() > deadline:
            return store
        store.close()
        time.sleep(0.1)


def label_by_keys(page: Any, keys: str, ids: list[Any], start: int) -> None:
    """Press each key on the item at ``start + i`` and wait for the next item to show."""
    for i, key in enumerate(keys):
        expect(current_item(page, ids[start + i], start + i)).to_be_visible()
        page.keyboard.press(key)
        expect(current_item(page, ids[start + i + 1], start + i + 1)).to_be_visible()


def pressed(page: Any) -> dict[str, str | None]:
    """aria-pressed of every label button, by label."""
    buttons = page.locator(".nblabel button.nbl-label-btn")
    buttons.first.wait_for()
    return {b.get_attribute("data-label"): b.get_attribute("aria-pressed") for b in buttons.all()}


# ----------------------------------------------------------------------------------- tests


def test_label_thirty_texts_then_resume_after_restart(page, notebook, store_path: Path) -> None:
    notebook(text_cells(store_path))
    expect(current_item(page, "t00", 0)).to_be_visible()
    expect(page.locator('.nblabel .nbl-progress[data-total="40"]')).to_be_attached()
    keys = "".join(str(1 + (i * i + i // 4) % 3) for i in range(30))
    expected = {TEXT_IDS[i]: LABEL_OF[k] for i, k in enumerate(keys)}

    harness.focus_widget(page)
    label_by_keys(page, keys, TEXT_IDS, 0)
    wait_saved(page)
    expect(page.locator('.nblabel .nbl-progress[data-done="30"]')).to_be_attached()

    store = wait_store(store_path, lambda s: len(s.current()) >= 30)
    with store:
        labels = store.labels()
        assert dict(labels["label"]) == expected
        assert set(labels["source"]) == {"human"}
        assert len(store.history()) == 30

    harness.restart_and_run_all(page)
    expect(page.locator(".nblabel")).to_have_count(1)
    expect(current_item(page, "t30", 30)).to_be_visible()
    expect(page.locator('.nblabel .nbl-progress[data-done="30"][data-total="40"]')).to_be_attached()
    with nblabel.LabelStore(store_path) as store:
        assert dict(store.labels()["label"]) == expected


def test_undo_with_u_and_ctrl_z(page, notebook, store_path: Path) -> None:
    notebook(text_cells(store_path))
    harness.focus_widget(page)
    label_by_keys(page, "121", TEXT_IDS, 0)
    wait_saved(page)

    page.keyboard.press("u")
    expect(current_item(page, "t02", 2)).to_be_visible()
    wait_saved(page)
    store = wait_store(store_path, lambda s: "t02" not in s.current())
    with store:
        assert store.current() == {"t00": "pos", "t01": "neg"}
        assert "t02" not in store.labels().index
        history = store.history()
        undos = history[history["meta"].map(lambda m: bool(m) and "undo_of" in m)]
        assert list(undos["item_id"]) == ["t02"]
        undone = history.loc[history["item_id"] == "t02", "event_id"].iloc[0]
        assert undos["meta"].iloc[0]["undo_of"] == undone

    page.keyboard.press("Control+z")
    expect(current_item(page, "t01", 1)).to_be_visible()
    wait_saved(page)
    store = wait_store(store_path, lambda s: "t01" not in s.current())
    with store:
        assert store.current() == {"t00": "pos"}


def test_multi_label_toggles_then_enter(page, notebook, store_path: Path) -> None:
    notebook(text_cells(store_path, multi=True, labels=("a", "b", "c")))
    harness.focus_widget(page)
    expect(current_item(page, "t00", 0)).to_be_visible()
    assert pressed(page) == {"a": "false", "b": "false", "c": "false"}

    page.keyboard.press("1")
    page.keyboard.press("3")
    button = '.nblabel button.nbl-label-btn[data-label="{}"]'.format
    expect(page.locator(button("a"))).to_have_attribute("aria-pressed", "true")
    expect(page.locator(button("c"))).to_have_attribute("aria-pressed", "true")
    expect(page.locator(button("b"))).to_have_attribute("aria-pressed", "false")
    expect(current_item(page, "t00", 0)).to_be_visible()  # toggling does not move on

    page.keyboard.press("Enter")
    expect(current_item(page, "t01", 1)).to_be_visible()
    assert pressed(page) == {"a": "false", "b": "false", "c": "false"}
    wait_saved(page)
    store = wait_store(store_path, lambda s: "t00" in s.current())
    with store:
        assert store.current() == {"t00": ["a", "c"]}


def test_script_text_renders_literally(page, notebook, store_path: Path) -> None:
    notebook(text_cells(store_path))
    harness.focus_widget(page)
    label_by_keys(page, "11111", TEXT_IDS, 0)
    item = current_item(page, "t05", 5)
    expect(item).to_be_visible()
    text = item.locator(".nbl-text")
    expect(text).to_have_count(1)
    assert text.text_content() == SCRIPT_TEXT
    expect(item.locator("b, script")).to_have_count(0)
    assert page.evaluate("() => window.__pwned") is None


def test_images_from_uint8_arrays(page, notebook, store_path: Path) -> None:
    from sklearn.datasets import load_digits

    targets = load_digits().target[:5]
    notebook(
        [
            "import numpy as np, pandas as pd\nimport nblabel\n"
            "from sklearn.datasets import load_digits",
            "digits = load_digits()\n"
            "images = [(img * 255 / 16).astype(np.uint8) for img in digits.images[:20]]\n"
            "df = pd.DataFrame({'image': pd.Series(images, dtype=object)})",
            f"store = nblabel.LabelStore({str(store_path)!r})",
            "nblabel.Labeler(df, 'image', labels=['even', 'odd'], store=store)",
        ]
    )
    expect(current_item(page, 0, 0).locator("img.nbl-image")).to_be_visible()
    page.wait_for_function(
        """() => {
          const img = document.querySelector('.nblabel .nbl-item img.nbl-image');
          return !!img && img.complete && img.naturalWidth > 0;
        }"""
    )
    harness.focus_widget(page)
    keys = "".join("1" if int(t) % 2 == 0 else "2" for t in targets)
    label_by_keys(page, keys, list(range(20)), 0)
    wait_saved(page)
    store = wait_store(store_path, lambda s: len(s.current()) >= 5)
    with store:
        current = store.current()
    assert current == {i: ("even" if int(t) % 2 == 0 else "odd") for i, t in enumerate(targets)}
    assert all(type(k) is int for k in current)


def test_notebook7_labels_by_key(page, notebook, store_path: Path) -> None:
    notebook(text_cells(store_path), ui="notebook")
    assert "/notebooks/" in page.url
    expect(current_item(page, "t00", 0)).to_be_visible()
    harness.focus_widget(page)
    label_by_keys(page, "12312", TEXT_IDS, 0)
    wait_saved(page)
    store = wait_store(store_path, lambda s: len(s.current()) >= 5)
    with store:
        assert store.current() == {
            "t00": "pos",
            "t01": "neg",
            "t02": "neutral",
            "t03": "pos",
            "t04": "neg",
        }


def test_button_click_labels(page, notebook, store_path: Path) -> None:
    notebook(text_cells(store_path))
    expect(current_item(page, "t00", 0)).to_be_visible()
    page.locator('.nblabel button.nbl-label-btn[data-label="neg"]').click()
    expect(current_item(page, "t01", 1)).to_be_visible()
    page.locator('.nblabel button.nbl-label-btn[data-label="neutral"]').click()
    expect(current_item(page, "t02", 2)).to_be_visible()
    wait_saved(page)
    store = wait_store(store_path, lambda s: len(s.current()) >= 2)
    with store:
        assert store.current() == {"t00": "neg", "t01": "neutral"}


def test_arrow_keys_move_and_show_stored_label(page, notebook, store_path: Path) -> None:
    notebook(text_cells(store_path))
    harness.focus_widget(page)
    label_by_keys(page, "12", TEXT_IDS, 0)
    wait_saved(page)

    page.keyboard.press("ArrowLeft")
    expect(current_item(page, "t01", 1)).to_be_visible()
    assert pressed(page) == {"pos": "false", "neg": "true", "neutral": "false"}
    expect(page.locator(".nblabel .nbl-item")).to_have_attribute("data-saved", "saved")
    page.keyboard.press("ArrowLeft")
    expect(current_item(page, "t00", 0)).to_be_visible()
    assert pressed(page) == {"pos": "true", "neg": "false", "neutral": "false"}
    page.keyboard.press("ArrowRight")
    expect(current_item(page, "t01", 1)).to_be_visible()
    assert pressed(page) == {"pos": "false", "neg": "true", "neutral": "false"}
    page.keyboard.press("ArrowRight")
    expect(current_item(page, "t02", 2)).to_be_visible()
    assert pressed(page) == {"pos": "false", "neg": "false", "neutral": "false"}
    expect(page.locator(".nblabel .nbl-item")).to_have_attribute("data-saved", "unlabeled")
    with nblabel.LabelStore(store_path) as store:
        assert store.current() == {"t00": "pos", "t01": "neg"}  # moving writes nothing


def test_undo_after_a_kernel_restart_takes_back_the_newest_label(
    page, notebook, store_path: Path
) -> None:
    notebook(text_cells(store_path))
    harness.focus_widget(page)
    label_by_keys(page, "213", TEXT_IDS, 0)
    wait_saved(page)
    harness.restart_and_run_all(page)  # the browser's undo stack is gone with the old view
    expect(current_item(page, "t03", 3)).to_be_visible()
    harness.focus_widget(page)
    page.keyboard.press("u")
    expect(current_item(page, "t02", 2)).to_be_visible()  # the kernel says which item
    wait_saved(page)
    store = wait_store(store_path, lambda s: "t02" not in s.current())
    with store:
        assert store.current() == {"t00": "neg", "t01": "pos"}


def test_labels_may_take_a_and_s_when_no_model_is_attached(
    page, notebook, store_path: Path
) -> None:
    labeler = "nblabel.Labeler(df, 'text', labels=['pos', 'neg'], keys=['a', 's'], store=store)"
    notebook([*text_cells(store_path)[:-1], labeler])
    harness.focus_widget(page)
    label_by_keys(page, "as", TEXT_IDS, 0)
    page.keyboard.press("S")  # skip moved to S
    expect(current_item(page, "t03", 3)).to_be_visible()
    expect(page.locator(".nblabel .nbl-legend")).to_contain_text("S skip")
    wait_saved(page)
    store = wait_store(store_path, lambda s: len(s.current()) >= 2)
    with store:
        assert store.current() == {"t00": "pos", "t01": "neg"}


def test_an_unknown_task_is_a_visible_error_not_a_fallback(
    page, notebook, store_path: Path
) -> None:
    unknown = (
        "w = nblabel.Labeler(df, 'text', labels=['pos'], store=store)\nw._view = 'no_such_task'\nw"
    )
    notebook([*text_cells(store_path)[:-1], unknown])
    error = page.locator(".nblabel .nbl-error")
    expect(error).to_contain_text('no task named "no_such_task"')
    expect(page.locator(".nblabel .nbl-item")).to_have_count(0)
