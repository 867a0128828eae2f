import { describe, expect, it } from "vitest";
import type { DuplicateGroup, DuplicatePhoto } from "../api/get-duplicates";
import type { Resolution } from "../api/resolve-group";
import { mergedText, resolvedText } from "./resolution-text";

const photo = (id: string, filename: string) => ({ id, filename }) as DuplicatePhoto;
const GROUP: DuplicateGroup = {
  id: "a",
  kind: "duplicate",
  photos: [photo("a", "a.jpg"), photo("b", "b.jpg"), photo("c", "c.jpg")],
};
const resolved = (resolution: Resolution) => ({ group: GROUP, resolution });

describe("resolvedText", () => {
  it("names the photos kept and counts those trashed", () => {
    expect(resolvedText(resolved({ kept: ["a"], trashed: ["b", "c"], merged: [] }))).toBe(
      "Kept a.jpg; 2 photos moved to the trash.",
    );
    expect(resolvedText(resolved({ kept: ["a", "b"], trashed: ["c"], merged: [] }))).toBe(
      "Kept a.jpg and b.jpg; 1 photo moved to the trash.",
    );
  });

  it("says a group kept whole is no longer listed", () => {
    expect(resolvedText(resolved({ kept: ["a", "b", "c"], trashed: [], merged: [] }))).toBe(
      "Kept all 3 photos; they are no longer listed as duplicates.",
    );
  });
});

describe("mergedText", () => {
  it("says what the first photo kept took from those trashed, the place once", () => {
    expect(mergedText(resolved({ kept: ["b"], trashed: ["a"], merged: ["latitude", "longitude", "camera"] }))).toBe(
      "b.jpg took its place and camera from the copy moved to the trash.",
    );
  });

  it("says nothing when nothing was taken", () => {
    expect(mergedText(resolved({ kept: ["a"], trashed: ["b"], merged: [] }))).toBeNull();
  });
});
