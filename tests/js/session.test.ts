import type { AnyModel } from "@anywidget/types";
import { beforeEach, describe, expect, it } from "vitest";
import { Controller, FIRST_WINDOW } from "../../js/controller";
import type { Model } from "../../js/model";
import * as classify from "../../js/tasks/classify";
import { ItemClock } from "../../js/ui/clock";
import { mayTakeFocus } from "../../js/ui/focus";
import { helpRows } from "../../js/ui/help";
import { clockText, Pace, roughText } from "../../js/ui/pace";
import { FakeModel, keymap } from "./fake-model";

const ACCEPT = { key: "a", action: "accept", help: "accept suggestion", saves: "the suggested label" };

function texts(from: number, to: number, extra: Record<number, Record<string, unknown>> = {}) {
  return Array.from({ length: to - from }, (_, i) => ({
    pos: from + i,
    id: `t${from + i}`,
    type: "text",
    text: `text ${from + i}`,
    label: null,
    ...(extra[from + i] ?? {}),
  }));
}

function setup(
  traits: Record<string, unknown> = {},
  total = 12,
  extra: Record<number, Record<string, unknown>> = {},
) {
  const model = new FakeModel({ total, ...traits });
  const root = document.createElement("div");
  root.tabIndex = 0;
  document.body.replaceChildren(root);
  const controller = new Controller(model as unknown as AnyModel<Model>, root, classify);
  model.reply({
    kind: "state",
    version: 0,
    total,
    start: 0,
    items: texts(0, Math.min(total, FIRST_WINDOW), extra),
  });
  const $ = (selector: string) => root.querySelector<HTMLElement>(selector);
  const press = (key: string, target: EventTarget = root) =>
    target.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
  const itemId = () => $(".nbl-item")?.dataset.itemId;
  return { model, root, controller, $, press, itemId };
}

describe("skips", () => {
  beforeEach(() => document.body.replaceChildren());

  it("records a skip event for the item, moves on, and leaves it out of undo", () => {
    const { model, press, itemId, $ } = setup();
    press("s");
    expect(itemId()).toBe("t1");
    const skip = model.last("skip");
    expect(skip).toMatchObject({ kind: "skip", pos: 0, id: "t0" });
    expect(typeof skip?.seconds).toBe("number");
    expect($(".nbl-status")?.dataset.pending).toBe("1");
    model.reply({ kind: "ack", seq: skip?.seq, pos: 0, id: "t0", value: null });
    expect($(".nbl-status")?.dataset.pending).toBe("0");
    press("u"); // nothing of this view to undo: the kernel is asked, not the skip undone
    expect(model.last("undo")).toEqual({ kind: "undo", seq: model.last("undo")?.seq });
  });

  it("counts skipped items and jumps to the next one the kernel finds", () => {
    const { model, press, itemId, $ } = setup();
    press("n");
    expect(model.last("find")).toBeUndefined();
    expect($(".nbl-notice")?.textContent).toBe("no skipped items");
    model.set("skipped", 2);
    expect($(".nbl-skipped")?.textContent).toBe("2 skipped");
    press("n");
    expect(model.last("find")).toEqual({ kind: "find", at: 0, skipped: true });
    model.reply({ kind: "found", pos: 5, id: "t5" });
    expect(itemId()).toBe("t5");
  });
});

describe("jump and filter", () => {
  beforeEach(() => document.body.replaceChildren());

  it("g opens a prompt whose keys are text, not labels, and Enter asks the kernel", () => {
    const { model, press, $, root } = setup();
    press("g");
    const input = $(".nbl-prompt-input") as HTMLInputElement;
    expect(input).not.toBeNull();
    expect(document.activeElement).toBe(input);
    press("1", input); // typed into the prompt: no label
    expect(model.last("label")).toBeUndefined();
    input.value = "t7";
    $(".nbl-prompt-form")?.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(model.last("find")).toEqual({ kind: "find", at: 0, query: "t7" });
    expect($(".nbl-prompt")?.hidden).toBe(true);
    expect(document.activeElement).toBe(root); // keys come back to the widget
  });

  it("f offers filters by key; the kernel's view replaces the queue and keeps the item", () => {
    const { model, press, $, itemId } = setup({}, 12);
    press("1");
    press("f");
    const menu = $(".nbl-menu") as HTMLElement;
    expect([...menu.querySelectorAll("button")].map((b) => b.dataset.key)).toEqual(["a", "u", "s", "1", "2"]);
    press("s", menu);
    expect(model.last("filter")).toEqual({ kind: "filter", name: "skipped", at: 1, id: "t1" });
    model.set("view_filter", "skipped");
    model.reply({
      kind: "view",
      version: 1,
      total: 2,
      start: 1,
      items: texts(3, 5).map((h, i) => ({ ...h, pos: i })),
    });
    expect(itemId()).toBe("t4");
    expect($(".nbl-filter")?.textContent).toBe("filter: skipped");
    expect($(".nbl-position")?.textContent).toContain("position 2 of 2");
    press("u"); // positions changed meaning: the kernel picks what to undo
    expect(model.last("undo")).toEqual({ kind: "undo", seq: model.last("undo")?.seq });
    press("ArrowRight");
    expect($(".nbl-done")?.textContent).toContain("filter: skipped");
  });

  it("offers the disagreement filter only with a model", () => {
    const { press, $ } = setup({ keymap: keymap(["1", "2"], [ACCEPT]) });
    press("f");
    expect($(".nbl-menu")?.textContent).toContain("disagrees");
  });
});

describe("honest feedback", () => {
  beforeEach(() => document.body.replaceChildren());

  it("says why a key did nothing: unbound key, nothing to undo, first item", () => {
    const { model, press, $ } = setup();
    press("x");
    expect($(".nbl-notice")?.textContent).toBe("x is not a key here · ? lists them");
    press("ArrowLeft");
    expect($(".nbl-notice")?.textContent).toBe("this is the first item");
    press("u");
    const seq = model.last("undo")?.seq;
    model.reply({ kind: "error", seq, message: "nothing to undo: none of your labels here is left to undo" });
    expect($(".nbl-notice")?.textContent).toContain("nothing to undo");
    expect($(".nbl-error")?.hidden).toBe(true); // a notice, not an error
    expect($(".nbl-status")?.dataset.pending).toBe("0");
  });

  it("? lists every key and what it saves; the next key closes it and still acts", () => {
    const { model, press, $, itemId } = setup({ keymap: keymap(["1", "2"], [ACCEPT]) });
    press("?");
    const help = $(".nbl-help") as HTMLElement;
    expect(help.hidden).toBe(false);
    const rows = [...help.querySelectorAll(".nbl-help-row")].map((r) => r.textContent);
    expect(rows.length).toBe((model.get("keymap") as unknown[]).length - 1); // u and Ctrl+Z share a row
    expect(rows.some((r) => r?.includes("accept suggestion") && r.includes("the suggested label"))).toBe(
      true,
    );
    expect(rows.some((r) => r?.includes("go to item") && r.includes("nothing"))).toBe(true);
    press("1");
    expect(help.hidden).toBe(true);
    expect(itemId()).toBe("t1");
  });

  it("shows a with its legend entry only while a suggestion is on screen", () => {
    const suggestion = { label: "l1", confidence: 0.83, runner_up: { label: "l0", confidence: 0.1 } };
    const { press, $, model } = setup({ keymap: keymap(["1", "2"], [ACCEPT]) }, 12, { 1: { suggestion } });
    const row = () => $('.nbl-legend-row[data-action="accept"]') as HTMLElement;
    expect(row().hidden).toBe(true);
    press("a");
    expect($(".nbl-notice")?.textContent).toBe("no suggestion for this item yet");
    expect(model.last("label")).toBeUndefined();
    press("ArrowRight");
    expect(row().hidden).toBe(false);
    expect($(".nbl-suggestion-text")?.textContent).toContain("l1 (83%)");
    expect(($(".nbl-confidence") as HTMLMeterElement).value).toBeCloseTo(0.83);
    expect($(".nbl-runner-up")?.textContent).toBe("then l0 (10%)");
    press("a");
    expect(model.last("label")).toMatchObject({ id: "t1", value: "l1", suggested: true });
  });

  it("hides suggestions below the user's threshold, and a with them", () => {
    const suggestion = { label: "l1", confidence: 0.55 };
    const { press, $, model } = setup({ keymap: keymap(["1", "2"], [ACCEPT]), suggest_above: 0.6 }, 12, {
      0: { suggestion },
    });
    expect($(".nbl-suggestion")?.dataset.empty).toBe("true");
    expect(($('.nbl-legend-row[data-action="accept"]') as HTMLElement).hidden).toBe(true);
    press("a");
    expect(model.last("label")).toBeUndefined();
    expect($(".nbl-notice")?.textContent).toBe("the model is not sure enough to suggest here");
  });

  it("keeps the model line in place when it is empty", () => {
    const { model, $ } = setup();
    expect($(".nbl-model")?.dataset.empty).toBe("true");
    model.set("model_status", "no model yet: 7/20 labels");
    expect($(".nbl-model")?.textContent).toBe("no model yet: 7/20 labels");
    expect($(".nbl-model")?.hidden).toBe(false);
  });

  it("says what the end of the queue means", () => {
    const { model, press, $ } = setup({ done: 1, skipped: 1 }, 2);
    press("ArrowRight");
    press("ArrowRight");
    expect($(".nbl-done")?.textContent).toBe(
      "End of the queue: 1 still unlabeled, 1 skipped (n finds them). ← goes back.",
    );
    model.set("done", 2);
    press("ArrowLeft");
    press("ArrowRight");
    expect($(".nbl-done")?.textContent).toBe("All items are labeled. ← goes back.");
  });

  it("speaks the task's word for done items (a review decides)", () => {
    const { $, press } = setup({ done: 1, _done_word: "decided" }, 2);
    expect($(".nbl-progress")?.textContent).toBe("1 / 2 decided");
    press("ArrowRight");
    press("ArrowRight");
    expect($(".nbl-done")?.textContent).toContain("1 still undecided");
  });
});

describe("focus", () => {
  beforeEach(() => document.body.replaceChildren());

  it("takes the focus on render when nothing else has it", () => {
    const { root } = setup();
    expect(document.activeElement).toBe(root);
    expect(root.dataset.focused).toBe("true");
  });

  it("leaves the focus with an editor or another labeler", () => {
    const root = document.createElement("div");
    const input = document.createElement("textarea");
    const other = document.createElement("div");
    other.className = "nblabel";
    const button = document.createElement("button");
    other.append(button);
    document.body.append(root, input, other);
    expect(mayTakeFocus(input, root)).toBe(false);
    expect(mayTakeFocus(button, root)).toBe(false);
    expect(mayTakeFocus(document.body, root)).toBe(true);
    expect(mayTakeFocus(null, root)).toBe(true);
  });

  it("shows the inactive state when the focus leaves, and a click on it gives the keys back", () => {
    const { root, $ } = setup();
    const elsewhere = document.createElement("textarea");
    document.body.append(elsewhere);
    elsewhere.focus();
    root.dispatchEvent(new FocusEvent("focusout", { relatedTarget: elsewhere }));
    expect(root.dataset.focused).toBe("false");
    expect($(".nbl-inactive")?.textContent).toBe("click to label — keys inactive");
    $(".nbl-inactive")?.dispatchEvent(new MouseEvent("mousedown", { bubbles: true, cancelable: true }));
    expect(document.activeElement).toBe(root);
    expect(root.dataset.focused).toBe("true");
  });
});

describe("ItemClock", () => {
  it("counts only the time the widget is active", () => {
    let now = 0;
    const clock = new ItemClock(() => now);
    clock.restart(); // rendered while inactive
    now = 10_000;
    expect(clock.seconds()).toBe(0);
    clock.setActive(true);
    now = 11_000;
    expect(clock.seconds()).toBe(1);
    clock.setActive(false);
    now = 50_000;
    clock.setActive(true);
    now = 50_500;
    expect(clock.seconds()).toBe(1.5);
    clock.restart();
    now = 51_000;
    expect(clock.seconds()).toBe(0.5);
  });
});

describe("Pace", () => {
  it("gives labels per minute over the last minutes and the time left", () => {
    const pace = new Pace();
    expect(pace.perMinute(0)).toBeNull();
    for (let t = 0; t <= 60_000; t += 6_000) pace.record(t); // 11 labels in a minute
    expect(pace.perMinute(60_000)).toBeCloseTo(11);
    expect(pace.secondsLeft(22, 60_000)).toBeCloseTo(120);
    expect(pace.perMinute(60_000 + 10 * 60_000)).toBeNull(); // old labels leave the window
  });
  it("formats durations", () => {
    expect(clockText(7.9)).toBe("0:07");
    expect(clockText(3725)).toBe("1 h 02 min");
    expect(roughText(30)).toBe("< 1 min");
    expect(roughText(7500)).toBe("2 h 05 min");
  });
});

describe("helpRows", () => {
  it("joins the keys of one action and says nothing is saved by moving", () => {
    const rows = helpRows(keymap(["1"]));
    expect(rows.find((r) => r.does === "undo")?.keys).toBe("u · Ctrl+Z");
    expect(rows.find((r) => r.does === "previous item")?.saves).toBe("nothing");
  });
});
