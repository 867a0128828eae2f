import { act, fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { DEFAULT_MODEL, makeDetection, makeImageWithDetections, makeTextLine } from "@/testing/factories";
import { DetectionViewer, nothingShownText } from "./detection-viewer";

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

  it("keeps overlapping tags apart, a box whose tag finds no room naming itself on hover", () => {
    render(<DetectionViewer image={makeImageWithDetections(people)} initialMinConfidence={0} />);

    const [first, second, third] = screen.getAllByRole("img", { name: /^person/ });
    expect(first).toHaveAccessibleName("person, 77% confidence");
    expect(first).toHaveTextContent("person 77%");
    expect(percent(first.style.top)).toBeLessThan(40); // above the boxes
    expect(second).toHaveTextContent("person 56%");
    expect(percent(second.style.top)).toBeGreaterThanOrEqual(90); // below them
    // No room left for the third tag: its box stays drawn, and names itself on hover.
    expect(boxes()).toHaveLength(3);
    expect(third).toHaveAccessibleName("person, 30% confidence");
    expect(third).toHaveAttribute("title", "person 30%");
    expect(third).toHaveAttribute("data-fit", "hover");
    expect(percent(third.style.left)).toBeCloseTo(32);
    expect(percent(third.style.top)).toBeCloseTo(40);
    expect(percent(third.style.height)).toBeCloseTo(50);
  });

  it("gives two small boxes side by side tags that overlap neither each other nor a box", () => {
    const cups = [0.9, 0.8].map((confidence, index) =>
      makeDetection({
        label: "cup",
        confidence,
        box: { x_min: 0.4 + index * 0.1, y_min: 0.4, x_max: 0.49 + index * 0.1, y_max: 0.5 },
      }),
    );
    render(<DetectionViewer image={makeImageWithDetections(cups)} initialMinConfidence={0} />);

    const tags = screen.getAllByRole("img", { name: /^cup/ });
    expect(tags.map((tag) => tag.dataset.fit)).toEqual(["full", "full"]);
    const [top, bottom] = tags.map((tag) => percent(tag.style.top));
    expect(top).toBeLessThan(40); // above the first box
    expect(bottom).toBeGreaterThanOrEqual(50); // below the second, clear of the first tag
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

describe("DetectionViewer with several models", () => {
  // The shipped model found a cat and two people; the "herons" model a bird and a person.
  const shipped = [cat, ...people.slice(0, 2)];
  const herons = [
    makeDetection({
      model: "herons",
      label: "bird",
      confidence: 0.88,
      box: { x_min: 0.6, y_min: 0.1, x_max: 0.9, y_max: 0.4 },
    }),
    makeDetection({
      model: "herons",
      label: "person",
      confidence: 0.62,
      box: { x_min: 0.3, y_min: 0.4, x_max: 0.5, y_max: 0.9 },
    }),
  ];
  const image = makeImageWithDetections([...shipped, ...herons]);

  function boxModels() {
    return boxes().map((box) => box.getAttribute("data-model"));
  }

  it("shows one model's boxes at a time, the default model's first, and switches between them", async () => {
    render(<DetectionViewer image={image} initialMinConfidence={0.5} defaultModel={DEFAULT_MODEL} />);

    const model = screen.getByRole("combobox", { name: "Model" });
    expect(image.examined_by).toEqual(["herons", DEFAULT_MODEL]);
    expect(model).toHaveValue(DEFAULT_MODEL);
    expect(boxModels()).toEqual([DEFAULT_MODEL, DEFAULT_MODEL, DEFAULT_MODEL]);
    expect(screen.getByText("Found (3)")).toBeInTheDocument();
    expect(screen.queryByRole("checkbox", { name: /bird/ })).not.toBeInTheDocument();

    await userEvent.selectOptions(model, "herons");

    expect(boxModels()).toEqual(["herons", "herons"]);
    expect(screen.getByRole("img", { name: "bird, 88% confidence" })).toBeInTheDocument();
    expect(screen.queryByRole("img", { name: /^cat/ })).not.toBeInTheDocument();
    expect(screen.getByText("Found (2)")).toBeInTheDocument();
    expect(screen.getByRole("checkbox", { name: "person (1)" })).toBeInTheDocument();
    expect(screen.queryByRole("checkbox", { name: /cat/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
  });

  it("shows the first model that examined the photo where the default one has not", () => {
    const examined = makeImageWithDetections(herons, { analysed_by: "herons", examined_by: ["herons", "owls"] });
    render(<DetectionViewer image={examined} initialMinConfidence={0.5} defaultModel={DEFAULT_MODEL} />);

    expect(screen.getByRole("combobox", { name: "Model" })).toHaveValue("herons");
    expect(boxModels()).toEqual(["herons", "herons"]);
  });

  it("offers no choice of model on a photo only one model has examined", () => {
    render(<DetectionViewer image={makeImageWithDetections(shipped)} initialMinConfidence={0.5} />);

    expect(screen.queryByRole("combobox", { name: "Model" })).not.toBeInTheDocument();
    expect(screen.queryByRole("combobox", { name: "Compare with" })).not.toBeInTheDocument();
    expect(boxes()).toHaveLength(3);
  });

  it("compares two models: both drawn in their own colours, a legend, and their counts per class", async () => {
    render(<DetectionViewer image={image} initialMinConfidence={0.5} defaultModel={DEFAULT_MODEL} />);

    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Compare with" }), "herons");

    expect(boxModels()).toEqual([DEFAULT_MODEL, "herons", DEFAULT_MODEL, "herons", DEFAULT_MODEL]);
    const [first, second] = [DEFAULT_MODEL, "herons"].map((name) =>
      boxes().filter((box) => box.getAttribute("data-model") === name),
    );
    expect(new Set(first.map((box) => box.getAttribute("stroke"))).size).toBe(1);
    expect(new Set(second.map((box) => box.getAttribute("stroke"))).size).toBe(1);
    expect(first[0].getAttribute("stroke")).not.toBe(second[0].getAttribute("stroke"));
    expect(first[0]).not.toHaveAttribute("stroke-dasharray");
    expect(second[0]).toHaveAttribute("stroke-dasharray");
    expect(screen.getByRole("img", { name: "bird, 88% confidence, by herons" })).toBeInTheDocument();

    const legend = screen.getByRole("list", { name: "Legend" });
    expect(
      within(legend)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual([`${DEFAULT_MODEL}, solid boxes`, "herons, dashed boxes"]);

    const table = screen.getByRole("table", { name: "Found per class at ≥ 50%" });
    const rows = () =>
      within(table)
        .getAllByRole("row")
        .map((row) => [...row.querySelectorAll("th, td")].map((cell) => cell.textContent));
    expect(rows()).toEqual([
      ["Class", DEFAULT_MODEL, "herons"],
      ["bird", "0", "1"],
      ["cat", "1", "0"],
      ["person", "2", "1"],
      ["All", "3", "2"],
    ]);
    expect(screen.getByText(`Found by ${DEFAULT_MODEL} (3)`)).toBeInTheDocument();
    expect(screen.getByText("Found by herons (2)")).toBeInTheDocument();

    slide(0.7);
    expect(screen.getByRole("table", { name: "Found per class at ≥ 70%" })).toBeInTheDocument();
    expect(rows()[3]).toEqual(["person", "1", "0"]);

    await userEvent.click(screen.getByRole("checkbox", { name: /person/ }));
    expect(boxModels()).toEqual([DEFAULT_MODEL, "herons"]);

    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Compare with" }), "None");
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
    expect(screen.queryByRole("list", { name: "Legend" })).not.toBeInTheDocument();
    expect(boxModels()).toEqual([DEFAULT_MODEL]);
  });

  it("swaps the two models when the compared one is chosen first", async () => {
    render(<DetectionViewer image={image} initialMinConfidence={0.5} defaultModel={DEFAULT_MODEL} />);

    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Compare with" }), "herons");
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Model" }), "herons");

    expect(screen.getByRole("combobox", { name: "Compare with" })).toHaveValue(DEFAULT_MODEL);
    const legend = screen.getByRole("list", { name: "Legend" });
    expect(within(legend).getAllByRole("listitem")[0]).toHaveTextContent("herons");
  });

  it("downloads the chosen model's boxes, a reduced-precision run's under its model's name", async () => {
    const reduced = herons.map((detection) => ({ ...detection, model: "herons-bf16" }));
    render(
      <DetectionViewer
        image={makeImageWithDetections([...shipped, ...reduced])}
        initialMinConfidence={0.5}
        defaultModel={DEFAULT_MODEL}
      />,
    );
    const download = screen.getByRole("link", { name: /download annotated/i });
    expect(download).toHaveAttribute(
      "href",
      `/api/images/a0a0a0a0-0000-4000-8000-000000000001/annotated?min_confidence=0.5&model=${DEFAULT_MODEL}`,
    );

    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Model" }), "herons-bf16");
    expect(download).toHaveAttribute(
      "href",
      "/api/images/a0a0a0a0-0000-4000-8000-000000000001/annotated?min_confidence=0.5&model=herons",
    );
  });

  it("says which models found nothing", async () => {
    const examined = makeImageWithDetections(herons, { examined_by: [DEFAULT_MODEL, "herons"] });
    render(<DetectionViewer image={examined} initialMinConfidence={0.5} defaultModel={DEFAULT_MODEL} />);

    expect(screen.getByText(`No objects found by ${DEFAULT_MODEL} at ≥ 50%.`)).toBeInTheDocument();
    expect(boxes()).toHaveLength(0);

    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Compare with" }), "herons");
    expect(boxModels()).toEqual(["herons", "herons"]);
    expect(screen.getByText(`Found by ${DEFAULT_MODEL} (0)`)).toBeInTheDocument();
    expect(screen.getByText("None shown.")).toBeInTheDocument();
  });

  describe("the text read", () => {
    const bakery = makeTextLine({ text: "Lisboa Bakery", box: { x_min: 0.1, y_min: 0.1, x_max: 0.7, y_max: 0.2 } });
    const wifi = makeTextLine({
      text: "Wi-Fi password: sunflower",
      box: { x_min: 0.2, y_min: 0.6, x_max: 0.9, y_max: 0.7 },
    });
    const read = makeImageWithDetections([cat], { text: [bakery, wifi] });

    function textBoxes() {
      return screen.queryAllByTestId("text-box");
    }

    it("lists the lines in reading order, and outlines a line on the photo while it is hovered or focused", async () => {
      render(<DetectionViewer image={read} initialMinConfidence={0.5} />);

      const lines = within(screen.getByRole("list", { name: "Text" })).getAllByRole("listitem");
      expect(lines.map((line) => line.textContent)).toEqual(["Lisboa Bakery", "Wi-Fi password: sunflower"]);
      expect(textBoxes()).toEqual([]);

      await userEvent.hover(lines[1]);
      expect(textBoxes()).toHaveLength(1);
      expect(textBoxes()[0]).toHaveAttribute("x", "0.2");
      expect(textBoxes()[0]).toHaveAttribute("y", "0.6");
      expect(lines[1]).toHaveAttribute("data-highlighted");
      // Drawn apart from the objects' boxes, with no tag of its own.
      expect(boxes()).toHaveLength(1);
      expect(screen.queryByRole("img", { name: /Wi-Fi/ })).not.toBeInTheDocument();

      await userEvent.unhover(lines[1]);
      expect(textBoxes()).toEqual([]);

      act(() => lines[0].focus());
      expect(textBoxes()).toHaveLength(1);
      expect(textBoxes()[0]).toHaveAttribute("x", "0.1");
      expect(lines[0]).toHaveAttribute("data-highlighted");
    });

    it("outlines the lines the search matched until another is pointed at", async () => {
      render(
        <DetectionViewer
          image={read}
          initialMinConfidence={0.5}
          matchedLines={new Set(["Wi-Fi password: sunflower"])}
        />,
      );

      const lines = within(screen.getByRole("list", { name: "Text" })).getAllByRole("listitem");
      expect(lines[1]).toHaveTextContent("Wi-Fi password: sunflower (matches the search)");
      expect(lines[1]).toHaveAttribute("data-highlighted");
      expect(textBoxes().map((box) => box.getAttribute("y"))).toEqual(["0.6"]);

      await userEvent.hover(lines[0]);
      expect(textBoxes().map((box) => box.getAttribute("y"))).toEqual(["0.1"]);
      await userEvent.unhover(lines[0]);
      expect(textBoxes().map((box) => box.getAttribute("y"))).toEqual(["0.6"]);
    });

    it("copies every line, one a line, and says it has", async () => {
      const user = userEvent.setup();
      const writeText = vi.spyOn(navigator.clipboard, "writeText");
      render(<DetectionViewer image={read} initialMinConfidence={0.5} />);

      await user.click(screen.getByRole("button", { name: "Copy text" }));

      expect(writeText).toHaveBeenCalledWith("Lisboa Bakery\nWi-Fi password: sunflower");
      expect(await screen.findByRole("button", { name: "Copied" })).toBeInTheDocument();
      expect(screen.getByText("Text copied.")).toHaveAttribute("role", "status");
    });

    it("shows no Text section for a photo without text", () => {
      render(<DetectionViewer image={makeImageWithDetections([cat])} initialMinConfidence={0.5} />);
      expect(screen.queryByRole("heading", { name: "Text" })).not.toBeInTheDocument();
      expect(screen.queryByRole("button", { name: "Copy text" })).not.toBeInTheDocument();
    });

    it("says what was done to a photo never searched for objects", () => {
      expect(nothingShownText([], 0.5, { read: true })).toMatch(/^Read, but not searched for objects yet/);
      expect(nothingShownText([], 0.5, { tagged: true, read: true })).toMatch(/^Tagged and read, but not/);
      expect(nothingShownText([], 0.5, { tagged: true })).toMatch(/^Tagged, but not/);
      expect(nothingShownText([], 0.5)).toMatch(/^Not analysed yet/);
    });
  });
});
