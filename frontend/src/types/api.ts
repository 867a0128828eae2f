export type User = { id: string | number; username: string };

export type Page<T> = {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
};

export type LabelCounts = Record<string, number>;

export type Image = {
  id: string;
  filename: string;
  content_type: string;
  width: number;
  height: number;
  size_bytes: number;
  sha256: string;
  created_at: string;
  file_url: string;
  thumbnail_url: string;
  labels: LabelCounts;
};

export type Box = { x_min: number; y_min: number; x_max: number; y_max: number };

export type Detection = {
  label: string;
  confidence: number;
  box: Box;
  task_id: string;
  model: string;
};

export type ImageWithDetections = Image & { detections: Detection[] };

export type UploadResult = {
  images: Image[];
  errors: { filename: string; error: { code: string; message: string } }[];
};

export type LabelWithCount = { label: string; count: number };

export type TaskStatus = "queued" | "running" | "succeeded" | "failed" | "cancelling" | "cancelled";

export type Task = {
  id: string;
  type: string;
  status: TaskStatus;
  progress: number;
  total: number;
  processed: number;
  failed: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  images_per_second: number | null;
  eta_seconds: number | null;
  summary: LabelCounts;
  error: string | null;
};

export type TaskType = { name: string; description: string; classes: string[] };
