/** Every custom message kind, mirrored from widgets/_protocol.py; the only code that talks to the kernel. */
import type { AnyModel } from "@anywidget/types";
import type { LabelValue, Model } from "./model";

export interface ItemHeader {
  pos: number;
  id: string | number;
  type: "text" | "image" | "error";
  text?: string;
  mime?: string;
  buffer?: number;
  message?: string;
  label: LabelValue;
}

export type Inbound =
  | { kind: "state"; version: number; total: number; start: number }
  | { kind: "items"; version: number; items: ItemHeader[] }
  | { kind: "ack"; seq: number; pos: number; value: LabelValue }
  | { kind: "error"; message: string; seq?: number; pos?: number; item_id?: string | number };

export interface Handlers {
  state(msg: Extract<Inbound, { kind: "state" }>): void;
  items(msg: Extract<Inbound, { kind: "items" }>, buffers: DataView[]): void;
  ack(msg: Extract<Inbound, { kind: "ack" }>): void;
  error(msg: Extract<Inbound, { kind: "error" }>): void;
}

/** Typed sends and a dispatching listener; `listen` returns its own cleanup. */
export class Channel {
  constructor(private model: AnyModel<Model>) {}

  hello(): void {
    this.model.send({ kind: "hello" });
  }
  need(start: number, count: number): void {
    this.model.send({ kind: "need", start, count });
  }
  label(seq: number, pos: number, value: LabelValue, seconds: number): void {
    this.model.send({ kind: "label", seq, pos, value, seconds });
  }
  undo(seq: number, pos: number): void {
    this.model.send({ kind: "undo", seq, pos });
  }

  listen(handlers: Handlers): () => void {
    const onMessage = (msg: Inbound, buffers: DataView[]) => {
      switch (msg.kind) {
        case "state":
          return handlers.state(msg);
        case "items":
          return handlers.items(msg, buffers ?? []);
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
