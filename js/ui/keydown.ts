/**
 * Which key presses on the root are the labeler's: not keys typed into a field of ours, not
 * keys the keymap does not know (those get a notice), and a held key repeats only for moving.
 * Apart from the controller because this reads DOM events; the controller acts on bindings.
 */
import type { AnyModel } from "@anywidget/types";
import { bindingFor } from "../keys";
import type { Binding, Model } from "../model";
import type { HelpOverlay } from "./help";
import type { StatusBar } from "./status";

/** Where keys are typed into a field of ours (the go-to prompt, the filter menu): not bindings. */
const FIELDS = "input, textarea, select, .nbl-menu";

/** Listen for keys on `root` and hand each binding to `session.act`; returns what stops that. */
export function listenKeys(
  root: HTMLElement,
  model: AnyModel<Model>,
  help: HelpOverlay,
  status: StatusBar,
  session: { act(binding: Binding): void },
): () => void {
  const onKey = (event: KeyboardEvent): void => {
    if (event.target instanceof Element && event.target !== root && event.target.closest(FIELDS)) return;
    const binding = bindingFor(event, model.get("keymap"));
    if (help.open && binding?.action !== "help") help.close(); // any key closes it, and acts
    if (!binding) {
      if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey && event.key !== " ") {
        event.stopPropagation();
        status.notice(`${event.key} is not a key here · ? lists them`);
      }
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    // A held key repeats: fine for moving, never for labeling one item after another.
    if (event.repeat && !binding.repeat && binding.action !== "back" && binding.action !== "forward") return;
    session.act(binding);
  };
  root.addEventListener("keydown", onKey);
  return () => root.removeEventListener("keydown", onKey);
}
