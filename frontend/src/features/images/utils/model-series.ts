import type { ImageWithDetections } from "@/types/api";

/**
 * How one model's boxes are drawn. Alone, a model's boxes take their classes' colours (`color` undefined), as
 * they always have; compared, each model has one colour, the second's boxes dashed, so the two tell apart at a
 * glance (by line as well as by colour).
 */
export type ModelSeries = { model: string; color?: string; dashed: boolean };

/** The two compared models' colours: amber and sky blue, apart for every common colour vision. */
export const COMPARE_COLORS = ["#ffb000", "#38bdf8"] as const;

/** The models that have examined the photo, sorted: `examined_by`, and any model a detection names. */
export function examinedModels(image: ImageWithDetections): string[] {
  const names = new Set([...image.examined_by, ...image.detections.map((detection) => detection.model)]);
  return [...names].sort(); // by code point, as the API sorts `examined_by`
}

/** What is drawn: nothing, one model in its classes' colours, or two models compared. */
export function modelSeries(model: string | undefined, compared: string | undefined): ModelSeries[] {
  if (model === undefined) return [];
  if (compared === undefined) return [{ model, dashed: false }];
  return [
    { model, color: COMPARE_COLORS[0], dashed: false },
    { model: compared, color: COMPARE_COLORS[1], dashed: true },
  ];
}
