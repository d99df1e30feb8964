/** Every core message kind, mirrored from widgets/_protocol.py; the only code that talks to the kernel. */
import type { AnyModel } from "@anywidget/types";
import type { Json, LabelValue, Model } from "./model";

/** The user's DataFrame index value: int or str, kept as sent. */
export type ItemId = string | number;

/** An item as the kernel describes it; `type` says how the task shows it, the rest is the task's. */
export interface ItemHeader {
  pos: number;
  id: ItemId;
  type: string;
  label: LabelValue;
  buffer?: number;
  message?: string;
  suggestion?: Suggestion;
  [field: string]: unknown;
}

/** The model's guess for an item, accepted with one key; `runner_up` is its second choice. */
export interface Suggestion {
  label: string;
  confidence: number;
  runner_up?: { label: string; confidence: number };
}

export type Inbound =
  | { kind: "state"; version: number; total: number; start: number; items: ItemHeader[] }
  | { kind: "items"; version: number; items: ItemHeader[] }
  | { kind: "reorder"; version: number; start: number; total: number }
  | { kind: "refresh"; ids: ItemId[] }
  | { kind: "view"; version: number; total: number; start: number; items: ItemHeader[] }
  | { kind: "found"; pos: number; id: ItemId }
  | { kind: "notice"; message: string }
  | { kind: "pong" }
  | { kind: "ack"; seq: number; pos: number; id: ItemId; value: LabelValue }
  | {
      kind: "error";
      message: string;
      seq?: number;
      pos?: number;
      item_id?: ItemId;
      current?: LabelValue;
    };

/** One handler per core kind: leaving one out is a type error. */
export type Handlers = {
  [K in Inbound["kind"]]: (msg: Extract<Inbound, { kind: K }>, buffers: DataView[]) => void;
};

/** A task's own messages: it sends any kind and registers handlers for the kinds it adds. */
export interface TaskChannel {
  send(kind: string, body: Record<string, Json>): void;
  /** Typed like `Handlers`: a task lists its inbound union, and must handle every kind of it. */
  listen<T extends { kind: string }>(
    handlers: {
      [K in T["kind"]]: (msg: Extract<T, { kind: K }>, buffers: DataView[]) => void;
    },
  ): () => void;
}

const CORE_KINDS = new Set<string>([
  "state",
  "items",
  "reorder",
  "refresh",
  "view",
  "found",
  "notice",
  "pong",
  "ack",
  "error",
]);

/** Queue filters the kernel knows (widgets/_finder.py); "all" lifts the filter. */
export type FilterName = "all" | "unlabeled" | "skipped" | "label" | "disagree";

/** Typed sends and a dispatching listener; `listen` returns its own cleanup. */
export class Channel {
  constructor(private model: AnyModel<Model>) {}

  /** Ask where to start; the reply carries the first `count` items, so one round trip paints. */
  hello(count: number): void {
    this.model.send({ kind: "hello", count });
  }
  /** Ask for items; `at` tells the kernel where the user is, so a reorder spares it. */
  need(start: number, count: number, at: number): void {
    this.model.send({ kind: "need", start, count, at: Math.max(0, at) });
  }
  label(
    seq: number,
    item: { pos: number; id: ItemId; suggestion?: Suggestion },
    value: LabelValue,
    seconds: number,
    suggested: boolean,
  ): void {
    const { pos, id, suggestion } = item;
    this.model.send({ kind: "label", seq, pos, id, value, seconds, suggested, suggestion });
  }
  /** A skip event for the item: its label stays as it is. */
  skip(seq: number, item: { pos: number; id: ItemId }, seconds: number): void {
    this.model.send({ kind: "skip", seq, pos: item.pos, id: item.id, seconds });
  }
  /** Show a subset of the queue; `id` is the item on screen, kept on screen if it is in it. */
  filter(name: FilterName, at: number, id?: ItemId, label?: string): void {
    const body: Record<string, Json> = { kind: "filter", name, at: Math.max(0, at) };
    if (id !== undefined) body.id = id;
    if (label !== undefined) body.label = label;
    this.model.send(body);
  }
  /** Where an item is: by id or position (`query`), or the next skipped one after `at`. */
  find(at: number, query: string | null): void {
    const where = { kind: "find", at: Math.max(0, at) };
    this.model.send(query === null ? { ...where, skipped: true } : { ...where, query });
  }
  poll(at: number): void {
    this.model.send({ kind: "poll", pos: Math.max(0, at) });
  }
  /** Undo an item's newest label, or with no item this annotator's newest label in the task. */
  undo(seq: number, item?: { pos: number; id: ItemId }): void {
    this.model.send(item ? { kind: "undo", seq, pos: item.pos, id: item.id } : { kind: "undo", seq });
  }

  listen(handlers: Handlers): () => void {
    const onMessage = (msg: Inbound, buffers: DataView[] = []) => {
      if (!CORE_KINDS.has(msg.kind)) return; // a task's message: its own listener takes it
      switch (msg.kind) {
        case "state":
          return handlers.state(msg, buffers);
        case "items":
          return handlers.items(msg, buffers);
        case "reorder":
          return handlers.reorder(msg, buffers);
        case "refresh":
          return handlers.refresh(msg, buffers);
        case "view":
          return handlers.view(msg, buffers);
        case "found":
          return handlers.found(msg, buffers);
        case "notice":
          return handlers.notice(msg, buffers);
        case "pong":
          return handlers.pong(msg, buffers);
        case "ack":
          return handlers.ack(msg, buffers);
        case "error":
          return handlers.error(msg, buffers);
        default:
          return assertNever(msg);
      }
    };
    this.model.on("msg:custom", onMessage);
    return () => this.model.off("msg:custom", onMessage);
  }

  /** The channel a task gets: any kind out, its own kinds in. */
  forTask(): TaskChannel {
    const model = this.model;
    return {
      send: (kind, body) => model.send({ ...body, kind }),
      listen(handlers) {
        const table = handlers as Record<string, (msg: never, buffers: DataView[]) => void>;
        const onMessage = (msg: { kind: string }, buffers: DataView[] = []) => {
          if (Object.hasOwn(table, msg.kind)) table[msg.kind](msg as never, buffers);
        };
        model.on("msg:custom", onMessage);
        return () => model.off("msg:custom", onMessage);
      },
    };
  }
}

function assertNever(msg: never): never {
  throw new Error(`unhandled message ${JSON.stringify(msg)}`);
}
