/** Images, swapped in already decoded from the prefetch window. */
import type { Item } from "../transport/window";
import type { View } from "./view";

export function imageView(stage: HTMLElement): View {
  const frame = document.createElement("div");
  frame.className = "nbl-image-frame";
  stage.replaceChildren(frame);
  return {
    show(item: Item) {
      if (item.image) frame.replaceChildren(item.image.img);
      else frame.replaceChildren();
    },
    destroy() {
      frame.remove();
    },
  };
}
