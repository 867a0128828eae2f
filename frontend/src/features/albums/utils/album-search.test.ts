import { describe, expect, it } from "vitest";
import { liveAlbumSearch, liveSearchText } from "./album-search";

describe("liveAlbumSearch", () => {
  it("keeps the query, and the minimum confidence with it", () => {
    expect(liveAlbumSearch({ query: "dog", label: null, minConfidence: 0.5 })).toEqual({
      query: "dog",
      filters: { min_confidence: 0.5 },
    });
  });

  it("keeps the filters without a query, and no confidence without a label", () => {
    expect(liveAlbumSearch({ label: null, minConfidence: 0.5, takenAfter: "2024-05-01" })).toEqual({
      filters: { taken_after: "2024-05-01" },
    });
  });
});

describe("liveSearchText", () => {
  it("says the search and its filters", () => {
    expect(liveSearchText({ query: "dog -car", filters: { label: "cat", min_confidence: 0.6 } })).toBe(
      "“dog -car” · with “cat” ≥ 60%",
    );
    expect(liveSearchText({ query: "", filters: {} })).toBe("");
  });
});
