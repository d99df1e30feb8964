"""nblabel.ReviewLabeler end to end: the side-by-side display, the review keys, and the changes
report read from the SQLite file after the session.

Auto-waiting Playwright assertions and deadline polls of the store; no fixed sleeps.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import harness
import pytest
from playwright.sync_api import expect
from test_classify import current_item, wait_saved, wait_store

import nblabel

pytestmark = pytest.mark.e2e

SESSION = "e2e-review"
#: Suspects in rank order: (id, given, suggested, confidence).
SUSPECTS = [
    ("t03", "pos", "neg", 0.93),
    ("t07", "neg", "pos", 0.88),
    ("t01", "pos", "neg", 0.81),
    ("t05", "neg", "pos", 0.74),
    ("t09", "pos", "neg", 0.66),
]


def review_cells(store_path: Path) -> list[str]:
    """Twelve texts with a label column, five suspects, and a review over them."""
    ids = [s[0] for s in SUSPECTS]
    return [
        "import pandas as pd\nimport nblabel",
        "ids = [f't{i:02d}' for i in range(12)]\n"
        "df = pd.DataFrame({'text': [f'review text {i}' for i in range(12)],\n"
        "                   'label': ['pos', 'neg'] * 6}, index=ids)",
        f"suspects = pd.DataFrame({{'given': {[s[1] for s in SUSPECTS]!r},\n"
        f"    'suggested': {[s[2] for s in SUSPECTS]!r},\n"
        f"    'confidence': {[s[3] for s in SUSPECTS]!r}, 'rank': range(1, 6)}}, index={ids!r})",
        f"store = nblabel.LabelStore({str(store_path)!r})",
        "reviewer = nblabel.ReviewLabeler(df, 'text', suspects=suspects, store=store,\n"
        f"    labels=['pos', 'neg', 'neutral'], session={SESSION!r})\nreviewer",
    ]


def side(page: Any, which: str, part: str) -> Any:
    return page.locator(f".nblabel .nbl-review-{which} .nbl-review-{part}")


def test_current_label_and_suggestion_side_by_side(page, notebook, store_path: Path) -> None:
    with nblabel.LabelStore(store_path) as store:
        store.write("t03", "neutral")  # relabeled after the suspects were scored as "pos"
    notebook(review_cells(store_path))
    expect(current_item(page, "t03", 0)).to_be_visible()
    expect(side(page, "current", "label")).to_have_text("neutral")  # the store's, not stale
    expect(side(page, "current", "note")).to_have_text("was pos when scored")
    expect(side(page, "suggested", "label")).to_have_text("neg")
    expect(page.locator(".nblabel .nbl-progress")).to_contain_text("decided")
    expect(side(page, "suggested", "note")).to_have_text("93%")
    expect(page.locator(".nblabel .nbl-review-current .nbl-kbd")).to_have_text("k")
    expect(page.locator(".nblabel .nbl-review-suggested .nbl-kbd")).to_have_text("Enter")
    current = page.locator(".nblabel .nbl-review-current").bounding_box()
    suggested = page.locator(".nblabel .nbl-review-suggested").bounding_box()
    assert current and suggested and abs(current["y"] - suggested["y"]) < 2  # one row
    assert current["x"] + current["width"] <= suggested["x"]


def test_review_keys_store_decisions_and_the_report_reads_back(
    page, notebook, store_path: Path
) -> None:
    with nblabel.LabelStore(store_path) as store:
        store.write("t07", "pos")  # already changed to the suggestion before the review
    notebook(review_cells(store_path))
    expect(page.locator('.nblabel .nbl-progress[data-total="5"]')).to_be_attached()
    harness.focus_widget(page)
    for pos, key in enumerate(["k", "Enter", "3", "Enter"]):  # keep, take, other, take
        expect(current_item(page, SUSPECTS[pos][0], pos)).to_be_visible()
        page.keyboard.press(key)
        expect(current_item(page, SUSPECTS[pos + 1][0], pos + 1)).to_be_visible()
    wait_saved(page)
    expect(page.locator('.nblabel .nbl-progress[data-done="4"]')).to_be_attached()

    store = wait_store(store_path, lambda s: len(s.history()) >= 6)
    with store:
        changes = nblabel.review_changes(store, None, SESSION)
        history = store.history()
    assert changes[["before", "after", "decision", "changed"]].to_dict("index") == {
        "t03": {"before": "pos", "after": "pos", "decision": "keep", "changed": False},
        "t07": {"before": "pos", "after": "pos", "decision": "keep", "changed": False},
        "t01": {"before": "pos", "after": "neutral", "decision": "other", "changed": True},
        "t05": {"before": "neg", "after": "pos", "decision": "suggestion", "changed": True},
    }
    assert len(history) == 5  # the t07 label from before plus four decisions: none overwritten
    # Take on t07 kept what the store held ("pos"): the report says keep, with that as before.
    assert set(changes["annotator"]) == {store.annotator}

    harness.restart_and_run_all(page)  # a second look opens on the first undecided item
    expect(current_item(page, "t09", 4)).to_be_visible()


def test_decisions_and_an_undone_session_from_python_show_at_once(
    page, notebook, store_path: Path
) -> None:
    notebook(review_cells(store_path))
    harness.focus_widget(page)
    expect(current_item(page, "t03", 0)).to_be_visible()
    page.keyboard.press("3")  # t03: pos -> neutral, by key
    expect(current_item(page, "t07", 1)).to_be_visible()
    wait_saved(page)
    harness.run_code(page, "reviewer.decide('t07', 'pos')")  # on screen: repaints
    expect(side(page, "current", "label")).to_have_text("pos")
    expect(page.locator('.nblabel .nbl-progress[data-done="2"]')).to_be_attached()
    page.keyboard.press("ArrowLeft")
    expect(current_item(page, "t03", 0)).to_be_visible()
    expect(side(page, "current", "label")).to_have_text("neutral")
    harness.run_code(page, "reviewer.undo_session()")
    expect(side(page, "current", "label")).to_have_text("pos")  # restored, no rerun
    expect(page.locator('.nblabel .nbl-progress[data-done="0"]')).to_be_attached()
    page.keyboard.press("ArrowRight")
    expect(current_item(page, "t07", 1)).to_be_visible()
    expect(side(page, "current", "label")).to_have_text("neg")


def test_relabel_notebook_reviews_digit_images_by_key(page, jupyter_server) -> None:
    """Notebook 04 in JupyterLab with the headless stand-in off: the user reviews by key."""
    source = Path(__file__).resolve().parents[2] / "notebooks" / "04_relabel_errors.ipynb"
    text = source.read_text(encoding="utf-8").replace(
        "HEADLESS_STAND_IN = True", "HEADLESS_STAND_IN = False"
    )
    assert "HEADLESS_STAND_IN = False" in text
    (jupyter_server.root_dir / source.name).write_text(text, encoding="utf-8")
    harness.open_notebook(page, jupyter_server.base_url, source.name)
    harness.run_all_cells(page)
    item = page.locator(".nblabel .nbl-item[data-pos='0']")
    expect(item.locator("img.nbl-image")).to_be_visible()
    expect(side(page, "suggested", "note")).to_have_text(re.compile(r"^\d+%$"))
    first = item.get_attribute("data-item-id")
    harness.focus_widget(page)
    for pos in range(3):
        expect(page.locator(f".nblabel .nbl-item[data-pos='{pos}']")).to_be_visible()
        page.keyboard.press("Enter")
    expect(page.locator(".nblabel .nbl-item[data-pos='3']")).to_be_visible()
    wait_saved(page)
    db = jupyter_server.root_dir / "relabel_errors.db"
    store = wait_store(db, lambda s: len(s.history(task="digits")) >= 1347 + 3)
    with store:
        changes = nblabel.review_changes(store, "digits", "demo")
    assert len(changes) == 3 and str(changes.index[0]) == first
    assert set(changes["decision"]) <= {"suggestion", "keep"}
