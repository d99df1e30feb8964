/**
 * The contract between the shared controller and one kind of labeling (a task).
 *
 * The controller owns navigation, the prefetch window, the outbox and undo. A task module,
 * `js/tasks/<name>.ts` for the Python task named `<name>`, exports `mount`, which draws the
 * item, turns its keys into a value, and hands that value to `commit`.
 */
import type { AnyModel } from "@anywidget/types";
import type { Binding, LabelValue, Model } from "./model";
import type { TaskChannel } from "./protocol";
import type { Item, Prepare } from "./transport/window";

export interface TaskContext {
  /** The widget model; a task reads its own traits from it too (e.g. `multi`). */
  model: AnyModel<Model>;
  /** Where the item shows; cleared and refilled by `show`. */
  stage: HTMLElement;
  /** Below the item: the task's buttons and hints. */
  controls: HTMLElement;
  /** Store `value` for `item` and move on: queued in the outbox, never waiting for the kernel. */
  commit(item: Item, value: LabelValue, options?: { suggested?: boolean }): void;
  /** Do what a key does (a click on a button): acts on the item on screen, if there is one. */
  act(binding: Binding): void;
  /** A short, non-blocking message: why a key did nothing. */
  notice(text: string): void;
  /** The task's own messages to and from the kernel. */
  channel: TaskChannel;
}

export interface TaskView {
  /** Show this item (its stored or pending value is `item.label`): a synchronous DOM update. */
  show(item: Item): void;
  /** A key of the task's (any action the controller does not own); `item` is on screen. */
  act(binding: Binding, item: Item): void;
  /** Undo: take back the task's own last unsaved edit of `item` and say true, else the
   * controller undoes the last saved label. */
  undo?(item: Item): boolean;
  destroy(): void;
}

export interface TaskModule {
  mount(ctx: TaskContext): TaskView;
  /** Prepares an item's bytes as it arrives (decoding images early); none by default. */
  prepare?: Prepare;
}

/** The task's module, bundled: `js/tasks/<name>.ts`. An unknown name rejects, naming it. */
export async function loadTask(name: string): Promise<TaskModule> {
  if (!/^[a-z][a-z0-9_-]*$/.test(name)) throw new Error(`nblabel: no task named ${JSON.stringify(name)}`);
  try {
    return (await import(`./tasks/${name}.ts`)) as TaskModule;
  } catch {
    throw new Error(`nblabel: no task named ${JSON.stringify(name)} in this build of the frontend`);
  }
}
