import { describe, expect, it } from "vitest";
import { actionFor, legendEntries } from "../../js/keys";

const keys = ["1", "2", "3"];

describe("actionFor", () => {
  it("maps label keys to their index", () => {
    expect(actionFor({ key: "2" }, keys)).toEqual({ type: "label", index: 1 });
  });
  it("maps the fixed keys", () => {
    expect(actionFor({ key: "Enter" }, keys)).toEqual({ type: "confirm" });
    expect(actionFor({ key: "ArrowLeft" }, keys)).toEqual({ type: "back" });
    expect(actionFor({ key: "ArrowRight" }, keys)).toEqual({ type: "forward" });
    expect(actionFor({ key: "s" }, keys)).toEqual({ type: "skip" });
    expect(actionFor({ key: "u" }, keys)).toEqual({ type: "undo" });
  });
  it("treats Ctrl+Z and Cmd+Z as undo and leaves other shortcuts alone", () => {
    expect(actionFor({ key: "z", ctrlKey: true }, keys)).toEqual({ type: "undo" });
    expect(actionFor({ key: "Z", metaKey: true }, keys)).toEqual({ type: "undo" });
    expect(actionFor({ key: "c", ctrlKey: true }, keys)).toBeNull();
    expect(actionFor({ key: "1", ctrlKey: true }, keys)).toBeNull();
    expect(actionFor({ key: "1", altKey: true }, keys)).toBeNull();
  });
  it("returns null for unbound keys", () => {
    expect(actionFor({ key: "9" }, keys)).toBeNull();
    expect(actionFor({ key: "x" }, keys)).toBeNull();
  });
  it("lets user keys win over nothing but never shadows fixed keys", () => {
    expect(actionFor({ key: "a" }, ["a", "b"])).toEqual({ type: "label", index: 0 });
  });
});

describe("legendEntries", () => {
  it("lists Enter only in multi-label mode", () => {
    expect(legendEntries(false).map((r) => r.key)).not.toContain("Enter");
    expect(legendEntries(true)[0]).toEqual({ key: "Enter", action: "confirm labels" });
  });
});
