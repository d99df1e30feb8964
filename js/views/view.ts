/** The contract every modality's view keeps: show one item in a stage element, then clean up. */
import type { Item } from "../transport/window";

export interface View {
  /** Replace the stage's content with this item; must be a synchronous DOM update. */
  show(item: Item): void;
  destroy(): void;
}
