/** The labeling session in the browser: position, optimistic labels, undo, all without waiting. */
import type { AnyModel } from "@anywidget/types";
import { type Action, actionFor } from "./keys";
import type { LabelValue, Model } from "./model";
import { Channel } from "./protocol";
import { Outbox } from "./transport/outbox";
import { type Item, ItemWindow } from "./transport/window";
import { LabelButtons } from "./ui/buttons";
import { el } from "./ui/dom";
import { legend } from "./ui/legend";
import { StatusBar } from "./ui/status";
import { imageView } from "./views/image";
import { textView } from "./views/text";
import type { View } from "./views/view";

export class Controller {
  private channel: Channel;
  private window: ItemWindow;
  private outbox = new Outbox();
  private pos = -1; // -1 until the kernel says where to start
  private shownAt = performance.now();
  private chosen = new Set<string>(); // multi-label selection before Enter
  private undoStack: number[] = []; // positions labeled in this view, newest last
  private itemEl = el("div", "nbl-item");
  private view: View;
  private buttons: LabelButtons;
  private status = new StatusBar();
  private doneEl = el("div", "nbl-done", "All items are labeled. ← goes back.");
  private cleanups: Array<() => void> = [];

  constructor(
    private model: AnyModel<Model>,
    readonly root: HTMLElement,
  ) {
    this.channel = new Channel(model);
    this.window = new ItemWindow((start, count) => this.channel.need(start, count));
    const labels = model.get("labels");
    const keys = model.get("label_keys");
    const multi = model.get("multi");
    const stage = el("div", "nbl-stage");
    this.view = model.get("_view") === "image" ? imageView(stage) : textView(stage);
    this.itemEl.append(stage);
    this.buttons = new LabelButtons(labels, keys, (i) => this.act({ type: "label", index: i }));
    const instructions = el("div", "nbl-instructions", model.get("instructions"));
    instructions.hidden = !model.get("instructions");
    this.doneEl.hidden = true;
    root.replaceChildren(
      instructions,
      this.itemEl,
      this.doneEl,
      this.buttons.element,
      legend(multi),
      this.status.element,
    );
    this.cleanups.push(
      this.channel.listen({
        state: (msg) => {
          this.window.total = msg.total;
          if (this.pos < 0) this.goto(msg.start);
        },
        items: (msg, buffers) => {
          this.window.add(msg.items, buffers);
          if (msg.items.some((item) => item.pos === this.pos)) this.renderCurrent();
        },
        ack: (msg) => this.onAck(msg.seq, msg.pos, msg.value),
        error: (msg) => {
          if (msg.seq !== undefined) this.outbox.settle(msg.seq);
          const where = msg.item_id !== undefined ? `item ${msg.item_id}: ` : "";
          this.status.fail(`${where}${msg.message}`);
          this.status.pending(this.outbox.size);
        },
      }),
    );
    const onKey = (event: KeyboardEvent) => this.onKey(event);
    root.addEventListener("keydown", onKey);
    this.cleanups.push(() => root.removeEventListener("keydown", onKey));
    const onDone = () => this.status.done(model.get("done"), model.get("total"));
    const onCounts = () => this.buttons.counts(model.get("counts"));
    model.on("change:done", onDone);
    model.on("change:counts", onCounts);
    this.cleanups.push(() => model.off("change:done", onDone), () => model.off("change:counts", onCounts));
    onDone();
    onCounts();
    this.channel.hello();
  }

  private onKey(event: KeyboardEvent): void {
    const action = actionFor(event, this.model.get("label_keys"));
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    this.act(action);
  }

  act(action: Action): void {
    if (this.pos < 0) return;
    const item = this.window.get(this.pos);
    switch (action.type) {
      case "label": {
        if (!item) return;
        const label = this.model.get("labels")[action.index];
        if (this.model.get("multi")) {
          if (this.chosen.has(label)) this.chosen.delete(label);
          else this.chosen.add(label);
          this.buttons.press(this.chosen);
          return;
        }
        return this.commit(item, label);
      }
      case "confirm":
        if (item && this.model.get("multi")) this.commit(item, [...this.chosen]);
        return;
      case "back":
        return this.goto(Math.max(0, this.pos - 1));
      case "forward":
      case "skip":
        return this.goto(Math.min(this.window.total, this.pos + 1));
      case "undo": {
        const pos = this.undoStack.pop();
        if (pos === undefined) return;
        const seq = this.outbox.push(pos, "undo", null);
        this.channel.undo(seq, pos);
        this.status.pending(this.outbox.size);
        return this.goto(pos);
      }
    }
  }

  /** Record a label locally, queue it for the kernel, and move on at once. */
  private commit(item: Item, value: LabelValue): void {
    const seconds = (performance.now() - this.shownAt) / 1000;
    item.label = value;
    const seq = this.outbox.push(item.pos, "label", value);
    this.undoStack.push(item.pos);
    this.goto(item.pos + 1);
    this.channel.label(seq, item.pos, value, seconds);
    this.status.pending(this.outbox.size);
  }

  private onAck(seq: number, pos: number, value: LabelValue): void {
    const entry = this.outbox.settle(seq);
    const item = this.window.get(pos);
    // Another view's ack updates our copy too; our own newer pending label wins over it.
    if (item && (entry || !this.outbox.isPending(pos))) item.label = value;
    if (entry?.kind === "undo" && pos === this.pos) this.renderCurrent();
    this.status.pending(this.outbox.size);
  }

  private goto(pos: number): void {
    this.pos = pos;
    this.renderCurrent();
    this.window.ensure(pos);
  }

  /** Show the item at the current position: a synchronous DOM swap from the window. */
  private renderCurrent(): void {
    const total = this.window.total;
    const atEnd = this.pos >= total;
    this.doneEl.hidden = !atEnd;
    this.itemEl.hidden = atEnd;
    const item = atEnd ? undefined : this.window.get(this.pos);
    if (!item) {
      delete this.itemEl.dataset.itemId;
      this.itemEl.dataset.loading = String(!atEnd);
      this.status.at(this.pos, total, null);
      return;
    }
    delete this.itemEl.dataset.loading;
    this.view.show(item);
    this.itemEl.dataset.itemId = String(item.id);
    this.itemEl.dataset.pos = String(item.pos);
    this.itemEl.dataset.kind = item.type;
    if (item.type === "error") this.status.fail(`item ${item.id}: ${item.message}`);
    this.chosen = new Set(item.label === null ? [] : Array.isArray(item.label) ? item.label : [item.label]);
    this.buttons.press(this.chosen);
    this.status.at(this.pos, total, item.id);
    this.shownAt = performance.now();
  }

  destroy(): void {
    for (const cleanup of this.cleanups) cleanup();
    this.view.destroy();
    this.window.clear();
  }
}
