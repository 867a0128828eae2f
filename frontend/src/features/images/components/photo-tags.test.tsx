import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { makeTag } from "@/testing/factories";
import { PhotoTags } from "./photo-tags";

describe("PhotoTags", () => {
  it("greys the tags the tagger is barely sure of as guesses, and never rounds a score up to 100%", () => {
    render(
      <PhotoTags
        tags={[
          makeTag({ name: "Egyptian cat", score: 0.9955 }),
          makeTag({ name: "tabby", score: 0.4 }),
          makeTag({ name: "lynx", score: 0.04 }),
        ]}
      />,
    );

    const tags = within(screen.getByRole("list", { name: "Tags" })).getAllByRole("listitem");
    expect(tags.map((tag) => tag.textContent)).toEqual(["Egyptian cat 99.6%", "tabby 40%", "lynx 4% (a guess)"]);
    expect(tags[2]).toHaveAttribute("title", "A guess: under 10%");
    expect(tags[1]).not.toHaveAttribute("title");
  });
});
