/** The synced traits, named exactly as in Python (widgets/_base.py, widgets/labeler.py). */
export interface Model {
  _view: "text" | "image" | "classify";
  labels: string[];
  label_keys: string[];
  multi: boolean;
  instructions: string;
  total: number;
  done: number;
  counts: Record<string, number>;
  model_status: string;
  _live: boolean;
}

/** A label value: one label, several (multi-label), or none (cleared by undo). */
export type LabelValue = string | string[] | null;
