import { describe, expect, it } from "vitest";
import labelColours from "../../../image_processing/label_colours.json";
import { labelColor } from "./label-color";

const { palette } = labelColours;

describe("labelColor", () => {
  it("takes the palette entry at the sum of the label's UTF-8 bytes, as the annotated download does", () => {
    expect(labelColor("person")).toBe(palette[(112 + 101 + 114 + 115 + 111 + 110) % palette.length]);
    expect(labelColor("dog")).toBe(palette[(100 + 111 + 103) % palette.length]);
  });

  it("counts the bytes of a non-ASCII label, not its characters", () => {
    // "é" is 0xC3 0xA9 in UTF-8 (its code point is 233).
    expect(labelColor("é")).toBe(palette[(0xc3 + 0xa9) % palette.length]);
  });

  it("gives every label a colour of the palette", () => {
    for (const label of ["", "cat", "traffic light", "hot dog"]) expect(palette).toContain(labelColor(label));
  });
});
