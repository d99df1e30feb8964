/** The labeling session in the browser: position, prefetch, optimistic values, undo, never waiting. */
import type { AnyModel } from "@anywidget/types";
import { bindingFor } from "./keys";
import type { Binding, LabelValue, Model } from "./model";
import { Channel, type FilterName, type ItemId } from "./protocol";
import type { TaskModule, TaskView } from "./task";
import { Outbox } from "./transport/outbox";
import { type Item, ItemWindow } from "./transport/window";
import { ItemClock } from "./ui/clock";
import { el } from "./ui/dom";
import { FocusGuard } from "./ui/focus";
import { HelpOverlay } from "./ui/help";
import { Legend } from "./ui/legend";
import { Prompt } from "./ui/prompt";
import { endText, filterOptions } from "./ui/session";
import { StatusBar } from "./ui/status";
import { shownSuggestion } from "./ui/suggestion";

/** How often the browser asks a kernel with background work (active learning) for news. */
const POLL_MS = 1000;
/** A poll unanswered this long (kernel busy or restarted) no longer blocks the next one. */
const POLL_GIVE_UP_MS = 15_000;
/** Items that ride with the reply to `hello`: the first paint needs one round trip only. */
export const FIRST_WINDOW = 8;
/** Actions the controller owns; every other binding goes to the task. */
const NAVIGATION = new Set(["back", "forward", "skip", "undo", "next_skipped", "goto", "filter", "help"]);
/** Where keys are typed into a field of ours (the go-to prompt, the filter menu): not bindings. */
const FIELDS = "input, textarea, select, .nbl-menu";

export class Controller {
  private channel: Channel;
  private window: ItemWindow;
  private outbox = new Outbox();
  private pos = -1; // -1 until the kernel says where to start
  private clock = new ItemClock(); // time on the item while focused and on screen
  private undoStack: Array<{ pos: number; id: ItemId; seq: number }> = []; // newest last
  private failed = new Set<ItemId>(); // items whose last label the kernel refused
  private itemEl = el("div", "nbl-item");
  private stage = el("div", "nbl-stage");
  private controls = el("div", "nbl-controls");
  private task: TaskView;
  private status = new StatusBar();
  private legend = new Legend();
  private doneEl = el("div", "nbl-done");
  private help = new HelpOverlay();
  private prompt: Prompt;
  private focus: FocusGuard;
  private pollSentAt = 0; // when the unanswered poll left, 0 if none
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
    const instructions = el("div", "nbl-instructions", model.get("instructions"));
    instructions.hidden = !model.get("instructions");
    this.doneEl.hidden = true;
    root.replaceChildren(
      instructions,
      this.itemEl,
      this.doneEl,
      this.controls,
      this.legend.element,
      this.status.element,
      this.help.element,
      this.prompt.element,
      this.focus.hint,
    );
    this.task = module.mount({
      model,
      stage: this.stage,
      controls: this.controls,
      commit: (item, value, options) => this.commit(item, value, options?.suggested ?? false),
      act: (binding) => this.act(binding),
      notice: (text) => this.status.notice(text),
      channel: this.channel.forTask(),
    });
    this.cleanups.push(this.listen());
    const onKey = (event: KeyboardEvent) => this.onKey(event);
    root.addEventListener("keydown", onKey);
    this.cleanups.push(() => root.removeEventListener("keydown", onKey));
    this.watch(["done", "total"], () =>
      this.status.done(model.get("done"), model.get("total"), model.get("_done_word") || "labeled"),
    );
    this.watch(["model_status"], () => this.status.model(model.get("model_status")));
    this.watch(["keymap"], () => this.legend.show(model.get("keymap")));
    this.watch(["skipped"], () => this.status.skipped(model.get("skipped") ?? 0));
    this.watch(["view_filter"], () => this.status.filter(model.get("view_filter") ?? ""));
    // Once a second, off the key path: news from a busy kernel, the pace, the item's clock.
    const timer = setInterval(() => {
      this.poll();
      this.status.tick(performance.now(), this.window.get(this.pos) ? this.clock.seconds() : null);
    }, POLL_MS);
    this.cleanups.push(
      () => clearInterval(timer),
      () => this.focus.destroy(),
      () => this.status.destroy(),
    );
    this.channel.hello(FIRST_WINDOW);
  }

  /** Run `update` now and whenever one of the traits changes. */
  private watch(traits: Array<keyof Model>, update: () => void): void {
    for (const trait of traits) {
      this.model.on(`change:${trait}`, update);
      this.cleanups.push(() => this.model.off(`change:${trait}`, update));
    }
    update();
  }

  private listen(): () => void {
    return this.channel.listen({
      state: (msg, buffers) => {
        this.window.total = msg.total;
        this.window.version = msg.version;
        this.window.add(msg.items, buffers, msg.version, (id) => this.outbox.isPending(id));
        if (this.pos < 0) {
          this.goto(msg.start);
          this.focus.claim(); // on render, unless an editor or another widget has the focus
        }
      },
      items: (msg, buffers) => {
        const waiting = this.window.get(this.pos) === undefined;
        this.window.add(msg.items, buffers, msg.version, (id) => this.outbox.isPending(id));
        // Re-render only an item that was missing: re-rendering resets its timer and choice.
        if (waiting && this.window.get(this.pos)) this.renderCurrent();
      },
      reorder: (msg) => {
        this.window.reorder(msg.version, msg.start, msg.total, this.window.get(this.pos));
        if (this.pos >= 0) this.window.ensure(this.pos);
      },
      refresh: (msg) => {
        // The item on screen comes back too: the `items` handler renders it when it arrives.
        this.window.forget(msg.ids, (id) => this.outbox.isPending(id));
        if (this.pos >= 0) this.window.ensure(this.pos);
      },
      view: (msg, buffers) => {
        // Another subset of the queue: every position means another item now.
        this.window.clear();
        this.window.total = msg.total;
        this.window.version = msg.version;
        this.window.add(msg.items, buffers, msg.version, (id) => this.outbox.isPending(id));
        this.undoStack = []; // its positions meant other items; the kernel finds what to undo
        this.goto(msg.start, true);
      },
      found: (msg) => this.goto(msg.pos),
      notice: (msg) => this.status.notice(msg.message),
      pong: () => {
        this.pollSentAt = 0;
      },
      ack: (msg) => this.onAck(msg.seq, msg.pos, msg.id, msg.value),
      error: (msg) => {
        const entry = msg.seq !== undefined ? this.outbox.settle(msg.seq) : undefined;
        if (entry?.kind === "undo" && entry.pos < 0) {
          // Nothing of ours left to undo (e.g. after a restart): a key that did nothing, not an error.
          this.status.notice(msg.message);
          this.status.pending(this.outbox.size, this.failed.size);
          return;
        }
        if (entry?.kind === "label") {
          this.failed.add(entry.id);
          // A refused label must not be undone later: that would undo an older one.
          this.undoStack = this.undoStack.filter((done) => done.seq !== entry.seq);
          // Show what the store really holds for the item, not the refused value.
          const item = this.window.get(entry.pos);
          if (item?.id === entry.id && msg.current !== undefined) item.label = msg.current;
          if (entry.pos === this.pos) this.renderCurrent();
        }
        const where = msg.item_id !== undefined ? `item ${msg.item_id}: ` : "";
        this.status.fail(`${where}${msg.message}`);
        this.status.pending(this.outbox.size, this.failed.size);
      },
    });
  }

  private onKey(event: KeyboardEvent): void {
    if (event.target instanceof Element && event.target !== this.root && event.target.closest(FIELDS)) return;
    const binding = bindingFor(event, this.model.get("keymap"));
    if (this.help.open && binding?.action !== "help") this.help.close(); // any key closes it, and acts
    if (!binding) {
      if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey && event.key !== " ") {
        event.stopPropagation();
        this.status.notice(`${event.key} is not a key here · ? lists them`);
      }
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    // A held key repeats: fine for moving, never for labeling one item after another.
    if (event.repeat && !binding.repeat && binding.action !== "back" && binding.action !== "forward") return;
    this.act(binding);
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

  private onAck(seq: number, pos: number, id: ItemId, value: LabelValue): void {
    const entry = this.outbox.settle(seq);
    if (entry) this.failed.delete(id);
    const item = this.window.get(pos);
    // Another view's ack updates our copy too; our own newer pending label wins over it.
    if (item?.id === id && (entry || !this.outbox.isPending(id))) item.label = value;
    if (entry?.kind === "undo" && entry.pos < 0)
      this.goto(pos); // the kernel chose the item
    else if (entry?.kind === "undo" && pos === this.pos) this.renderCurrent();
    else if (item && pos === this.pos) this.markSaved(item);
    this.status.pending(this.outbox.size, this.failed.size);
  }

  private goto(pos: number, moved = false): void {
    if (moved || pos !== this.pos) this.status.fail(null); // an error names its item; it stays behind
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
  private markSaved(item: Item): void {
    const state = item.label === null ? "unlabeled" : this.outbox.isPending(item.id) ? "saving" : "saved";
    this.itemEl.dataset.saved = state;
    this.status.item(state);
  }

  /** While background work runs in the kernel, ask for its news; never more than one poll in flight. */
  private poll(): void {
    if (!this.model.get("background") || this.pos < 0) return;
    const now = performance.now();
    if (this.pollSentAt && now - this.pollSentAt < POLL_GIVE_UP_MS) return;
    this.pollSentAt = now;
    this.channel.poll(this.pos);
  }

  destroy(): void {
    for (const cleanup of this.cleanups) cleanup();
    this.task.destroy();
    this.window.clear();
  }
}
