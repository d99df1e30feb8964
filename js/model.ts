/** The shared synced traits, named exactly as in Python (widgets/_base.py); tasks add their own. */

/** One key and what it does, derived in Python (widgets/_keys.py): the only keymap. */
export interface Binding {
  key: string;
  action: string;
  help: string;
  /** Which label, for `label` actions. */
  arg?: number;
  /** A held key repeats this action (moving inside an item). */
  repeat?: boolean;
  /** What the key writes to the store (shown by the `?` overlay); absent: nothing. */
  saves?: string;
}

export interface Model {
  /** The task's module name: js/tasks/<name>.ts. */
  _view: string;
  /** What the progress line calls a done item ("labeled", "decided"). */
  _done_word: string;
  labels: string[];
  keymap: Binding[];
  instructions: string;
  total: number;
  done: number;
  counts: Record<string, number>;
  model_status: string;
  background: boolean;
  /** Items skipped and still unlabeled. */
  skipped: number;
  /** The filter the queue shows ("" for none). */
  view_filter: string;
  /** Suggestions less confident than this are not shown. */
  suggest_above: number;
}

/** JSON as the store keeps it. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** An item's value: whatever the task stores (a label, a list, spans...), or null when unlabeled. */
export type LabelValue = Json;
