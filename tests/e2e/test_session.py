"""The labeling session as a user lives it, in real JupyterLab (issue 18): focus, time per
item, empty multi-label Enter, skips found again, go-to, model status, stable layout, and a
server log without Node stack traces.

Waits are Playwright's auto-waiting assertions and deadline polls of the store. The only
timed waits are the conditions under test (10 s unfocused, then 1 s on the item).

With ``NBLABEL_SHOTS=<folder>`` each state is also saved there as a PNG of the widget
(``scripts/screenshots`` writes them into docs/).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import harness
import pytest
from playwright.sync_api import expect
from test_classify import TEXT_IDS, current_item, label_by_keys, text_cells, wait_saved, wait_store

pytestmark = pytest.mark.e2e

ROOT = ".nblabel"
SHOTS = os.environ.get("NBLABEL_SHOTS")


def shot(page: Any, name: str) -> None:
    """Save the widget as docs' screenshot ``session-<name>.png`` when asked to."""
    if SHOTS:
        page.locator(ROOT).first.screenshot(path=str(Path(SHOTS) / f"session-{name}.png"))


def widget_focused(page: Any) -> bool:
    return page.evaluate(
        "() => !!document.activeElement && !!document.activeElement.closest('.nblabel')"
    )


def click_elsewhere(page: Any) -> None:
    """Click into the first cell's editor, as a user would before typing code."""
    page.locator(".jp-Cell .cm-content").first.click()
    expect(page.locator(f"{ROOT}[data-focused='false']")).to_be_attached()


def click_on(page: Any, selector: str) -> None:
    """A plain mouse click at the centre of ``selector``, whatever covers it (the inactive hint)."""
    box = page.locator(selector).first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_focus_on_render_then_keys_label(page, notebook, store_path: Path) -> None:
    notebook(text_cells(store_path))
    expect(current_item(page, "t00", 0)).to_be_visible()
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.classList.contains('nblabel')"
    )
    expect(page.locator(f"{ROOT}[data-focused='true']")).to_be_attached()
    expect(page.locator(f"{ROOT} .nbl-inactive")).to_be_hidden()
    shot(page, "focused")
    page.keyboard.press("1")  # no click, no focus_widget: the widget took the focus itself
    expect(current_item(page, "t01", 1)).to_be_visible()
    wait_saved(page)
    with wait_store(store_path, lambda s: "t00" in s.current()) as store:
        assert store.current() == {"t00": "pos"}


def test_inactive_state_after_clicking_elsewhere_and_a_click_gives_keys_back(
    page, notebook, store_path: Path
) -> None:
    notebook(text_cells(store_path))
    expect(current_item(page, "t00", 0)).to_be_visible()
    click_elsewhere(page)
    hint = page.locator(f"{ROOT} .nbl-inactive")
    expect(hint).to_be_visible()
    expect(hint).to_have_text("click to label — keys inactive")
    shot(page, "inactive")
    page.keyboard.press("2")  # goes to the cell editor, not to the labeler
    expect(current_item(page, "t00", 0)).to_be_visible()
    assert not widget_focused(page)

    click_on(page, f"{ROOT} .nbl-statusbar")  # anywhere on the widget: here the status line
    expect(hint).to_be_hidden()
    assert widget_focused(page)
    page.keyboard.press("2")
    expect(current_item(page, "t01", 1)).to_be_visible()
    wait_saved(page)
    with wait_store(store_path, lambda s: "t00" in s.current()) as store:
        assert store.current() == {"t00": "neg"}  # the first "2" went to the editor


def test_seconds_count_from_focus_not_from_render(page, notebook, store_path: Path) -> None:
    notebook(text_cells(store_path))
    expect(current_item(page, "t00", 0)).to_be_visible()
    click_elsewhere(page)
    page.wait_for_timeout(10_000)  # the condition under test: rendered, unfocused, 10 s
    click_on(page, f"{ROOT} .nbl-item")
    expect(page.locator(f"{ROOT}[data-focused='true']")).to_be_attached()
    page.wait_for_timeout(1_000)  # the condition under test: 1 s on the item, focused
    page.keyboard.press("1")
    expect(current_item(page, "t01", 1)).to_be_visible()
    wait_saved(page)
    with wait_store(store_path, lambda s: "t00" in s.current()) as store:
        seconds = store.labels().loc["t00", "seconds"]
    assert 0.9 <= seconds < 3, seconds


def test_empty_multi_label_enter_stores_nothing_and_says_why(
    page, notebook, store_path: Path
) -> None:
    notebook(text_cells(store_path, multi=True, labels=("a", "b", "c")))
    expect(current_item(page, "t00", 0)).to_be_visible()
    harness.focus_widget(page)
    page.keyboard.press("Enter")
    notice = page.locator(f"{ROOT} .nbl-notice[data-visible='true']")
    expect(notice).to_have_text("choose at least one label, then press Enter")
    shot(page, "notice")
    expect(current_item(page, "t00", 0)).to_be_visible()
    expect(page.locator(f"{ROOT} .nbl-status")).to_have_attribute("data-pending", "0")
    page.keyboard.press("2")
    page.keyboard.press("Enter")
    expect(current_item(page, "t01", 1)).to_be_visible()
    wait_saved(page)
    with wait_store(store_path, lambda s: "t00" in s.current()) as store:
        assert len(store.history()) == 1  # the empty Enter left no event
        assert store.current() == {"t00": ["b"]}


def test_skip_is_recorded_and_found_again(page, notebook, store_path: Path) -> None:
    notebook(text_cells(store_path))
    expect(current_item(page, "t00", 0)).to_be_visible()
    harness.focus_widget(page)
    page.keyboard.press("s")
    expect(current_item(page, "t01", 1)).to_be_visible()
    label_by_keys(page, "1", TEXT_IDS, 1)
    page.keyboard.press("s")
    expect(current_item(page, "t03", 3)).to_be_visible()
    expect(page.locator(f"{ROOT} .nbl-skipped")).to_have_text("2 skipped")
    wait_saved(page)
    with wait_store(store_path, lambda s: len(s.history()) >= 3) as store:
        assert store.current() == {"t01": "pos"}  # skips are no labels
        assert store.skipped() == ["t00", "t02"]
        assert list(store.history()["meta"]) == [{"skip": True}, None, {"skip": True}]

    page.keyboard.press("n")  # next skipped after t03: wraps round to t00
    expect(current_item(page, "t00", 0)).to_be_visible()
    page.keyboard.press("n")
    expect(current_item(page, "t02", 2)).to_be_visible()

    page.keyboard.press("f")
    expect(page.locator(f"{ROOT} .nbl-menu")).to_be_visible()
    shot(page, "filter-menu")
    page.keyboard.press("s")  # only the skipped items
    expect(current_item(page, "t02", 1)).to_be_visible()  # still on t02, now at position 2 of 2
    expect(page.locator(f"{ROOT} .nbl-filter")).to_have_text("filter: skipped")
    expect(page.locator(f"{ROOT} .nbl-position")).to_contain_text("position 2 of 2")
    shot(page, "filtered")
    page.keyboard.press("ArrowLeft")
    expect(current_item(page, "t00", 0)).to_be_visible()
    page.keyboard.press("1")
    expect(page.locator(f"{ROOT} .nbl-skipped")).to_have_text("1 skipped")
    wait_saved(page)
    with wait_store(store_path, lambda s: "t00" in s.current()) as store:
        assert store.current() == {"t00": "pos", "t01": "pos"}
        assert store.skipped() == ["t02"]


def test_jump_by_id_and_by_position(page, notebook, store_path: Path) -> None:
    notebook(text_cells(store_path))
    expect(current_item(page, "t00", 0)).to_be_visible()
    harness.focus_widget(page)
    page.keyboard.press("g")
    prompt = page.locator(f"{ROOT} .nbl-prompt-input")
    expect(prompt).to_be_focused()
    page.keyboard.type("t17")
    shot(page, "goto")
    page.keyboard.press("Enter")
    expect(current_item(page, "t17", 17)).to_be_visible()
    assert widget_focused(page)
    page.keyboard.press("g")
    page.keyboard.type("#5")
    page.keyboard.press("Enter")
    expect(current_item(page, "t04", 4)).to_be_visible()
    page.keyboard.press("g")
    page.keyboard.type("nope")
    page.keyboard.press("Enter")
    expect(page.locator(f"{ROOT} .nbl-notice")).to_have_text("no item with id 'nope'")
    with wait_store(store_path, lambda s: True) as store:
        assert len(store.history()) == 0  # jumping stores nothing


def test_help_overlay_lists_every_key_and_what_it_saves(page, notebook, store_path: Path) -> None:
    notebook(text_cells(store_path))
    expect(current_item(page, "t00", 0)).to_be_visible()
    harness.focus_widget(page)
    page.keyboard.press("?")
    help_ = page.locator(f"{ROOT} .nbl-help")
    expect(help_).to_be_visible()
    for text in ("label pos", "skip", "a skip event", "go to item", "filter the queue"):
        expect(help_).to_contain_text(text)
    shot(page, "help")
    page.keyboard.press("Escape")
    expect(help_).to_be_hidden()


ACTIVE_CELLS = [
    "import numpy as np\nimport nblabel\nfrom sklearn.linear_model import LogisticRegression\n"
    "from nblabel.datasets import load_digits_frame\n"
    "digits = load_digits_frame().iloc[:300]\n"
    "X = np.stack(digits['image'].to_numpy()).reshape(len(digits), -1) / 255.0",
]


def test_model_status_follows_every_label(page, notebook, store_path: Path) -> None:
    notebook(
        [
            *ACTIVE_CELLS,
            f"store = nblabel.LabelStore({str(store_path)!r})\n"
            "labeler = nblabel.Labeler(digits, 'image', labels=[str(d) for d in range(10)],\n"
            "                          keys=[str(d) for d in range(10)], store=store)\n"
            "loop = nblabel.ActiveLearning(labeler, LogisticRegression(max_iter=300), X,"
            " start=20)\nlabeler",
        ]
    )
    model = page.locator(f"{ROOT} .nbl-model")
    expect(model).to_have_text("no model yet: 0/20 labels · diverse picks first")
    harness.focus_widget(page)
    item = page.locator(f"{ROOT} .nbl-item[data-item-id]")
    for i, key in enumerate("0123456"):
        before = item.get_attribute("data-item-id")
        page.keyboard.press(key)
        expect(item).not_to_have_attribute("data-item-id", before)
        expect(model).to_have_text(f"no model yet: {i + 1}/20 labels")
    shot(page, "model-status")


def test_buttons_legend_and_status_keep_their_place(page, notebook, store_path: Path) -> None:
    suggest = (
        "labeler.suggest_with(lambda i: {'label': 'neg', 'confidence': 0.83,"
        " 'runner_up': {'label': 'pos', 'confidence': 0.12}} if i in ('t01', 't03') else None)"
    )
    cells = text_cells(store_path)
    notebook([*cells[:-1], f"labeler = {cells[-1]}\n{suggest}\nlabeler"])
    expect(current_item(page, "t00", 0)).to_be_visible()
    harness.focus_widget(page)
    parts = f"{ROOT} button.nbl-label-btn, {ROOT} .nbl-legend, {ROOT} .nbl-statusbar"

    def boxes() -> list[dict[str, float]]:
        return [b.bounding_box() for b in page.locator(parts).all()]

    without = boxes()
    accept = page.locator(f"{ROOT} .nbl-legend-row[data-action='accept']")
    expect(accept).to_be_hidden()  # no suggestion on screen: no `a`
    page.keyboard.press("ArrowRight")
    expect(current_item(page, "t01", 1)).to_be_visible()
    suggestion = page.locator(f"{ROOT} .nbl-suggestion")
    expect(suggestion).to_contain_text("model suggests neg (83%)")
    expect(suggestion).to_contain_text("then pos (12%)")
    expect(accept).to_be_visible()
    shot(page, "suggestion")
    assert boxes() == without
    page.keyboard.press("x")  # a notice comes...
    expect(page.locator(f"{ROOT} .nbl-notice[data-visible='true']")).to_contain_text("? lists")
    assert boxes() == without
    page.keyboard.press("ArrowRight")  # ...and the suggestion goes
    expect(current_item(page, "t02", 2)).to_be_visible()
    expect(accept).to_be_hidden()
    assert boxes() == without


def test_server_log_has_no_node_stack_traces(page, notebook, store_path: Path, jupyter_server):
    notebook(text_cells(store_path))
    expect(current_item(page, "t00", 0)).to_be_visible()
    log = jupyter_server.log_path.read_text(errors="replace")
    traces = re.findall(
        r"Dynamic require of|require is not defined in ES module scope|"
        r"Could not determine jupyterlab build status|^Node\.js v\d",
        log,
        flags=re.M,
    )
    assert not traces, f"Node stack traces in the server log: {traces}"
