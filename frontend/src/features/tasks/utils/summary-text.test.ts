import { describe, expect, it } from "vitest";
import { summaryText } from "./summary-text";

describe("summaryText", () => {
  it("says what the chips count, or how many photos have text", () => {
    expect(summaryText("objects", { person: 16, cat: 2 }, 0.5)).toBe("Found 18 objects");
    expect(summaryText("tags", { tabby: 3 }, 0.5)).toBe("The best tag of each photo");
    expect(summaryText("text", { text: 3 }, 0.5)).toBe("Text in 3 photos");
    expect(summaryText("text", { text: 1 }, 0.5)).toBe("Text in 1 photo");
  });

  it("says that nothing was found, at what level for objects", () => {
    expect(summaryText("objects", {}, 0.5)).toBe("Nothing found at 50% or more.");
    expect(summaryText("tags", {}, 0.5)).toBe("No tags found.");
    expect(summaryText("text", {}, 0.5)).toBe("No text found.");
  });
});
