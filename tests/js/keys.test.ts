import { describe, expect, it } from "vitest";
import { bindingFor, display, keyName, labelKey, legendEntries } from "../../js/keys";
import { keymap } from "./fake-model";

const map = keymap(["1", "2", "3"], [{ key: "Enter", action: "confirm", help: "confirm labels" }]);

describe("bindingFor", () => {
  it("maps label keys to their label's index", () => {
    expect(bindingFor({ key: "2" }, map)).toMatchObject({ action: "label", arg: 1 });
  });
  it("maps the other actions the keymap binds", () => {
    expect(bindingFor({ key: "Enter" }, map)?.action).toBe("confirm");
    expect(bindingFor({ key: "ArrowLeft" }, map)?.action).toBe("back");
    expect(bindingFor({ key: "s" }, map)?.action).toBe("skip");
    expect(bindingFor({ key: "u" }, map)?.action).toBe("undo");
  });
  it("treats Ctrl+Z and Cmd+Z as undo and leaves other shortcuts alone", () => {
    expect(bindingFor({ key: "z", ctrlKey: true }, map)?.action).toBe("undo");
    expect(bindingFor({ key: "Z", metaKey: true }, map)?.action).toBe("undo");
    expect(bindingFor({ key: "c", ctrlKey: true }, map)).toBeNull();
    expect(bindingFor({ key: "1", ctrlKey: true }, map)).toBeNull();
    expect(bindingFor({ key: "1", altKey: true }, map)).toBeNull();
  });
  it("returns null for keys the keymap does not bind, such as `a` without a model", () => {
    expect(bindingFor({ key: "9" }, map)).toBeNull();
    expect(bindingFor({ key: "a" }, map)).toBeNull();
  });
  it("follows the keymap Python sent: a label may take `a` and `s` when skip moved to `S`", () => {
    const moved = keymap(["a", "s"]).map((b) => (b.action === "skip" ? { ...b, key: "S" } : b));
    expect(bindingFor({ key: "s" }, moved)).toMatchObject({ action: "label", arg: 1 });
    expect(bindingFor({ key: "S" }, moved)?.action).toBe("skip");
    expect(keyName({ key: "S" })).toBe("S");
  });
});

describe("legendEntries", () => {
  it("lists every non-label action once, with all its keys", () => {
    const rows = legendEntries(map);
    expect(rows.map((r) => r.action)).toEqual([
      "previous item",
      "next item",
      "skip",
      "undo",
      "next skipped item",
      "go to item…",
      "filter the queue…",
      "all keys",
      "confirm labels",
    ]);
    expect(rows.find((r) => r.action === "all keys")?.name).toBe("help");
    expect(rows.find((r) => r.action === "undo")?.key).toBe("u · Ctrl+Z");
    expect(rows[0].key).toBe(display("ArrowLeft"));
  });
  it("finds each label's key by index", () => {
    expect(labelKey(map, 2)).toBe("3");
    expect(labelKey(map, 7)).toBe("");
  });
});
