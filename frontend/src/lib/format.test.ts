import { describe, expect, it } from "vitest";
import { formatBytes, formatDuration } from "./format";

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

describe("formatBytes", () => {
  it.each([
    [0, "0 bytes"],
    [512, "512 bytes"],
    [240_000, "240 KB"],
    [3_400_000, "3.4 MB"],
    [1_250_000_000, "1.3 GB"],
  ])("formats %s bytes as %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
