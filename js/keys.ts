/** Key events to bindings: pure functions over the keymap Python sends, testable without a DOM. */
import type { Binding } from "./model";

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
}

/** The keymap's name for an event: the key itself, or `Ctrl+<key>` with Ctrl or Cmd held. */
export function keyName(event: KeyLike): string | null {
  if (event.altKey) return null;
  if (event.ctrlKey || event.metaKey) return `Ctrl+${event.key.toLowerCase()}`;
  return event.key;
}

export function bindingFor(event: KeyLike, keymap: readonly Binding[]): Binding | null {
  const name = keyName(event);
  if (name === null) return null;
  // Shift with a named key (`Shift+ArrowRight`) when bound; otherwise the key as before.
  if (event.shiftKey && name.length > 1 && !name.startsWith("Ctrl+")) {
    const shifted = keymap.find((b) => b.key === `Shift+${name}`);
    if (shifted) return shifted;
  }
  return keymap.find((b) => b.key === name) ?? null;
}

/** The key bound to a label, by its index. */
export function labelKey(keymap: readonly Binding[], index: number): string {
  return keymap.find((b) => b.action === "label" && b.arg === index)?.key ?? "";
}

/** Legend rows for every action but labels (each label button shows its own key): `action` is
 * the help text, `name` the action's name. */
export function legendEntries(
  keymap: readonly Binding[],
): Array<{ key: string; action: string; name: string }> {
  const rows = new Map<string, { keys: string[]; help: string }>();
  for (const binding of keymap) {
    if (binding.action === "label") continue;
    const row = rows.get(binding.action) ?? { keys: [], help: binding.help };
    row.keys.push(binding.key);
    rows.set(binding.action, row);
  }
  return [...rows].map(([name, { keys, help }]) => ({
    key: keys.map(display).join(" · "),
    action: help,
    name,
  }));
}

/** How a key reads in the legend. */
export function display(key: string): string {
  const names: Record<string, string> = { ArrowLeft: "←", ArrowRight: "→", " ": "Space" };
  if (key.startsWith("Ctrl+")) return `Ctrl+${key.slice(5).toUpperCase()}`;
  if (key.startsWith("Shift+")) return `Shift+${display(key.slice(6))}`;
  return names[key] ?? key;
}
