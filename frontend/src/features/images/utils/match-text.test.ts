import { describe, expect, it } from "vitest";
import { makeMatch } from "@/testing/factories";
import { groupMatches, matchesText } from "./match-text";

describe("what a photo matched", () => {
  it("groups the matches by term, in the query's order, the surest first within each", () => {
    const matches = [
      makeMatch({ term: "cat", matched: "Egyptian cat", kind: "tag", confidence: 0.86 }),
      makeMatch({ term: "cat", matched: "cat", kind: "detection", confidence: 0.91 }),
      makeMatch({ term: "cup", matched: "espresso", kind: "tag", confidence: 0.4 }),
    ];

    expect(groupMatches(matches)).toEqual([
      { term: "cat", found: ["cat (box 91%)", "Egyptian cat (tag 86%)"] },
      { term: "cup", found: ["espresso (tag 40%)"] },
    ]);
    expect(matchesText(matches)).toBe("cat: cat (box 91%) · Egyptian cat (tag 86%); cup: espresso (tag 40%)");
    expect(matchesText([])).toBe("");
  });

  it("quotes the line of text a term matched", () => {
    const matches = [
      makeMatch({ term: "text:sunflower", matched: "Wi-Fi password: sunflower", kind: "text", confidence: 0.97 }),
    ];

    expect(matchesText(matches)).toBe("text:sunflower: “Wi-Fi password: sunflower”");
  });
});
