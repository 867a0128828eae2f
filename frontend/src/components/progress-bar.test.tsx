import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ProgressBar } from "./progress-bar";

describe("ProgressBar", () => {
  it("exposes its value, range and label to assistive technology", () => {
    render(<ProgressBar value={42} label="detect task progress" />);

    const bar = screen.getByRole("progressbar", { name: "detect task progress" });
    expect(bar).toHaveAttribute("aria-valuenow", "42");
    expect(bar).toHaveAttribute("aria-valuemin", "0");
    expect(bar).toHaveAttribute("aria-valuemax", "100");
  });

  it("shows the percent as text", () => {
    render(<ProgressBar value={42} label="detect task progress" />);

    expect(screen.getByText("42%")).toBeInTheDocument();
  });

  it("only reaches 100% when the work is complete and stays within range", () => {
    const { rerender } = render(<ProgressBar value={99.7} label="almost" />);
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "99");

    rerender(<ProgressBar value={140} label="almost" />);
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");

    rerender(<ProgressBar value={-5} label="almost" />);
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "0");
  });
});
