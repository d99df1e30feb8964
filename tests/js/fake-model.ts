/** A 40-line stand-in for anywidget's model: traits, change events, and a kernel you script. */
import type { Binding, Model } from "../../js/model";

type Listener = (...args: unknown[]) => void;

export class FakeModel {
  sent: Array<Record<string, unknown>> = [];
  private state: Record<string, unknown>;
  private listeners = new Map<string, Set<Listener>>();

  constructor(traits: Partial<Model> & Record<string, unknown> = {}) {
    this.state = { ...DEFAULTS, ...traits };
  }
  get(name: string): never {
    return this.state[name] as never;
  }
  set(name: string, value: unknown): void {
    this.state[name] = value;
    this.emit(`change:${name}`);
  }
  send(content: Record<string, unknown>): void {
    this.sent.push(content);
  }
  on(event: string, fn: Listener): void {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)?.add(fn);
  }
  off(event: string, fn: Listener): void {
    this.listeners.get(event)?.delete(fn);
  }
  /** The kernel says something. */
  reply(content: Record<string, unknown>, buffers: DataView[] = []): void {
    this.emit("msg:custom", content, buffers);
  }
  last(kind: string): Record<string, unknown> | undefined {
    return this.sent.filter((m) => m.kind === kind).at(-1);
  }
  private emit(event: string, ...args: unknown[]): void {
    for (const fn of this.listeners.get(event) ?? []) fn(...args);
  }
}

export function keymap(keys: string[], extra: Binding[] = []): Binding[] {
  return [
    ...keys.map((key, arg) => ({ key, action: "label", help: `l${arg}`, arg })),
    { key: "ArrowLeft", action: "back", help: "previous item" },
    { key: "ArrowRight", action: "forward", help: "next item" },
    { key: "s", action: "skip", help: "skip" },
    { key: "u", action: "undo", help: "undo" },
    { key: "Ctrl+z", action: "undo", help: "undo" },
    { key: "n", action: "next_skipped", help: "next skipped item" },
    { key: "g", action: "goto", help: "go to item…" },
    { key: "f", action: "filter", help: "filter the queue…" },
    { key: "?", action: "help", help: "all keys" },
    ...extra,
  ];
}

const DEFAULTS: Model = {
  _view: "classify",
  _done_word: "labeled",
  labels: ["l0", "l1"],
  keymap: keymap(["1", "2"]),
  instructions: "",
  total: 0,
  done: 0,
  counts: {},
  model_status: "",
  background: false,
  skipped: 0,
  view_filter: "",
  suggest_above: 0,
};
