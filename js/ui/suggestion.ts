/** Which suggestion is on screen: the item's, unless it is less sure than the user's threshold. */
import type { Suggestion } from "../protocol";

export function shownSuggestion(
  item: { suggestion?: Suggestion } | undefined,
  threshold: number | undefined,
): Suggestion | undefined {
  const s = item?.suggestion;
  return s && s.confidence >= (threshold ?? 0) ? s : undefined;
}
