/** Every custom message kind, mirrored from widgets/_protocol.py; the only code that talks to the kernel. */
import type { AnyModel } from "@anywidget/types";
import type { LabelValue, Model } from "./model";

/** The user's DataFrame index value: int or str, kept as sent. */
export type ItemId = string | number;

export interface ItemHeader {
  pos: number;
  id: ItemId;
  type: "text" | "image" | "error";
  text?: string;
  mime?: string;
  buffer?: number;
  message?: string;
  label: LabelValue;
  suggestion?: Suggestion;
}

/** The model's guess for an item, accepted with one key. */
export interface Suggestion {
  label: string;
  confidence: number;
}

export type Inbound =
  | { kind: "state"; version: number; total: number; start: number }
  | { kind: "items"; version: number; items: ItemHeader[] }
  | { kind: "reorder"; version: number; start: number; total: number }
  | { kind: "pong" }
  | { kind: "ack"; seq: number; pos: number; value: LabelValue }
  | { kind: "error"; message: string; seq?: number; pos?: number; item_id?: string | number };

export interface Handlers {
  state(msg: Extract<Inbound, { kind: "state" }>): void;
  items(msg: Extract<Inbound, { kind: "items" }>, buffers: DataView[]): void;
  reorder(msg: Extract<Inbound, { kind: "reorder" }>): void;
  pong(): void;
  ack(msg: Extract<Inbound, { kind: "ack" }>): void;
  error(msg: Extract<Inbound, { kind: "error" }>): void;
}

/** Typed sends and a dispatching listener; `listen` returns its own cleanup. */
export class Channel {
  constructor(private model: AnyModel<Model>) {}

  hello(): void {
    this.model.send({ kind: "hello" });
  }
  /** Ask for items; `at` tells the kernel where the user is, so a reorder spares it. */
  need(start: number, count: number, at: number): void {
    this.model.send({ kind: "need", start, count, at: Math.max(0, at) });
  }
  label(
    seq: number,
    item: { pos: number; id: ItemId },
    value: LabelValue,
    seconds: number,
    shown: { suggestion?: Suggestion; suggested: boolean },
  ): void {
    const { suggestion, suggested } = shown;
    this.model.send({
      kind: "label",
      seq,
      pos: item.pos,
      id: item.id,
      value,
      seconds,
      suggested,
      suggestion,
    });
  }
  poll(at: number): void {
    this.model.send({ kind: "poll", pos: Math.max(0, at) });
  }
  undo(seq: number, item: { pos: number; id: ItemId }): void {
    this.model.send({ kind: "undo", seq, pos: item.pos, id: item.id });
  }

  listen(handlers: Handlers): () => void {
    const onMessage = (msg: Inbound, buffers: DataView[]) => {
      switch (msg.kind) {
        case "state":
          return handlers.state(msg);
        case "items":
          return handlers.items(msg, buffers ?? []);
        case "reorder":
          return handlers.reorder(msg);
        case "pong":
          return handlers.pong();
        case "ack":
          return handlers.ack(msg);
        case "error":
          return handlers.error(msg);
      }
    };
    this.model.on("msg:custom", onMessage);
    return () => this.model.off("msg:custom", onMessage);
  }
}
