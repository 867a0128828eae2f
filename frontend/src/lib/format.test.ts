import { describe, expect, it } from "vitest";
import { formatDuration } from "./format";

describe("formatDuration", () => {
  it.each([
    [0.2, "less than a second"],
    [45, "45 s"],
    [60, "1 min"],
    [185, "3 min 5 s"],
    [7800, "2 h 10 min"],
  ])("formats %s seconds as %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
