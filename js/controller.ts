/** The labeling session in the browser: position, prefetch, optimistic values, undo, never waiting. */
import type { AnyModel } from "@anywidget/types";
import { Inbox, POLL_MS, type Session } from "./inbox";
import type { Binding, LabelValue, Model } from "./model";
import { Channel, type FilterName, type ItemId } from "./protocol";
import type { TaskModule, TaskView } from "./task";
import { Outbox } from "./transport/outbox";
import { type Item, ItemWindow } from "./transport/window";
import { ItemClock } from "./ui/clock";
import { el } from "./ui/dom";
import { FocusGuard } from "./ui/focus";
import { followTraits, layout } from "./ui/frame";
import { HelpOverlay } from "./ui/help";
import { listenKeys } from "./ui/keydown";
import { Legend } from "./ui/legend";
import { Prompt } from "./ui/prompt";
import { endText, filterOptions } from "./ui/session";
import { StatusBar } from "./ui/status";
import { shownSuggestion } from "./ui/suggestion";

/** Items that ride with the reply to `hello`: the first paint needs one round trip only. */
export const FIRST_WINDOW = 8;
/** Actions the controller owns; every other binding goes to the task. */
const NAVIGATION = new Set(["back", "forward", "skip", "undo", "next_skipped", "goto", "filter", "help"]);

export class Controller implements Session {
  private channel: Channel;
  readonly window: ItemWindow;
  readonly outbox = new Outbox();
  pos = -1; // -1 until the kernel says where to start
  private clock = new ItemClock(); // time on the item while focused and on screen
  private undoStack: Array<{ pos: number; id: ItemId; seq: number }> = []; // newest last
  readonly failed = new Set<ItemId>(); // items whose last label the kernel refused
  private itemEl = el("div", "nbl-item");
  private stage = el("div", "nbl-stage");
  private controls = el("div", "nbl-controls");
  private task: TaskView;
  readonly status = new StatusBar();
  private legend = new Legend();
  private doneEl = el("div", "nbl-done");
  private help = new HelpOverlay();
  private prompt: Prompt;
  readonly focus: FocusGuard;
  private inbox: Inbox;
  private cleanups: Array<() => void> = [];

  constructor(
    private model: AnyModel<Model>,
    readonly root: HTMLElement,
    module: TaskModule,
  ) {
    this.channel = new Channel(model);
    this.prompt = new Prompt(root);
    this.focus = new FocusGuard(root, (active) => this.clock.setActive(active));
    this.window = new ItemWindow((start, count) => this.channel.need(start, count, this.pos), module.prepare);
    this.itemEl.append(this.stage);
    this.doneEl.hidden = true;
    layout(root, model, [
      this.itemEl,
      this.doneEl,
      this.controls,
      this.legend.element,
      this.status.element,
      this.help.element,
      this.prompt.element,
      this.focus.hint,
    ]);
    this.task = module.mount({
      model,
      stage: this.stage,
      controls: this.controls,
      commit: (item, value, options) => this.commit(item, value, options?.suggested ?? false),
      act: (binding) => this.act(binding),
      notice: (text) => this.status.notice(text),
      channel: this.channel.forTask(),
    });
    this.inbox = new Inbox(this, this.channel, model);
    this.cleanups.push(this.inbox.listen());
    this.cleanups.push(listenKeys(root, model, this.help, this.status, this));
    followTraits(model, this.status, this.legend, this.cleanups);
    // Once a second, off the key path: news from a busy kernel, the pace, the item's clock.
    const timer = setInterval(() => {
      this.inbox.poll();
      this.status.tick(performance.now(), this.window.get(this.pos) ? this.clock.seconds() : null);
    }, POLL_MS);
    this.cleanups.push(
      () => clearInterval(timer),
      () => this.focus.destroy(),
      () => this.status.destroy(),
    );
    this.channel.hello(FIRST_WINDOW);
  }

  /** Do what a binding says: navigation and undo here, everything else in the task. */
  act(binding: Binding): void {
    if (this.pos < 0) return;
    if (!NAVIGATION.has(binding.action)) {
      const item = this.window.get(this.pos);
      if (item) this.task.act(binding, item);
      else this.status.notice(this.pos >= this.window.total ? "no item here: ← goes back" : "still loading");
      return;
    }
    switch (binding.action) {
      case "back":
        if (this.pos === 0) this.status.notice("this is the first item");
        else this.goto(this.pos - 1);
        return;
      case "forward":
        if (this.pos >= this.window.total) this.status.notice("end of queue");
        else this.goto(this.pos + 1);
        return;
      case "skip":
        this.skip();
        return;
      case "undo":
        this.undo();
        return;
      case "next_skipped":
        if (!this.model.get("skipped")) this.status.notice("no skipped items");
        else this.channel.find(this.pos, null);
        return;
      case "goto":
        this.prompt.ask("go to item", "an item id, or #position", (text) =>
          this.channel.find(this.pos, text),
        );
        return;
      case "filter":
        this.openFilters();
        return;
      case "help":
        this.help.toggle(this.model.get("keymap"));
        return;
    }
  }

  /** Record a skip event (the item keeps its label) and move on. */
  private skip(): void {
    const item = this.window.get(this.pos);
    if (!item) {
      this.status.notice(this.pos >= this.window.total ? "end of queue" : "still loading");
      return;
    }
    const seq = this.outbox.push(item, "skip", item.label);
    this.channel.skip(seq, item, this.clock.seconds());
    this.goto(item.pos + 1);
    this.status.pending(this.outbox.size, this.failed.size);
  }

  /** The filter menu: a subset of the queue to show; nothing it does is stored. */
  private openFilters(): void {
    const id = this.window.get(this.pos)?.id;
    const go = (name: FilterName, label?: string) => () => this.channel.filter(name, this.pos, id, label);
    this.prompt.choose("show only… (Esc cancels)", filterOptions(this.model, go));
  }

  /** Undo the newest label of this view; with none (e.g. after a restart), the kernel picks. */
  private undo(): void {
    const shown = this.window.get(this.pos);
    if (shown && this.task.undo?.(shown)) return; // an unsaved edit of the item on screen
    const last = this.undoStack.pop();
    const seq = this.outbox.push(last ?? { pos: -1, id: "" }, "undo", null);
    this.channel.undo(seq, last);
    this.status.pending(this.outbox.size, this.failed.size);
    if (last) this.goto(last.pos);
  }

  /** Record a value locally, queue it for the kernel, and move on at once. */
  private commit(item: Item, value: LabelValue, suggested: boolean): void {
    const seconds = this.clock.seconds();
    this.status.labeled(performance.now());
    item.label = value;
    const seq = this.outbox.push(item, "label", value);
    this.undoStack.push({ pos: item.pos, id: item.id, seq });
    this.goto(item.pos + 1);
    this.channel.label(seq, item, value, seconds, suggested);
    this.status.pending(this.outbox.size, this.failed.size);
  }

  /** Drop one label from undo's reach (by its seq), or all of them. */
  forgetUndo(seq?: number): void {
    this.undoStack = seq === undefined ? [] : this.undoStack.filter((done) => done.seq !== seq);
  }

  goto(pos: number, moved = false): void {
    if (moved || pos !== this.pos) this.status.fail(null); // an error names its item; it stays behind
    this.pos = pos;
    this.renderCurrent();
    this.window.ensure(pos);
  }

  /** Show the item at the current position: a synchronous DOM swap from the window. */
  renderCurrent(): void {
    const total = this.window.total;
    const atEnd = this.pos >= total;
    this.doneEl.hidden = !atEnd;
    this.itemEl.hidden = atEnd;
    if (atEnd) this.doneEl.textContent = endText(this.model);
    const item = atEnd ? undefined : this.window.get(this.pos);
    if (!item) {
      this.legend.toggle("accept", false);
      delete this.itemEl.dataset.itemId;
      this.itemEl.dataset.loading = String(!atEnd);
      this.status.at(this.pos, total, null, atEnd);
      return;
    }
    delete this.itemEl.dataset.loading;
    this.task.show(item);
    this.itemEl.dataset.itemId = String(item.id);
    this.itemEl.dataset.pos = String(item.pos);
    this.itemEl.dataset.kind = item.type;
    if (item.type === "error") this.status.fail(`item ${item.id}: ${item.message}`);
    this.status.at(this.pos, total, item.id, false);
    this.markSaved(item);
    this.legend.toggle("accept", shownSuggestion(item, this.model.get("suggest_above")) !== undefined);
    this.clock.restart();
  }

  /** Whether the current item's value is in the store yet: "saved", "saving" or unlabeled. */
  markSaved(item: Item): void {
    const state = item.label === null ? "unlabeled" : this.outbox.isPending(item.id) ? "saving" : "saved";
    this.itemEl.dataset.saved = state;
    this.status.item(state);
  }

  destroy(): void {
    for (const cleanup of this.cleanups) cleanup();
    this.task.destroy();
    this.window.clear();
  }
}
