import { describe, expect, it } from "vitest";
import { dimensionsText, formatName, sharpnessOf } from "./photo-facts";

describe("formatName", () => {
  it("names the formats photos come in", () => {
    expect(formatName("image/jpeg")).toBe("JPEG");
    expect(formatName("image/png")).toBe("PNG");
    expect(formatName("image/webp")).toBe("WebP");
    expect(formatName("image/heic")).toBe("HEIC");
    expect(formatName("image/avif")).toBe("AVIF");
  });
});

describe("dimensionsText", () => {
  it("says width by height", () => {
    expect(dimensionsText({ width: 4032, height: 3024 })).toBe("4032×3024");
  });
});

describe("sharpnessOf", () => {
  it("says blurry, soft or sharp, with a bar full from 0.5", () => {
    expect(sharpnessOf(0.02)).toEqual({ level: "blurry", percent: 4 });
    expect(sharpnessOf(0.15)).toEqual({ level: "soft", percent: 30 });
    expect(sharpnessOf(0.3)).toEqual({ level: "sharp", percent: 60 });
    expect(sharpnessOf(0.9)).toEqual({ level: "sharp", percent: 100 });
  });

  it("says unknown when the sharpness was never measured", () => {
    expect(sharpnessOf(null)).toEqual({ level: "unknown", percent: null });
    expect(sharpnessOf(undefined)).toEqual({ level: "unknown", percent: null });
  });
});
