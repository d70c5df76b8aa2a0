// What a motif painter receives, and what it returns. Each painter draws one kind of image
// (moon, boat, pine …) onto the stage's layers; the registry maps motif names to painters.
import type { ImageryItem } from '../../../prompts/shot-plan.js';
import type { LayerName, Stage } from '../stage.js';

export interface MotifRequest {
  stage: Stage;
  /** The imagery item that asked for this motif (its term and visual guide details). */
  item: ImageryItem;
  /** True for the shot's main subject: painted larger and given the camera's focus. */
  primary: boolean;
}

export interface MotifPainter {
  /** The layer it paints on (painters may also add animations). */
  layer: LayerName;
  /** Lower paints first within a layer. */
  order: number;
  paint(request: MotifRequest): void;
}

/** True when the item's words or visual description mention any of the hints. */
export function mentions(item: ImageryItem, ...hints: string[]): boolean {
  const text = `${item.term} ${item.visual}`.toLowerCase();
  return hints.some((hint) => text.includes(hint.toLowerCase()));
}
