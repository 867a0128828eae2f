import type {
  Album,
  Detection,
  DetectionModel,
  Image,
  ImageWithDetections,
  PhotoTag,
  SearchMatch,
  SearchSuggestion,
  Task,
  TaskResult,
  TaskType,
  TextLine,
} from "@/types/api";
import type { components } from "@/types/openapi";

/** The model shipped with Spotter, the default one. */
export const DEFAULT_MODEL = "ssd_mobilenet_v2_coco_2018_03_29";
export const DEFAULT_MODEL_TITLE = "SSD MobileNet v2 (COCO)";

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
    model: DEFAULT_MODEL,
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
    model: DEFAULT_MODEL,
    ...overrides,
  };
}

/** The task types the API lists, with their names for people. */
export const TASK_TYPES: TaskType[] = [
  {
    name: "detect",
    title: "Find objects",
    description: "Find any of the 80 COCO object classes.",
    detects: true,
    tags: false,
    reads: false,
    faces: false,
    thorough_tiles: null,
    classes: [],
  },
  {
    name: "detect-people",
    title: "Find people",
    description: "Find people.",
    detects: true,
    tags: false,
    reads: false,
    faces: false,
    thorough_tiles: null,
    classes: ["person"],
  },
];

/** The task type that tags photos only: it finds no objects, so it takes no detection options. */
export const TAG_TYPE: TaskType = {
  name: "tag",
  title: "Tag photos",
  description: "Name what each photo shows, from ImageNet's 1,000 classes.",
  detects: false,
  tags: true,
  reads: false,
  faces: false,
  thorough_tiles: null,
  classes: [],
};

/** The task type that finds objects and tags, with a thorough mode read in 12 tiles, as the API has it. */
export const ANALYZE_TYPE: TaskType = {
  name: "analyze",
  title: "Find objects and tag",
  description: "Find objects and tag the photos.",
  detects: true,
  tags: true,
  reads: true,
  faces: false,
  thorough_tiles: 12,
  classes: [],
};

/** The task type that only reads the text in photos, as the API has it. */
export const READ_TYPE: TaskType = {
  name: "read",
  title: "Read text",
  description: "Read the text in each photo (signs, receipts, screenshots, pages), to find photos by their words.",
  detects: false,
  tags: false,
  reads: true,
  faces: false,
  thorough_tiles: null,
  classes: [],
};

/** Why a photo matched a search's term (an image's `matches`). */
export function makeMatch(overrides: Partial<SearchMatch> = {}): SearchMatch {
  return { term: "cat", matched: "cat", kind: "detection", confidence: 0.91, ...overrides };
}

/** One of a photo's tags, by the tagger. */
export function makeTag(overrides: Partial<PhotoTag> = {}): PhotoTag {
  return {
    name: "Egyptian cat",
    score: 0.86,
    model: "efficientnet_lite3",
    task_id: "7d1c0c9e-0000-4000-8000-000000000001",
    ...overrides,
  };
}

/** A line of text read in a photo. */
export function makeTextLine(overrides: Partial<TextLine> = {}): TextLine {
  return {
    text: "Lisboa Bakery",
    confidence: 0.97,
    box: { x_min: 0.1, y_min: 0.2, x_max: 0.6, y_max: 0.3 },
    model: "pp-ocrv6",
    task_id: "7d1c0c9e-0000-4000-8000-000000000002",
    ...overrides,
  };
}

/** A completion `/api/search/suggest` offers. */
export function makeSuggestion(overrides: Partial<SearchSuggestion> = {}): SearchSuggestion {
  return { term: "cat", kind: "label", count: 1, ...overrides };
}

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
    matches: [],
    best_tags: [],
    has_text: false,
    yours: true,
    ...overrides,
  };
}

/** A photo as its view gets it; `examined_by` is, unless given, what the API derives: its detections' models and
 * `analysed_by`. */
export function makeImageWithDetections(
  detections: Detection[],
  overrides: Partial<ImageWithDetections> = {},
): ImageWithDetections {
  const image = {
    ...makeImage({ analysed_by: DEFAULT_MODEL }),
    location: null,
    detections,
    tags: [],
    text: [],
    faces: [],
    ...overrides,
  };
  const examinedBy = new Set(detections.map((detection) => detection.model));
  if (image.analysed_by) examinedBy.add(image.analysed_by);
  return { examined_by: [...examinedBy].sort(), ...image };
}

/** A detection model as `/api/models/` lists it; by default the one shipped with Spotter, else titled by its name. */
export function makeModel(overrides: Partial<DetectionModel> = {}): DetectionModel {
  return {
    name: DEFAULT_MODEL,
    title: overrides.name ?? DEFAULT_MODEL_TITLE,
    layout: "ssd",
    classes: Array.from({ length: 80 }, (_, index) => `class-${index}`),
    input_width: 300,
    input_height: 300,
    sha256: "1".repeat(64),
    is_default: true,
    size_bytes: null,
    created_at: null,
    ...overrides,
  };
}

/** An album of chosen photos; a live one has a `query` or `filters` and `live: true`. */
export function makeAlbum(overrides: Partial<Album> = {}): Album {
  const id = overrides.id ?? "b0b0b0b0-0000-4000-8000-000000000001";
  return {
    id,
    title: "Holidays",
    description: "",
    live: false,
    query: "",
    filters: {},
    photo_count: 0,
    cover_url: null,
    role: "owner",
    owner: "ann",
    created_at: "2024-05-01T09:00:00Z",
    updated_at: "2024-05-01T09:00:00Z",
    ...overrides,
  };
}

type PersonDetail = components["schemas"]["PersonDetailOutput"];

/** One of your people as `/api/people/` lists them; unnamed unless given a name. */
export function makePerson(overrides: Partial<PersonDetail> = {}): PersonDetail {
  const id = overrides.id ?? "d0d0d0d0-0000-4000-8000-000000000001";
  return {
    id,
    name: null,
    face_count: 1,
    photo_count: 1,
    cover: {
      image_id: "a0a0a0a0-0000-4000-8000-000000000001",
      box: { x_min: 0.3, y_min: 0.2, x_max: 0.6, y_max: 0.6 },
    },
    thumbnail_url: `/api/people/${id}/thumbnail`,
    hidden: false,
    same_name_as: [],
    faces: [],
    ...overrides,
  };
}

/** A face in a photo's detail, sorted into `person` (null: too small to tell who). */
export function makeFace(
  overrides: Partial<components["schemas"]["FaceOutput"]> = {},
): components["schemas"]["FaceOutput"] {
  return {
    id: "f0f0f0f0-0000-4000-8000-000000000001",
    box: { x_min: 0.3, y_min: 0.2, x_max: 0.6, y_max: 0.6 },
    confidence: 0.95,
    person: null,
    ...overrides,
  };
}

/** A face as a person's detail lists it: in which photo. */
export function makePersonFace(
  overrides: Partial<components["schemas"]["PersonFaceOutput"]> = {},
): components["schemas"]["PersonFaceOutput"] {
  return {
    id: "f0f0f0f0-0000-4000-8000-000000000001",
    image_id: "a0a0a0a0-0000-4000-8000-000000000001",
    box: { x_min: 0.3, y_min: 0.2, x_max: 0.6, y_max: 0.6 },
    confidence: 0.95,
    ...overrides,
  };
}
