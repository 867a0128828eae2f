import { plural } from "@/lib/format";
import type { DetectionModel } from "@/types/api";

/** What a reduced-precision (bf16) run of a model keeps its detections under: `<model>-bf16`. */
const REDUCED_SUFFIX = "-bf16";

/** "80 classes · ssd · 300×300": what a model finds, its layout and its input size. */
export function modelFacts(model: DetectionModel): string {
  return `${plural(model.classes.length, "class", "classes")} · ${model.layout} · ${model.input_width}×${model.input_height}`;
}

/**
 * What people see for a model the API names: its title ("herons-bf16", a reduced-precision run, is "Herons
 * (bf16)"); the name itself where no listed model has it (a model since removed, or the list not yet loaded).
 */
export function modelTitle(name: string, models: readonly DetectionModel[] | undefined): string {
  const base = baseModelName(name);
  const model = models?.find((candidate) => candidate.name === base);
  if (model === undefined) return name;
  return base === name ? model.title : `${model.title} (bf16)`;
}

/** The model a detection's model name belongs to: "herons-bf16" → "herons" (the API's `model=` takes these). */
export function baseModelName(name: string): string {
  return name.endsWith(REDUCED_SUFFIX) ? name.slice(0, -REDUCED_SUFFIX.length) : name;
}

/**
 * Which of the models that examined a photo to show first: the default model (its exact run, else its reduced
 * one) if it examined the photo, else the first.
 */
export function preferredModel(examinedBy: readonly string[], defaultName: string | undefined): string | undefined {
  if (defaultName !== undefined) {
    const own =
      examinedBy.find((name) => name === defaultName) ?? examinedBy.find((name) => baseModelName(name) === defaultName);
    if (own !== undefined) return own;
  }
  return examinedBy[0];
}
