import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { makeDetection, makeImageWithDetections } from "@/testing/factories";
import { DetectionViewer } from "./detection-viewer";

const cat = makeDetection({ label: "cat", confidence: 0.91, box: { x_min: 0.1, y_min: 0.2, x_max: 0.4, y_max: 0.6 } });
const dog = makeDetection({ label: "dog", confidence: 0.35, box: { x_min: 0.5, y_min: 0.5, x_max: 0.9, y_max: 0.95 } });
const person = makeDetection({ label: "person", confidence: 0.7, box: { x_min: 0, y_min: 0, x_max: 0.3, y_max: 1 } });
const people = [0.77, 0.56, 0.3].map((confidence, index) =>
  makeDetection({
    label: "person",
    confidence,
    box: { x_min: 0.3 + index * 0.01, y_min: 0.4, x_max: 0.5, y_max: 0.9 },
  }),
);

function boxes() {
  return screen.queryAllByTestId("detection-box");
}

function slide(value: number) {
  fireEvent.change(screen.getByRole("slider", { name: /minimum confidence/i }), { target: { value: String(value) } });
}

function percent(style: string): number {
  return Number.parseFloat(style);
}

describe("DetectionViewer", () => {
  it("draws a box at its fractional position, its tag just above it", () => {
    const { container } = render(<DetectionViewer image={makeImageWithDetections([cat])} initialMinConfidence={0} />);

    expect(container.querySelector("svg")).toHaveAttribute("viewBox", "0 0 1 1");
    const [box] = boxes();
    expect(box).toHaveAttribute("x", "0.1");
    expect(box).toHaveAttribute("y", "0.2");
    expect(Number(box.getAttribute("width"))).toBeCloseTo(0.3);
    expect(Number(box.getAttribute("height"))).toBeCloseTo(0.4);

    const tag = screen.getByRole("img", { name: "cat, 91% confidence" });
    expect(tag).toHaveTextContent("cat 91%");
    expect(percent(tag.style.left)).toBeCloseTo(10);
    expect(percent(tag.style.top)).toBeLessThan(20);
    expect(percent(tag.style.top)).toBeGreaterThan(10);
  });

  it("opens at the gallery's minimum confidence and hides boxes below it as the slider moves", () => {
    render(<DetectionViewer image={makeImageWithDetections([cat, dog, person])} initialMinConfidence={0.5} />);
    expect(screen.getByRole("slider", { name: /minimum confidence/i })).toHaveValue("0.5");
    expect(boxes()).toHaveLength(2);
    expect(screen.queryByRole("img", { name: /^dog/ })).not.toBeInTheDocument();

    slide(0.8);
    expect(boxes()).toHaveLength(1);
    expect(screen.getByRole("img", { name: /^cat/ })).toBeInTheDocument();

    slide(0.3);
    expect(boxes()).toHaveLength(3);
  });

  it("counts each class at the slider's level", () => {
    render(<DetectionViewer image={makeImageWithDetections([cat, ...people])} initialMinConfidence={0.5} />);
    expect(screen.getByRole("checkbox", { name: "person (2)" })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: "cat (1)" })).toBeChecked();

    slide(0.8);
    expect(screen.getByRole("checkbox", { name: "person (0)" })).toBeInTheDocument();
    expect(screen.getByText("Found (1)")).toBeInTheDocument();

    slide(0);
    expect(screen.getByRole("checkbox", { name: "person (3)" })).toBeInTheDocument();
  });

  it("hides a class when its toggle is switched off, and shows it again", async () => {
    render(<DetectionViewer image={makeImageWithDetections([cat, dog, person])} initialMinConfidence={0} />);

    await userEvent.click(screen.getByRole("checkbox", { name: /person/ }));
    expect(screen.queryByRole("img", { name: /^person/ })).not.toBeInTheDocument();
    expect(boxes()).toHaveLength(2);

    await userEvent.click(screen.getByRole("checkbox", { name: /person/ }));
    expect(screen.getByRole("img", { name: /^person/ })).toBeInTheDocument();
  });

  it("keeps overlapping tags apart", () => {
    render(<DetectionViewer image={makeImageWithDetections(people)} initialMinConfidence={0} />);

    const tops = screen.getAllByRole("img", { name: /^person/ }).map((tag) => percent(tag.style.top));
    expect(new Set(tops.map((top) => top.toFixed(2))).size).toBe(3);
  });

  it("links the annotated download to the chosen confidence and names it after the photo", () => {
    render(<DetectionViewer image={makeImageWithDetections([cat])} initialMinConfidence={0.5} />);

    slide(0.6);

    const download = screen.getByRole("link", { name: /download annotated/i });
    expect(download).toHaveAttribute(
      "href",
      "/api/images/a0a0a0a0-0000-4000-8000-000000000001/annotated?min_confidence=0.6",
    );
    expect(download).toHaveAttribute("download", "chelsea-annotated.jpg");
  });

  it("says what the model found nothing at, and offers no download with nothing to draw", () => {
    render(<DetectionViewer image={makeImageWithDetections([dog])} initialMinConfidence={0.5} />);

    expect(screen.getByText("No objects found by ssd_mobilenet_v2_coco_2018_03_29 at ≥ 50%.")).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: /download annotated/i })).not.toBeInTheDocument();

    slide(0.3);
    expect(screen.getByRole("link", { name: /download annotated/i })).toBeInTheDocument();
  });

  it("tells a photo examined with nothing found from one never examined", () => {
    const { unmount } = render(
      <DetectionViewer
        image={makeImageWithDetections([], { analysed_by: "ssd-mobilenet" })}
        initialMinConfidence={0.5}
      />,
    );
    expect(screen.getByText("No objects found by ssd-mobilenet at ≥ 50%.")).toBeInTheDocument();
    unmount();

    render(<DetectionViewer image={makeImageWithDetections([], { analysed_by: null })} initialMinConfidence={0.5} />);
    expect(screen.getByText(/^Not analysed yet/)).toBeInTheDocument();
    expect(screen.queryByText(/No objects found/)).not.toBeInTheDocument();
    expect(screen.queryByRole("link", { name: /download annotated/i })).not.toBeInTheDocument();
  });
});
