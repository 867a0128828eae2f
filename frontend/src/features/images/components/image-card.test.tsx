import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { makeImage, makeMatch } from "@/testing/factories";
import { renderWithProviders } from "@/testing/render";
import { cssRules, declarationsOf, readCss } from "@/testing/stylesheet";
import type { Image } from "@/types/api";
import { ImageCard } from "./image-card";

function renderCard(image: Image) {
  renderWithProviders(
    <ul>
      <ImageCard
        image={image}
        selected={false}
        minConfidence={0.5}
        showMatches
        openHref={`/photos/${image.id}`}
        onToggle={() => {}}
        onOpen={() => {}}
      />
    </ul>,
  );
}

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

  it("quotes the line of text a search matched, cut to its room with an ellipsis", () => {
    const line = "Wi-Fi password: sunflower";
    renderCard(
      makeImage({ has_text: true, matches: [makeMatch({ term: "text:sunflower", matched: line, kind: "text" })] }),
    );

    const reason = screen.getByText(/^Matched:/).closest("p");
    expect(reason).toHaveTextContent(`Matched: text:sunflower: “${line}”`);
    const rules = cssRules(readCss(import.meta.url, "./image-card.module.css"));
    expect(declarationsOf(rules, ".matches")["line-clamp"]).toBe("2");
  });

  it("marks a photo with text, and says when only its text was read", () => {
    renderCard(makeImage({ has_text: true }));
    expect(screen.getByRole("img", { name: "Has text" })).toBeInTheDocument();
    expect(screen.getByText("Text read, not searched for objects")).toBeInTheDocument();
  });

  it("marks no photo without text", () => {
    renderCard(makeImage());
    expect(screen.queryByRole("img", { name: "Has text" })).not.toBeInTheDocument();
  });
});
