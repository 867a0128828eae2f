import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL, DEFAULT_MODEL_TITLE, makeModel } from "@/testing/factories";
import { baseModelName, modelFacts, modelTitle, preferredModel } from "./model-names";

describe("model names", () => {
  it("says what a model finds, its layout and input size", () => {
    expect(modelFacts(makeModel())).toBe("80 classes · ssd · 300×300");
    expect(modelFacts(makeModel({ classes: ["heron"], layout: "yolov8", input_width: 640, input_height: 480 }))).toBe(
      "1 class · yolov8 · 640×480",
    );
  });

  it("shows a model by its title, a reduced-precision run as such, and by its name where none is listed", () => {
    const models = [makeModel(), makeModel({ name: "herons", title: "Herons (YOLO11)" })];
    expect(modelTitle(DEFAULT_MODEL, models)).toBe(DEFAULT_MODEL_TITLE);
    expect(modelTitle("herons", models)).toBe("Herons (YOLO11)");
    expect(modelTitle("herons-bf16", models)).toBe("Herons (YOLO11) (bf16)");
    expect(modelTitle("owls", models)).toBe("owls");
    expect(modelTitle("owls-bf16", models)).toBe("owls-bf16");
    expect(modelTitle(DEFAULT_MODEL, undefined)).toBe(DEFAULT_MODEL);
  });

  it("names a reduced-precision run by its model", () => {
    expect(baseModelName("herons-bf16")).toBe("herons");
    expect(baseModelName("herons")).toBe("herons");
  });

  it("prefers the default model, its exact run before its reduced one, else the first", () => {
    expect(preferredModel(["herons", DEFAULT_MODEL], DEFAULT_MODEL)).toBe(DEFAULT_MODEL);
    expect(preferredModel(["herons", `${DEFAULT_MODEL}-bf16`, DEFAULT_MODEL], DEFAULT_MODEL)).toBe(DEFAULT_MODEL);
    expect(preferredModel(["herons", `${DEFAULT_MODEL}-bf16`], DEFAULT_MODEL)).toBe(`${DEFAULT_MODEL}-bf16`);
    expect(preferredModel(["herons", "owls"], DEFAULT_MODEL)).toBe("herons");
    expect(preferredModel(["owls", "herons"], undefined)).toBe("owls");
    expect(preferredModel([], DEFAULT_MODEL)).toBeUndefined();
  });
});
