import { describe, expect, it } from "vitest";
import { estimateTagSize, placeTags, type Point, type Rect, type Size, type TagToPlace } from "./place-tags";

const AREA: Size = { width: 600, height: 400 };
const TAG: Size = { width: 90, height: 20 };

function tag(box: Rect, size: Size = TAG): TagToPlace {
  return { box, size };
}

function overlaps(a: Point, b: Point, size: Size = TAG): boolean {
  return Math.abs(a.x - b.x) < size.width && Math.abs(a.y - b.y) < size.height;
}

function noTwoOverlap(spots: Point[]) {
  for (const [i, a] of spots.entries())
    for (const b of spots.slice(i + 1)) expect(overlaps(a, b), `${JSON.stringify(a)} ${JSON.stringify(b)}`).toBe(false);
}

describe("placeTags", () => {
  it("puts a lone tag just above its box's top-left corner", () => {
    expect(placeTags([tag({ x: 100, y: 100, width: 200, height: 150 })], AREA)).toEqual([{ x: 100, y: 80 }]);
  });

  it("puts the tag inside the box when the box touches the top of the photo", () => {
    expect(placeTags([tag({ x: 50, y: 0, width: 200, height: 150 })], AREA)).toEqual([{ x: 50, y: 0 }]);
  });

  it("keeps every tag inside the photo", () => {
    const [spot] = placeTags([tag({ x: 560, y: 390, width: 40, height: 10 })], AREA);
    expect(spot.x).toBeLessThanOrEqual(AREA.width - TAG.width);
    expect(spot.y).toBeLessThanOrEqual(AREA.height - TAG.height);
    expect(spot.x).toBeGreaterThanOrEqual(0);
    expect(spot.y).toBeGreaterThanOrEqual(0);
  });

  it("moves a tag that would hide another (two people side by side, as in kite.jpg)", () => {
    const spots = placeTags(
      [tag({ x: 200, y: 150, width: 60, height: 180 }), tag({ x: 230, y: 155, width: 60, height: 170 })],
      AREA,
    );
    expect(spots[0]).toEqual({ x: 200, y: 130 }); // the first (most confident) keeps the best spot
    noTwoOverlap(spots);
  });

  it("stacks the tags of many boxes at one place", () => {
    const box = { x: 100, y: 100, width: 150, height: 200 };
    const spots = placeTags(
      Array.from({ length: 8 }, () => tag(box)),
      AREA,
    );
    noTwoOverlap(spots);
  });

  it("overlaps as little as it can when the photo is too small for all", () => {
    const tiny = { width: 100, height: 40 };
    const spots = placeTags(
      Array.from({ length: 3 }, () => tag({ x: 0, y: 0, width: 100, height: 40 })),
      tiny,
    );
    expect(spots).toHaveLength(3);
    expect(spots[1]).not.toEqual(spots[0]);
  });
});

describe("estimateTagSize", () => {
  it("grows with the text", () => {
    expect(estimateTagSize("person 77%").width).toBeGreaterThan(estimateTagSize("cat 9%").width);
    expect(estimateTagSize("cat 91%").height).toBe(20);
  });
});
