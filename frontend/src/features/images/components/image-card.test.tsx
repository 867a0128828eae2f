import { describe, expect, it } from "vitest";
import { cssRules, declarationsOf, readCss } from "@/testing/stylesheet";

describe("ImageCard", () => {
  it("rings a card the keyboard focuses around its edge, where its photo cannot cover the ring", () => {
    const rules = cssRules(readCss(import.meta.url, "./image-card.module.css"));

    expect(declarationsOf(rules, ".card:has(.select:focus-visible)").outline).toBe("3px solid var(--accent)");
    // A ring drawn inside the select button lies under its photo.
    const insideRings = rules.filter(
      (rule) => rule.selector === ".select:focus-visible" && /inset|outline/.test(JSON.stringify(rule.declarations)),
    );
    expect(insideRings).toEqual([]);
  });
});
