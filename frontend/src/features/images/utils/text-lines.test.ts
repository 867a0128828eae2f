import { describe, expect, it } from "vitest";
import { makeMatch, makeTextLine } from "@/testing/factories";
import { highlightedLines, linesText, matchedLines } from "./text-lines";

const bakery = makeTextLine({ text: "Lisboa Bakery" });
const wifi = makeTextLine({ text: "Wi-Fi password: sunflower" });

describe("matchedLines", () => {
  it("keeps the lines that text matches found, not the labels or tags", () => {
    const matches = [
      makeMatch({ term: "text:sunflower", matched: "Wi-Fi password: sunflower", kind: "text" }),
      makeMatch({ term: "cat", matched: "cat", kind: "detection" }),
    ];
    expect([...matchedLines(matches)]).toEqual(["Wi-Fi password: sunflower"]);
  });
});

describe("highlightedLines", () => {
  it("highlights the line pointed at, else those the search matched", () => {
    const matched = new Set(["Wi-Fi password: sunflower"]);
    expect([...highlightedLines([bakery, wifi], matched, null)]).toEqual([1]);
    expect([...highlightedLines([bakery, wifi], matched, 0)]).toEqual([0]);
    expect([...highlightedLines([bakery, wifi], new Set(), null)]).toEqual([]);
  });
});

describe("linesText", () => {
  it("puts each line on a line of its own", () => {
    expect(linesText([bakery, wifi])).toBe("Lisboa Bakery\nWi-Fi password: sunflower");
  });
});
