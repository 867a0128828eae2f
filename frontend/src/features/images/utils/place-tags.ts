// Where the label tags of a photo's boxes go: a pure function of the boxes, the tags' sizes and the area, all in
// the same units (the photo's pixels as shown). A tag sits next to its own box, hides no small box (its own or
// another's) and at most an eighth of a larger one, and keeps clear of every other tag; a tag that finds no such
// spot is shrunk, and failing that, left out (its box stays, and the viewer names it on hover).

export type Rect = { x: number; y: number; width: number; height: number };
export type Size = { width: number; height: number };
export type Point = { x: number; y: number };
/** A tag to place: its box, its size, and optionally a smaller size (shorter text, smaller type) to try next. */
export type TagToPlace = { box: Rect; size: Size; smallSize?: Size };
/** Where a tag goes, and whether at its small size; null when it found no room (its text is left out). */
export type TagSpot = Point & { small: boolean };

/** The room kept between two tags, so that no two touch. */
export const TAG_GAP = 2;
/** The most of a (large) box that tags may hide, all of them together. */
export const MAX_HIDDEN = 1 / 8;

function overlapArea(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

function grow(rect: Rect, by: number): Rect {
  return { x: rect.x - by, y: rect.y - by, width: rect.width + 2 * by, height: rect.height + 2 * by };
}

/** A box that a tag of this height would hide much of: less than three tags high or wide. No tag may touch it. */
export function isSmallBox(box: Rect, size: Size): boolean {
  return box.width < 3 * size.height || box.height < 3 * size.height;
}

/**
 * The spots a tag may take, best first: above its box (left- then right-aligned with it), below it, and inside
 * it (top, then bottom) where the box is as wide as the tag. A spot is slid sideways into the area; one that
 * does not fit the area's height is left out.
 */
function candidates(box: Rect, size: Size, area: Size): Point[] {
  const { width, height } = size;
  if (width > area.width) return [];
  const left = box.x;
  const right = box.x + box.width - width;
  const above = box.y - height;
  const below = box.y + box.height;
  const spots: Point[] = [
    { x: left, y: above },
    { x: right, y: above },
    { x: left, y: below },
    { x: right, y: below },
  ];
  if (box.width >= width) spots.push({ x: left, y: box.y }, { x: left, y: below - height });
  return spots
    .filter(({ y }) => y >= 0 && y + height <= area.height)
    .map(({ x, y }) => ({ x: Math.min(Math.max(x, 0), area.width - width), y }));
}

/**
 * Places the tags in the order given (put the most confident first: it gets the best spot). Each takes the first
 * spot, at its full size and then at its small size, that touches no small box, hides no more of a larger box
 * than `MAX_HIDDEN` of it (with the tags placed before) and keeps `TAG_GAP` from every tag placed before it; a
 * tag with no such spot gets null.
 */
export function placeTags(tags: TagToPlace[], area: Size): (TagSpot | null)[] {
  const boxes = tags.map((tag) => tag.box);
  const hidden = boxes.map(() => 0);
  const placed: Rect[] = [];
  const fits = (rect: Rect, size: Size) =>
    placed.every((other) => overlapArea(grow(rect, TAG_GAP), other) === 0) &&
    boxes.every((box, index) => {
      const overlap = overlapArea(rect, box);
      if (overlap === 0) return true;
      return !isSmallBox(box, size) && hidden[index] + overlap <= MAX_HIDDEN * box.width * box.height;
    });

  return tags.map(({ box, size, smallSize }) => {
    const sizes = smallSize ? [size, smallSize] : [size];
    for (const [index, tried] of sizes.entries()) {
      for (const spot of candidates(box, tried, area)) {
        const rect = { ...spot, ...tried };
        if (fits(rect, tried)) {
          placed.push(rect);
          boxes.forEach((other, at) => (hidden[at] += overlapArea(rect, other)));
          return { ...spot, small: index > 0 };
        }
      }
    }
    return null;
  });
}

/**
 * A tag's size in CSS pixels, from its text: bold 12 px type in a padded pill (measured in Chromium), or at the
 * small size, bold 10 px type in a narrower pill.
 */
export function estimateTagSize(text: string, small = false): Size {
  return small
    ? { width: Math.ceil(text.length * 6.2 + 8), height: 16 }
    : { width: Math.ceil(text.length * 7.4 + 14), height: 20 };
}
