import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import labelColours from "../../../image_processing/label_colours.json";
import { contrast, cssRules, declarationsOf, over, readCss, resolveColor, themes } from "@/testing/stylesheet";
import { LabelChips } from "./label-chips";

describe("LabelChips", () => {
  it("lists the labels, most found first, with a count where there are several", () => {
    render(<LabelChips labels={{ cat: 1, person: 2 }} />);

    const chips = within(screen.getByRole("list", { name: "Objects found" })).getAllByRole("listitem");
    expect(chips.map((chip) => chip.textContent)).toEqual(["person×2", "cat"]);
  });

  it("shows its counts at 4.5:1 at least, whatever the label's colour, in both themes", () => {
    const rules = cssRules(readCss(import.meta.url, "./label-chips.module.css"));
    const chip = declarationsOf(rules, ".chip");
    // The count inherits the chip's colour unless it has one of its own.
    const countColor = declarationsOf(rules, ".count").color ?? chip.color;
    for (const [theme, tokens] of Object.entries(themes())) {
      for (const surface of ["--surface", "--surface-raised"]) {
        for (const chipColor of labelColours.palette) {
          const vars = { ...tokens, "--chip-color": chipColor };
          const background = over(resolveColor(chip.background, vars), resolveColor(`var(${surface})`, vars));
          const ratio = contrast(resolveColor(countColor, vars), background);
          expect(ratio, `${theme} theme, on ${surface}, chip ${chipColor}`).toBeGreaterThanOrEqual(4.5);
        }
      }
    }
  });
});
