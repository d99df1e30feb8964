"""nblabel.SpanLabeler end to end: drags and keys in JupyterLab, spans read back from SQLite.

Each test writes a fixture notebook, drives the widget through its DOM hooks
(``.nbl-spans-doc``, ``.nbl-span[data-tag]``, ``.nbl-spans-hint``), presses Enter, then checks
from Python that every stored span's offsets cut the stored text out of the original string.
Waits are Playwright's auto-waiting assertions and deadline polls of the store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import harness
import pytest
from playwright.sync_api import expect
from test_classify import current_item, wait_saved, wait_store

pytestmark = pytest.mark.e2e

LABELS = ["food", "service", "price"]

# Client rect of a substring of the text on screen (its first and last characters).
RECT_JS = """
([needle, nth]) => {
  const docEl = document.querySelector('.nblabel .nbl-spans-doc');
  const walker = document.createTreeWalker(docEl, NodeFilter.SHOW_TEXT);
  const nodes = []; let text = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push([n, text.length]);
    text += n.data;
  }
  let at = -1;
  for (let k = 0; k <= nth; k++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`${needle} not in ${text}`);
  const where = (u, left) => {
    for (const [n, s] of nodes) {
      const e = s + n.data.length;
      if (left ? u > s && u <= e : u >= s && u < e) return [n, u - s];
    }
    throw new Error('offset ' + u);
  };
  const rectOf = (a, b) => {
    const r = document.createRange();
    const [sn, so] = where(a, false); const [en, eo] = where(b, true);
    r.setStart(sn, so); r.setEnd(en, eo);
    const box = r.getBoundingClientRect();
    return { x: box.x, y: box.y, w: box.width, h: box.height };
  };
  const cp = (u) => Array.from(text.slice(0, u)).length;
  return { first: rectOf(at, at + 1), last: rectOf(at + needle.length - 1, at + needle.length),
           start: cp(at), end: cp(at + needle.length) };
}
"""


def cells(store_path: Path, texts: list[str], **options: str) -> list[str]:
    """A notebook showing a SpanLabeler over ``texts`` (ids d0, d1...)."""
    extra = "".join(f", {k}={v}" for k, v in options.items())
    return [
        "import re\nimport pandas as pd\nimport nblabel",
        f"texts = {texts!r}\n"
        "df = pd.DataFrame({'text': texts}, index=[f'd{i}' for i in range(len(texts))])",
        f"store = nblabel.LabelStore({str(store_path)!r})\n"
        f"w = nblabel.SpanLabeler(df, 'text', labels={LABELS!r}, store=store{extra})\nw",
    ]


def drag(page: Any, needle: str, *, nth: int = 0, inset: float = 0.3) -> None:
    """Drag the mouse from inside the first character of ``needle`` to inside its last one."""
    box = page.evaluate(RECT_JS, [needle, nth])
    first, last = box["first"], box["last"]
    page.mouse.move(first["x"] + first["w"] * inset, first["y"] + first["h"] / 2)
    page.mouse.down()
    page.mouse.move(last["x"] + last["w"] * (1 - inset), last["y"] + last["h"] / 2, steps=4)
    page.mouse.up()


def tags(page: Any) -> list[str]:
    """Labels of the spans on screen, in order (each span's last piece carries its tag)."""
    return page.locator(".nblabel .nbl-span[data-tag]").evaluate_all(
        "(els) => els.map((e) => e.dataset.tag)"
    )


def stored(path: Path, item_id: str, texts: dict[str, str]) -> dict[str, Any]:
    """The item's stored value, after checking every span against the original text."""
    with wait_store(path, lambda s: item_id in s.current()) as store:
        value = store.current()[item_id]
    for span in value["spans"]:
        assert texts[item_id][span["start"] : span["end"]] == span["text"], span
    return value


def spans_of(value: dict[str, Any]) -> list[tuple[str, str]]:
    return [(s["text"], s["label"]) for s in value["spans"]]


# ----------------------------------------------------------------------------------- tests


def test_mouse_select_tag_retag_delete(page, notebook, store_path: Path) -> None:
    texts = ["The pizza was cold but the waiter was friendly.", "Second text."]
    notebook(cells(store_path, texts))
    expect(current_item(page, "d0", 0)).to_be_visible()
    harness.focus_widget(page)
    drag(page, "izz")  # inside a word: snaps out to "pizza"
    expect(page.locator(".nblabel .nbl-spans-hint")).to_have_text('selected "pizza"')
    page.keyboard.press("1")
    expect(page.locator('.nblabel .nbl-span[data-tag="food"]')).to_have_text("pizza")
    page.keyboard.press("2")  # retag the selected span
    expect(page.locator('.nblabel .nbl-span[data-tag="service"]')).to_have_text("pizza")
    page.keyboard.press("Delete")
    expect(page.locator(".nblabel .nbl-span")).to_have_count(0)
    drag(page, "the waiter", inset=0.6)
    page.keyboard.press("2")
    page.locator('.nblabel .nbl-span[data-tag="service"]').click()  # a click selects a span
    expect(page.locator(".nblabel .nbl-span.nbl-span-sel")).to_have_count(1)
    page.keyboard.press("Enter")
    expect(current_item(page, "d1", 1)).to_be_visible()
    wait_saved(page)
    value = stored(store_path, "d0", {"d0": texts[0]})
    assert spans_of(value) == [("the waiter", "service")]
    assert value["spans"][0]["source"] == "human"


def test_keyboard_only_selection_and_refused_overlap(page, notebook, store_path: Path) -> None:
    texts = ["Cheap wine, slow service and great pasta", "next"]
    notebook(cells(store_path, texts))
    expect(current_item(page, "d0", 0)).to_be_visible()
    harness.focus_widget(page)
    for _ in range(4):  # a held arrow repeats: Cheap wine , slow
        page.keyboard.down("ArrowRight")
    page.keyboard.up("ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    expect(page.locator(".nblabel .nbl-spans-hint")).to_have_text('selected "slow service"')
    page.keyboard.press("2")
    for key in ["Escape", "ArrowRight", "ArrowRight", "Shift+ArrowRight", "Shift+ArrowRight"]:
        page.keyboard.press(key)  # wine , slow: overlaps "slow service"
    page.keyboard.press("3")
    expect(page.locator('.nblabel .nbl-spans-hint[data-refused="true"]')).to_contain_text(
        'overlaps service "slow service"'
    )
    for key in ["Escape", "ArrowRight", "Shift+ArrowRight", "1"]:
        page.keyboard.press(key)  # Cheap wine
    page.keyboard.press("Enter")
    wait_saved(page)
    value = stored(store_path, "d0", {"d0": texts[0]})
    assert spans_of(value) == [("Cheap wine", "food"), ("slow service", "service")]


def test_undo_takes_back_edits_of_this_text_before_the_last_saved_text(
    page, notebook, store_path: Path
) -> None:
    texts = ["The pizza was cold but the waiter was friendly.", "Second text."]
    notebook(cells(store_path, texts))
    expect(current_item(page, "d0", 0)).to_be_visible()
    harness.focus_widget(page)
    drag(page, "pizza")
    page.keyboard.press("1")
    drag(page, "waiter")
    page.keyboard.press("2")
    page.keyboard.press("Delete")  # waiter untagged again
    expect(page.locator(".nblabel .nbl-span")).to_have_count(1)
    page.keyboard.press("u")  # the removal, taken back
    expect(page.locator('.nblabel .nbl-span[data-tag="service"]')).to_have_text("waiter")
    page.keyboard.press("Control+z")  # the waiter tag
    expect(page.locator(".nblabel .nbl-span")).to_have_count(1)
    expect(page.locator(".nblabel .nbl-notice")).to_contain_text("undid the last edit")
    page.keyboard.press("Enter")
    expect(current_item(page, "d1", 1)).to_be_visible()
    wait_saved(page)
    assert spans_of(stored(store_path, "d0", {"d0": texts[0]})) == [("pizza", "food")]
    page.keyboard.press("u")  # no edit of d1 yet: the saved d0 is undone, and shown again
    expect(current_item(page, "d0", 0)).to_be_visible()
    with wait_store(store_path, lambda s: "d0" not in s.current()):
        pass


def test_accept_a_pre_annotation_and_a_document_label(page, notebook, store_path: Path) -> None:
    texts = ["The pizza and the pasta were too expensive", "next"]
    pre = (
        "lambda t: [(m.start(), m.end(), 'food', 0.8) for m in re.finditer('pizza|pasta', t)]"
        " + [(m.start(), m.end(), 'price') for m in re.finditer('expensive', t)]"
    )
    notebook(cells(store_path, texts, preannotate=pre, doc_labels="['positive', 'negative']"))
    expect(page.locator(".nblabel .nbl-span.nbl-pre")).to_have_count(3)
    harness.focus_widget(page)
    page.keyboard.press("a")  # selects the first pre-annotation
    page.keyboard.press("a")  # accepts it, selects the next
    page.keyboard.press("x")  # rejects "pasta"
    expect(page.locator(".nblabel .nbl-span.nbl-pre")).to_have_count(1)
    page.keyboard.press("5")  # a whole-document label, beside the spans
    expect(page.locator('.nblabel button[data-label="negative"]')).to_have_attribute(
        "aria-pressed", "true"
    )
    page.keyboard.press("Enter")
    wait_saved(page)
    value = stored(store_path, "d0", {"d0": texts[0]})
    assert value["labels"] == ["negative"]
    assert value["spans"] == [
        {
            "start": 4,
            "end": 9,
            "label": "food",
            "text": "pizza",
            "source": "model",
            "score": 0.8,
            "accepted": True,
        },
        {
            "start": 33,
            "end": 42,
            "label": "price",
            "text": "expensive",
            "source": "model",
            "accepted": False,
        },
    ]


def test_nested_spans_stay_visible(page, notebook, store_path: Path) -> None:
    texts = ["I ate at New York City Hall cafe", "next"]
    notebook(cells(store_path, texts, overlap="True"))
    expect(current_item(page, "d0", 0)).to_be_visible()
    harness.focus_widget(page)
    drag(page, "New York City Hall")
    page.keyboard.press("2")
    page.keyboard.press("ArrowRight")  # into the span: "New"
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("1")
    assert sorted(tags(page)) == ["food", "service"]
    # Both underlines show: the inner span is drawn one level deeper than the outer one.
    levels = page.locator(".nblabel .nbl-span").evaluate_all(
        "(els) => els.map((e) => [e.dataset.tag || '', e.className.match(/nbl-lv([0-9])/)[1],"
        " e.getBoundingClientRect().height > 0])"
    )
    assert {lv for _, lv, _ in levels} == {"0", "1"} and all(v for _, _, v in levels)
    page.keyboard.press("Enter")
    wait_saved(page)
    value = stored(store_path, "d0", {"d0": texts[0]})
    assert spans_of(value) == [("New York City", "food"), ("New York City Hall", "service")]


def test_emoji_cjk_combining_and_rtl_offsets(page, notebook, store_path: Path) -> None:
    texts = ["😀👍🏽 pizza 🍕 in 東京 with cafe\u0301 and שלום spicy! 👨‍👩‍👧 price", "next"]
    notebook(cells(store_path, texts))
    expect(current_item(page, "d0", 0)).to_be_visible()
    harness.focus_widget(page)
    drag(page, "pizza")
    page.keyboard.press("1")
    drag(page, "東京")
    page.keyboard.press("2")
    drag(page, "cafe\u0301")
    page.keyboard.press("1")
    drag(page, "שלום")
    page.keyboard.press("2")
    page.keyboard.press("Escape")
    page.keyboard.press("ArrowLeft")  # from the end: "price", then the family emoji
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("3")
    page.keyboard.press("Enter")
    wait_saved(page)
    value = stored(store_path, "d0", {"d0": texts[0]})
    assert spans_of(value) == [
        ("pizza", "food"),
        ("東京", "service"),
        ("cafe\u0301", "food"),
        ("שלום", "service"),
        ("👨‍👩‍👧 price", "price"),
    ]
    assert value["spans"][0]["start"] == 4  # three code points of emoji and a space before it
