// Where the label tags of a photo's boxes go, so that no tag hides another: a pure function of the boxes,
// the tags' sizes and the area, all in the same units (the photo's pixels as shown).

export type Rect = { x: number; y: number; width: number; height: number };
export type Size = { width: number; height: number };
export type Point = { x: number; y: number };
export type TagToPlace = { box: Rect; size: Size };

function overlapArea(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), Math.max(low, high));
}

/**
 * The spots a tag may take, best first: just above its box's top-left corner (it covers nothing of the
 * box), just inside it, just below the box; then stacked further up, further down inside the box, and
 * at the box's right edge. Every spot is kept inside the area.
 */
function candidates({ box, size }: TagToPlace, area: Size): Point[] {
  const { width, height } = size;
  const left = box.x;
  const right = box.x + box.width - width;
  const spots: Point[] = [
    { x: left, y: box.y - height },
    { x: left, y: box.y },
    { x: left, y: box.y + box.height },
  ];
  const rows = Math.max(1, Math.ceil(Math.max(area.height, box.height) / height));
  for (let row = 1; row <= rows; row += 1) {
    spots.push({ x: left, y: box.y - (row + 1) * height });
    spots.push({ x: left, y: box.y + row * height });
  }
  for (let row = 0; row <= rows; row += 1) spots.push({ x: right, y: box.y + row * height });
  return spots.map(({ x, y }) => ({
    x: clamp(x, 0, area.width - width),
    y: clamp(y, 0, area.height - height),
  }));
}

/**
 * Places the tags in the order given (put the most confident first: it gets the best spot). Each takes
 * the first spot that overlaps no tag placed before it; when every spot overlaps some tag, the spot that
 * overlaps least.
 */
export function placeTags(tags: TagToPlace[], area: Size): Point[] {
  const placed: Rect[] = [];
  return tags.map((tag) => {
    let best: Point | undefined;
    let bestOverlap = Infinity;
    for (const spot of candidates(tag, area)) {
      const rect = { ...spot, ...tag.size };
      const overlap = placed.reduce((sum, other) => sum + overlapArea(rect, other), 0);
      if (overlap < bestOverlap) {
        best = spot;
        bestOverlap = overlap;
      }
      if (overlap === 0) break;
    }
    const spot = best ?? { x: 0, y: 0 };
    placed.push({ ...spot, ...tag.size });
    return spot;
  });
}

/** A tag's size in CSS pixels, from its text: bold 12 px type in a padded pill (measured in Chromium). */
export function estimateTagSize(text: string): Size {
  return { width: Math.ceil(text.length * 7.4 + 14), height: 20 };
}
