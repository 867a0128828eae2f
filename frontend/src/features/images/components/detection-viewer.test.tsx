import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { makeDetection, makeImageWithDetections } from "@/testing/factories";
import { DetectionViewer } from "./detection-viewer";

const cat = makeDetection({ label: "cat", confidence: 0.91, box: { x_min: 0.1, y_min: 0.2, x_max: 0.4, y_max: 0.6 } });
const dog = makeDetection({ label: "dog", confidence: 0.35, box: { x_min: 0.5, y_min: 0.5, x_max: 0.9, y_max: 0.95 } });
const person = makeDetection({ label: "person", confidence: 0.7, box: { x_min: 0, y_min: 0, x_max: 0.3, y_max: 1 } });

function boxes() {
  return screen.queryAllByTestId("detection-box");
}

describe("DetectionViewer", () => {
  it("draws a box at its fractional position, whatever size the photo is shown at", () => {
    const { container } = render(<DetectionViewer image={makeImageWithDetections([cat])} />);

    expect(container.querySelector("svg")).toHaveAttribute("viewBox", "0 0 1 1");
    const [box] = boxes();
    expect(box).toHaveAttribute("x", "0.1");
    expect(box).toHaveAttribute("y", "0.2");
    expect(Number(box.getAttribute("width"))).toBeCloseTo(0.3);
    expect(Number(box.getAttribute("height"))).toBeCloseTo(0.4);

    const tag = screen.getByRole("img", { name: "cat, 91% confidence" });
    expect(tag).toHaveStyle({ left: "10%", top: "20%" });
    expect(tag).toHaveTextContent("cat 91%");
  });

  it("hides boxes below the minimum confidence as the slider moves", () => {
    render(<DetectionViewer image={makeImageWithDetections([cat, dog, person])} />);
    expect(boxes()).toHaveLength(3);

    fireEvent.change(screen.getByRole("slider", { name: /minimum confidence/i }), { target: { value: "0.5" } });

    expect(boxes()).toHaveLength(2);
    expect(screen.queryByRole("img", { name: /^dog/ })).not.toBeInTheDocument();
    expect(screen.getByRole("img", { name: /^cat/ })).toBeInTheDocument();
  });

  it("hides a class when its toggle is switched off, and shows it again", async () => {
    render(<DetectionViewer image={makeImageWithDetections([cat, dog, person])} />);

    await userEvent.click(screen.getByRole("checkbox", { name: /person/ }));
    expect(screen.queryByRole("img", { name: /^person/ })).not.toBeInTheDocument();
    expect(boxes()).toHaveLength(2);

    await userEvent.click(screen.getByRole("checkbox", { name: /person/ }));
    expect(screen.getByRole("img", { name: /^person/ })).toBeInTheDocument();
  });

  it("links the annotated download to the chosen confidence", () => {
    render(<DetectionViewer image={makeImageWithDetections([cat])} />);

    fireEvent.change(screen.getByRole("slider", { name: /minimum confidence/i }), { target: { value: "0.6" } });

    expect(screen.getByRole("link", { name: /download annotated/i })).toHaveAttribute(
      "href",
      "/api/images/a0a0a0a0-0000-4000-8000-000000000001/annotated?min_confidence=0.6",
    );
  });
});
