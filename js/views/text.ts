/** Texts, always rendered as text (textContent), never parsed as HTML. */
import type { Item } from "../transport/window";
import type { View } from "./view";

export function textView(stage: HTMLElement): View {
  const text = document.createElement("div");
  text.className = "nbl-text";
  stage.replaceChildren(text);
  return {
    show(item: Item) {
      text.textContent = item.text ?? "";
    },
    destroy() {
      text.remove();
    },
  };
}
