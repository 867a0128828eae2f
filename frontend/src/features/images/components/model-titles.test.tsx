import { render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_MODEL, DEFAULT_MODEL_TITLE, makeDetection, makeModel } from "@/testing/factories";
import { mockFetch } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import { cssRules, readCss } from "@/testing/stylesheet";
import { modelSeries } from "../utils/model-series";
import { ModelComparison } from "./model-comparison";
import { ModelPicker } from "./model-picker";

const HERONS_TITLE = "Grey herons and egrets, long-legged (YOLO11)";
const MODELS = [makeModel(), makeModel({ name: "herons", title: HERONS_TITLE, is_default: false })];
const series = modelSeries(DEFAULT_MODEL, "herons");

function picker() {
  return (
    <ModelPicker
      models={[DEFAULT_MODEL, "herons", "owls"]}
      model={DEFAULT_MODEL}
      compared="herons"
      series={series}
      onModelChange={() => {}}
      onCompareChange={() => {}}
    />
  );
}

function comparison() {
  const detections = [makeDetection({ label: "bird", model: "herons" }), makeDetection({ label: "bird" })];
  return (
    <ModelComparison
      series={series}
      labels={["bird"]}
      detections={detections}
      minConfidence={0.5}
      hiddenLabels={new Set()}
    />
  );
}

describe("the photo's models, by their titles", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("names the models in the picker and its legend by their titles, a model no longer listed by its name", async () => {
    mockFetch({ "GET /api/models/": { body: { models: MODELS } } });
    renderWithProviders(picker());

    const model = screen.getByRole("combobox", { name: "Model" });
    expect(await within(model).findByRole("option", { name: DEFAULT_MODEL_TITLE })).toHaveValue(DEFAULT_MODEL);
    expect(within(model).getByRole("option", { name: HERONS_TITLE })).toHaveValue("herons");
    expect(within(model).getByRole("option", { name: "owls" })).toHaveValue("owls");
    const compare = screen.getByRole("combobox", { name: "Compare with" });
    expect(within(compare).getByRole("option", { name: HERONS_TITLE })).toHaveValue("herons");
    expect(within(screen.getByRole("list", { name: "Legend" })).getByText(HERONS_TITLE)).toBeInTheDocument();
  });

  it("heads the comparison's columns with the models' whole titles", async () => {
    mockFetch({ "GET /api/models/": { body: { models: MODELS } } });
    renderWithProviders(comparison());

    expect(await screen.findByRole("columnheader", { name: HERONS_TITLE })).toBeInTheDocument();
    expect(screen.getByRole("columnheader", { name: DEFAULT_MODEL_TITLE })).toBeInTheDocument();
  });

  it("shows the models' names where no query client is at hand", () => {
    render(comparison());
    expect(screen.getByRole("columnheader", { name: "herons" })).toBeInTheDocument();
  });

  it("wraps a title between its words, never cutting it short or breaking a word that fits", () => {
    for (const file of ["./model-picker.module.css", "./model-comparison.module.css"]) {
      const name = cssRules(readCss(import.meta.url, file)).filter((rule) => rule.selector === ".name");
      expect(name.length, file).toBeGreaterThan(0);
      for (const { declarations } of name) {
        expect(declarations["overflow-wrap"], file).toBe("break-word");
        expect(declarations["white-space"], file).toBeUndefined();
        expect(declarations["text-overflow"], file).toBeUndefined();
      }
    }
  });
});
