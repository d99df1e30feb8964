/** Key events to labeler actions: a pure function, so the keymap is testable without a DOM. */

export type Action =
  | { type: "label"; index: number }
  | { type: "confirm" }
  | { type: "back" }
  | { type: "forward" }
  | { type: "skip" }
  | { type: "accept" }
  | { type: "undo" };

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** Fixed keys, shared with widgets/_keys.py RESERVED_KEYS. */
export const RESERVED: Record<string, Action> = {
  Enter: { type: "confirm" },
  ArrowLeft: { type: "back" },
  ArrowRight: { type: "forward" },
  s: { type: "skip" },
  u: { type: "undo" },
  a: { type: "accept" },
};

export function actionFor(event: KeyLike, keys: readonly string[]): Action | null {
  if (event.ctrlKey || event.metaKey) {
    return event.key.toLowerCase() === "z" ? { type: "undo" } : null;
  }
  if (event.altKey) return null;
  const index = keys.indexOf(event.key);
  if (index >= 0) return { type: "label", index };
  return RESERVED[event.key] ?? null;
}

/** Legend rows for the fixed keys; each label button shows its own key. */
export function legendEntries(multi: boolean): Array<{ key: string; action: string }> {
  const rows = multi ? [{ key: "Enter", action: "confirm labels" }] : [];
  rows.push(
    { key: "←/→", action: "back / forward" },
    { key: "s", action: "skip" },
    { key: "u · Ctrl+Z", action: "undo" },
    { key: "a", action: "accept suggestion" },
  );
  return rows;
}
