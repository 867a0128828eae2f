import { describe, expect, it } from "vitest";
import { estimateTagSize, placeTags, TAG_GAP, type Rect, type Size, type TagSpot, type TagToPlace } from "./place-tags";

const AREA: Size = { width: 600, height: 400 };
const TAG: Size = { width: 90, height: 20 };

function tag(box: Rect, size: Size = TAG, smallSize?: Size): TagToPlace {
  return { box, size, smallSize };
}

const SMALL: Size = { width: 46, height: 16 };

function rectOf(spot: TagSpot | null, tagged: TagToPlace): Rect {
  if (spot === null) throw new Error("the tag was left out");
  return { ...spot, ...(spot.small && tagged.smallSize ? tagged.smallSize : tagged.size) };
}

/** Whether two rectangles share any area; touching edges do not count. */
function overlap(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** No two tags overlap or touch: each keeps TAG_GAP from the next. */
function expectApart(rects: Rect[]) {
  for (const [i, a] of rects.entries())
    for (const b of rects.slice(i + 1)) {
      const grown = {
        x: a.x - TAG_GAP,
        y: a.y - TAG_GAP,
        width: a.width + 2 * TAG_GAP,
        height: a.height + 2 * TAG_GAP,
      };
      expect(overlap(grown, b), `${JSON.stringify(a)} ${JSON.stringify(b)}`).toBe(false);
    }
}

describe("placeTags", () => {
  it("puts a lone tag just above its box's top-left corner", () => {
    expect(placeTags([tag({ x: 100, y: 100, width: 200, height: 150 })], AREA)).toEqual([
      { x: 100, y: 80, small: false },
    ]);
  });

  it("puts the tag below the box when there is no room above it", () => {
    expect(placeTags([tag({ x: 50, y: 0, width: 60, height: 50 })], AREA)).toEqual([{ x: 50, y: 50, small: false }]);
  });

  it("puts the tag inside a large box that fills the photo's height", () => {
    expect(placeTags([tag({ x: 50, y: 0, width: 400, height: 400 })], AREA)).toEqual([{ x: 50, y: 0, small: false }]);
  });

  it("never puts a tag inside a small box, even when there is nowhere else", () => {
    expect(placeTags([tag({ x: 0, y: 0, width: 150, height: 40 })], { width: 150, height: 40 })).toEqual([null]);
  });

  it("keeps every tag inside the photo", () => {
    const [spot] = placeTags([tag({ x: 560, y: 390, width: 40, height: 10 })], AREA);
    expect(spot).not.toBeNull();
    expect(spot!.x).toBeLessThanOrEqual(AREA.width - TAG.width);
    expect(spot!.y).toBeLessThanOrEqual(AREA.height - TAG.height);
    expect(spot!.x).toBeGreaterThanOrEqual(0);
    expect(spot!.y).toBeGreaterThanOrEqual(0);
  });

  it("gives two small boxes side by side tags that neither overlap nor cover a box", () => {
    const tags = [tag({ x: 200, y: 150, width: 40, height: 40 }), tag({ x: 242, y: 152, width: 40, height: 40 })];
    const spots = placeTags(tags, AREA);
    const rects = spots.map((spot, index) => rectOf(spot, tags[index]));
    expectApart(rects);
    for (const rect of rects) for (const { box } of tags) expect(overlap(rect, box)).toBe(false);
    expect(spots[0]).toEqual({ x: 200, y: 130, small: false }); // the first (most confident) keeps the best spot
    expect(rects[1].y).toBeGreaterThanOrEqual(192); // the second goes below, clear of both boxes
  });

  it("lets a tag hide a sliver of a large box beside its own (people in a crowd), never any of a small one", () => {
    const crowd = [tag({ x: 100, y: 100, width: 100, height: 200 }), tag({ x: 150, y: 90, width: 100, height: 200 })];
    const spots = placeTags(crowd, AREA);
    expect(spots).toEqual([
      { x: 100, y: 80, small: false }, // hides 40 × 10 of the second box: a fiftieth of it
      { x: 150, y: 290, small: false },
    ]);
    expectApart(spots.map((spot, index) => rectOf(spot, crowd[index])));

    const cupBeside = [tag({ x: 100, y: 100, width: 100, height: 200 }), tag({ x: 150, y: 90, width: 20, height: 20 })];
    const [first] = placeTags(cupBeside, AREA);
    expect(overlap(rectOf(first, cupBeside[0]), cupBeside[1].box)).toBe(false);
  });

  it("keeps a tag out of a box of its own that it would hide too much of", () => {
    const tall = { x: 0, y: 0, width: 100, height: 400 };
    expect(placeTags([tag(tall)], AREA)).toEqual([{ x: 0, y: 0, small: false }]); // 90 × 20 of 100 × 400
    const short = { x: 0, y: 0, width: 100, height: 100 };
    expect(placeTags([tag(short)], { width: 100, height: 100 })).toEqual([null]); // would hide 18% of it
  });

  it("shrinks a tag that finds no room at its full size", () => {
    // Three boxes in a column, 20 px apart: each tag fits above its box, between it and the one before.
    const column = [
      tag({ x: 100, y: 100, width: 100, height: 30 }, TAG, SMALL),
      tag({ x: 100, y: 150, width: 100, height: 30 }, TAG, SMALL),
      tag({ x: 100, y: 200, width: 100, height: 30 }, TAG, SMALL),
    ];
    const spots = placeTags(column, AREA);
    expect(spots[0]).toEqual({ x: 100, y: 80, small: false });
    expect(spots[1]).toEqual({ x: 100, y: 130, small: false });
    expect(spots[2]).toEqual({ x: 100, y: 180, small: false });

    // 18 px apart, the middle tag fits there only small (the last one goes below its box).

    const squeezed = [
      tag({ x: 100, y: 100, width: 100, height: 30 }, TAG, SMALL),
      tag({ x: 100, y: 148, width: 100, height: 30 }, TAG, SMALL),
      tag({ x: 100, y: 196, width: 100, height: 30 }, TAG, SMALL),
    ];
    const shrunk = placeTags(squeezed, AREA);
    expect(shrunk.map((spot) => spot?.small)).toEqual([false, true, false]);
    const rects = shrunk.map((spot, index) => rectOf(spot, squeezed[index]));
    expectApart(rects);
    for (const rect of rects) for (const { box } of squeezed) expect(overlap(rect, box)).toBe(false);
  });

  it("leaves out the text of tags that find no room, never letting two overlap", () => {
    const box = { x: 100, y: 100, width: 150, height: 200 };
    const tags = Array.from({ length: 8 }, () => tag(box, TAG, SMALL));
    const spots = placeTags(tags, AREA);
    expect(spots).toHaveLength(8);
    expect(spots.filter((spot) => spot !== null).length).toBeGreaterThanOrEqual(2);
    expect(spots.at(-1)).toBeNull();
    expectApart(spots.flatMap((spot, index) => (spot ? [rectOf(spot, tags[index])] : [])));
  });
});

describe("estimateTagSize", () => {
  it("grows with the text", () => {
    expect(estimateTagSize("person 77%").width).toBeGreaterThan(estimateTagSize("cat 9%").width);
    expect(estimateTagSize("cat 91%").height).toBe(20);
    expect(estimateTagSize("cat", true).width).toBeLessThan(estimateTagSize("cat").width);
    expect(estimateTagSize("cat", true).height).toBeLessThan(20);
  });
});
