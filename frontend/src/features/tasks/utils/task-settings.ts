/** The minimum confidence a task runs with when its options name none (the API's default). */
export const DEFAULT_TASK_MIN_CONFIDENCE = 0.5;

export type TaskSettings = {
  minConfidence: number;
  classes: string[] | null;
  /** It also read each photo in tiles, for small objects (`options.mode: "thorough"`). */
  thorough: boolean;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What a task's `options` asked for, with the defaults filled in. */
export function taskSettings(options: unknown): TaskSettings {
  const given = isRecord(options) ? options : {};
  const minConfidence = typeof given.min_confidence === "number" ? given.min_confidence : DEFAULT_TASK_MIN_CONFIDENCE;
  const classes =
    Array.isArray(given.classes) && given.classes.length > 0 ? given.classes.map((label) => String(label)) : null;
  return { minConfidence, classes, thorough: given.mode === "thorough" };
}
