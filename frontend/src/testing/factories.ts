import type { Detection, Image, ImageWithDetections, Task, TaskResult, TaskType } from "@/types/api";

export function makeTask(overrides: Partial<Task> = {}): Task {
  return {
    id: "7d1c0c9e-0000-4000-8000-000000000001",
    type: "detect",
    status: "running",
    progress: 40,
    total: 10,
    processed: 4,
    failed: 0,
    created_at: "2024-05-01T10:00:00Z",
    started_at: "2024-05-01T10:00:01Z",
    finished_at: null,
    images_per_second: 8,
    eta_seconds: 75,
    summary: { person: 3 },
    error: null,
    options: {},
    model: "ssd_mobilenet_v2_coco_2018_03_29",
    ...overrides,
  };
}

/** What a task did with one photo (its `/results`). */
export function makeTaskResult(overrides: Partial<TaskResult> = {}): TaskResult {
  return {
    image_id: "a0a0a0a0-0000-4000-8000-000000000001",
    status: "succeeded",
    error: null,
    detections: [],
    ...overrides,
  };
}

/** One page of a list, as DRF paginates it (ImagePage, TaskPage). */
export function makePage<T>(results: T[]) {
  return { count: results.length, next: null, previous: null, results };
}

export function makeDetection(overrides: Partial<Detection> = {}): Detection {
  return {
    label: "cat",
    confidence: 0.9,
    box: { x_min: 0.1, y_min: 0.2, x_max: 0.4, y_max: 0.6 },
    task_id: "7d1c0c9e-0000-4000-8000-000000000001",
    model: "ssd-mobilenet-v2",
    ...overrides,
  };
}

/** The task types the API lists, with their names for people. */
export const TASK_TYPES: TaskType[] = [
  { name: "detect", title: "Find objects", description: "Find any of the 80 COCO object classes.", classes: [] },
  { name: "detect-people", title: "Find people", description: "Find people.", classes: ["person"] },
];

export function makeImage(overrides: Partial<Image> = {}): Image {
  const id = overrides.id ?? "a0a0a0a0-0000-4000-8000-000000000001";
  return {
    id,
    filename: "chelsea.png",
    content_type: "image/png",
    width: 451,
    height: 300,
    size_bytes: 240_000,
    sha256: "0".repeat(64),
    created_at: "2024-05-01T09:00:00Z",
    file_url: `/api/images/${id}/file`,
    thumbnail_url: `/api/images/${id}/thumbnail`,
    labels: {},
    analysed_by: null,
    taken_at: null,
    camera: "",
    ...overrides,
  };
}

export function makeImageWithDetections(
  detections: Detection[],
  overrides: Partial<ImageWithDetections> = {},
): ImageWithDetections {
  return {
    ...makeImage({ analysed_by: "ssd_mobilenet_v2_coco_2018_03_29" }),
    location: null,
    detections,
    ...overrides,
  };
}
