import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  ANALYZE_TYPE,
  DEFAULT_MODEL,
  DEFAULT_MODEL_TITLE,
  READ_TYPE,
  TAG_TYPE,
  TASK_TYPES,
  makeModel,
  makeTask,
} from "@/testing/factories";
import { mockFetch, sentJson } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import { StartTaskBar } from "./start-task-bar";

const ids = ["a", "b", "c"];

const SHIPPED = makeModel();
const HERONS = makeModel({
  name: "herons",
  title: "Grey herons and egrets (YOLO11)",
  layout: "yolov8",
  classes: ["heron", "egret", "bird"],
  input_width: 640,
  input_height: 640,
  is_default: false,
  size_bytes: 12_000_000,
  created_at: "2024-06-01T10:00:00Z",
});

describe("StartTaskBar", () => {
  beforeEach(() => {
    document.cookie = "csrftoken=test-token";
  });
  afterEach(() => vi.unstubAllGlobals());

  it("offers the task types by their names for people and says what the button will do", async () => {
    const task = makeTask({ id: "task-people", type: "detect-people", total: 3 });
    const calls = mockFetch({
      "GET /api/task-types/": { body: TASK_TYPES },
      "GET /api/models/": { body: { models: [SHIPPED] } },
      "POST /api/tasks/detect-people/": { status: 202, body: task },
    });
    const onStarted = vi.fn();
    renderWithProviders(<StartTaskBar selectedIds={ids} onClear={() => {}} onStarted={onStarted} />);

    const type = screen.getByLabelText("Task");
    expect(await screen.findByRole("option", { name: "Find people" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Find objects in 3 photos" })).toBeEnabled();

    await userEvent.selectOptions(type, "Find people");
    await userEvent.click(screen.getByRole("button", { name: "Find people in 3 photos" }));

    expect(onStarted).toHaveBeenCalledTimes(1);
    expect(onStarted.mock.calls[0][0]).toEqual(task);
    const post = calls.find((call) => call.method === "POST");
    expect(sentJson(post)).toEqual({ image_ids: ids });
  });

  it("leaves room under the page as tall as itself, so that it covers nothing", async () => {
    mockFetch({ "GET /api/task-types/": { body: TASK_TYPES }, "GET /api/models/": { body: { models: [SHIPPED] } } });
    let observed: () => void = () => {};
    vi.stubGlobal(
      "ResizeObserver",
      class {
        constructor(callback: () => void) {
          observed = callback;
        }
        observe() {}
        disconnect() {}
      },
    );
    renderWithProviders(<StartTaskBar selectedIds={ids} onClear={() => {}} onStarted={() => {}} />);
    const bar = screen.getByRole("form", { name: "Run a task on the selected photos" });
    vi.spyOn(bar, "getBoundingClientRect").mockReturnValue(new DOMRect(0, 700, 1000, 112));

    act(() => observed());

    const spacer = document.body.lastElementChild as HTMLElement; // at the end of the page
    expect(spacer).not.toBe(bar);
    expect(await screen.findByRole("option", { name: "Find objects" })).toBeInTheDocument();
    expect(spacer).toHaveStyle({ height: "112px" });
  });

  it("offers the models by their whole titles, the default one first chosen, and names the model only when another is chosen", async () => {
    const calls = mockFetch({
      "GET /api/task-types/": { body: TASK_TYPES },
      "GET /api/models/": { body: { models: [SHIPPED, HERONS] } },
      "POST /api/tasks/detect/": { status: 202, body: makeTask() },
    });
    renderWithProviders(<StartTaskBar selectedIds={ids} onClear={() => {}} onStarted={() => {}} />);

    const model = await screen.findByRole("combobox", { name: "Model" });
    expect(
      screen.getByRole("option", { name: `${DEFAULT_MODEL_TITLE} — 80 classes · ssd · 300×300 (default)` }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("option", { name: "Grey herons and egrets (YOLO11) — 3 classes · yolov8 · 640×640" }),
    ).toBeInTheDocument();
    expect(model).toHaveValue(DEFAULT_MODEL);

    const run = await screen.findByRole("button", { name: "Find objects in 3 photos" });
    await userEvent.click(run);
    const posts = () => calls.filter((call) => call.method === "POST");
    await waitFor(() => expect(posts()).toHaveLength(1));
    await waitFor(() => expect(run).toBeEnabled()); // started, no longer "Starting…"
    await userEvent.selectOptions(model, "herons");
    await userEvent.type(screen.getByLabelText("Min. confidence"), "70");
    await userEvent.click(run);

    await waitFor(() => expect(posts()).toHaveLength(2));
    const [asIs, withHerons] = posts().map((call) => sentJson(call));
    expect(asIs).toEqual({ image_ids: ids });
    expect(withHerons).toEqual({ image_ids: ids, options: { min_confidence: 0.7, model: "herons" } });
  });

  it("offers no choice of model where there is only one", async () => {
    mockFetch({ "GET /api/task-types/": { body: TASK_TYPES }, "GET /api/models/": { body: { models: [SHIPPED] } } });
    const { queryClient } = renderWithProviders(
      <StartTaskBar selectedIds={ids} onClear={() => {}} onStarted={() => {}} />,
    );

    await waitFor(() => expect(queryClient.getQueryState(["models"])?.status).toBe("success"));
    expect(await screen.findByRole("option", { name: "Find objects" })).toBeInTheDocument();
    expect(screen.queryByRole("combobox", { name: "Model" })).not.toBeInTheDocument();
  });

  it("offers no model for a task that finds no objects", async () => {
    const tagging = { ...TASK_TYPES[0], name: "tag", title: "Tag photos", detects: false, tags: true };
    const calls = mockFetch({
      "GET /api/task-types/": { body: [...TASK_TYPES, tagging] },
      "GET /api/models/": { body: { models: [SHIPPED, HERONS] } },
      "POST /api/tasks/tag/": { status: 202, body: makeTask({ type: "tag" }) },
    });
    renderWithProviders(<StartTaskBar selectedIds={ids} onClear={() => {}} onStarted={() => {}} />);

    await userEvent.selectOptions(await screen.findByRole("combobox", { name: "Model" }), "herons");
    await userEvent.selectOptions(screen.getByLabelText("Task"), "Tag photos");
    expect(screen.queryByRole("combobox", { name: "Model" })).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Tag 3 photos" }));
    await waitFor(() => expect(calls.some((call) => call.method === "POST")).toBe(true));
    const post = calls.find((call) => call.method === "POST");
    expect(sentJson(post)).toEqual({ image_ids: ids });
  });

  it("says why the API refused a model, as it says why it refused any task", async () => {
    const message = "The model 'herons' finds none of what 'detect-people' looks for (person).";
    mockFetch({
      "GET /api/task-types/": { body: TASK_TYPES },
      "GET /api/models/": { body: { models: [SHIPPED, HERONS] } },
      "POST /api/tasks/detect-people/": {
        status: 400,
        body: { error: { code: "model_lacks_classes", message, details: { model: "herons" } } },
      },
    });
    const onStarted = vi.fn();
    renderWithProviders(<StartTaskBar selectedIds={ids} onClear={() => {}} onStarted={onStarted} />);

    await userEvent.selectOptions(await screen.findByRole("combobox", { name: "Model" }), "herons");
    await userEvent.selectOptions(screen.getByLabelText("Task"), "Find people");
    await userEvent.click(screen.getByRole("button", { name: "Find people in 3 photos" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(message);
    expect(onStarted).not.toHaveBeenCalled();
  });

  it("offers a thorough mode, with its cost, for a task that finds objects, and asks for it only when chosen", async () => {
    const calls = mockFetch({
      "GET /api/task-types/": { body: [ANALYZE_TYPE, TAG_TYPE] },
      "GET /api/models/": { body: { models: [SHIPPED] } },
      "POST /api/tasks/analyze/": { status: 202, body: makeTask({ type: "analyze" }) },
    });
    renderWithProviders(<StartTaskBar selectedIds={ids} onClear={() => {}} onStarted={() => {}} />);

    const thorough = await screen.findByRole("checkbox", { name: "Thorough (small objects)" });
    expect(thorough).not.toBeChecked();
    expect(thorough).toHaveAccessibleDescription("about 13× slower");
    const run = screen.getByRole("button", { name: "Find objects and tag 3 photos" });
    await userEvent.click(run);
    const posts = () => calls.filter((call) => call.method === "POST");
    await waitFor(() => expect(posts()).toHaveLength(1));
    await waitFor(() => expect(run).toBeEnabled());

    await userEvent.click(thorough);
    expect(thorough).toHaveAccessibleDescription("Also reads each photo in 12 tiles: about 13× slower");
    await userEvent.click(run);

    await waitFor(() => expect(posts()).toHaveLength(2));
    const [fast, thoroughly] = posts().map((call) => sentJson(call));
    expect(fast).toEqual({ image_ids: ids });
    expect(thoroughly).toEqual({ image_ids: ids, options: { mode: "thorough" } });
  });

  it("offers no thorough mode and no minimum confidence for tagging, and sends neither", async () => {
    const calls = mockFetch({
      "GET /api/task-types/": { body: [ANALYZE_TYPE, TAG_TYPE] },
      "GET /api/models/": { body: { models: [SHIPPED] } },
      "POST /api/tasks/tag/": { status: 202, body: makeTask({ type: "tag" }) },
    });
    renderWithProviders(<StartTaskBar selectedIds={ids} onClear={() => {}} onStarted={() => {}} />);

    await userEvent.click(await screen.findByRole("checkbox", { name: "Thorough (small objects)" }));
    await userEvent.type(screen.getByLabelText("Min. confidence"), "70");
    await userEvent.selectOptions(screen.getByLabelText("Task"), "Tag photos");

    expect(screen.queryByRole("checkbox", { name: "Thorough (small objects)" })).not.toBeInTheDocument();
    expect(screen.queryByLabelText("Min. confidence")).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Tag 3 photos" }));
    await waitFor(() => expect(calls.some((call) => call.method === "POST")).toBe(true));
    const post = calls.find((call) => call.method === "POST");
    expect(sentJson(post)).toEqual({ image_ids: ids });
  });

  it("offers none of the detection options for reading text, as for tagging, and sends none", async () => {
    const calls = mockFetch({
      "GET /api/task-types/": { body: [ANALYZE_TYPE, READ_TYPE] },
      "GET /api/models/": { body: { models: [SHIPPED] } },
      "POST /api/tasks/read/": { status: 202, body: makeTask({ type: "read" }) },
    });
    renderWithProviders(<StartTaskBar selectedIds={ids} onClear={() => {}} onStarted={() => {}} />);

    await screen.findByRole("option", { name: "Read text" });
    await userEvent.selectOptions(screen.getByLabelText("Task"), "Read text");

    expect(screen.queryByRole("combobox", { name: "Model" })).not.toBeInTheDocument();
    expect(screen.queryByLabelText("Min. confidence")).not.toBeInTheDocument();
    expect(screen.queryByRole("checkbox", { name: /thorough/i })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Read text in 3 photos" }));
    await waitFor(() => expect(calls.some((call) => call.method === "POST")).toBe(true));
    expect(sentJson(calls.find((call) => call.method === "POST"))).toEqual({ image_ids: ids });
  });

  it("offers no thorough mode for a task type that has none", async () => {
    mockFetch({ "GET /api/task-types/": { body: TASK_TYPES }, "GET /api/models/": { body: { models: [SHIPPED] } } });
    renderWithProviders(<StartTaskBar selectedIds={ids} onClear={() => {}} onStarted={() => {}} />);

    expect(await screen.findByRole("option", { name: "Find objects" })).toBeInTheDocument();
    expect(screen.queryByRole("checkbox", { name: /thorough/i })).not.toBeInTheDocument();
  });

  it("has an Options toggle (shown on a phone) that folds the task's options and says whether they are open", async () => {
    mockFetch({ "GET /api/task-types/": { body: TASK_TYPES }, "GET /api/models/": { body: { models: [SHIPPED] } } });
    renderWithProviders(<StartTaskBar selectedIds={ids} onClear={() => {}} onStarted={() => {}} />);

    const toggle = screen.getByRole("button", { name: "Options" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    const options = document.getElementById(toggle.getAttribute("aria-controls")!)!;
    expect(options).toContainElement(screen.getByLabelText("Task"));
    expect(options).toContainElement(screen.getByLabelText("Min. confidence"));
    expect(options).not.toHaveAttribute("data-open");
    // The button that runs stays outside the fold, always in reach.
    expect(options).not.toContainElement(await screen.findByRole("button", { name: "Find objects in 3 photos" }));

    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    expect(options).toHaveAttribute("data-open");
  });

  it("runs no task while someone else's photos are selected, and says why", async () => {
    mockFetch({
      "GET /api/task-types/": { body: TASK_TYPES },
      "GET /api/models/": { body: { models: [SHIPPED] } },
    });
    renderWithProviders(<StartTaskBar selectedIds={ids} othersSelected={2} onClear={() => {}} onStarted={() => {}} />);

    const run = await screen.findByRole("button", { name: "Find objects in 3 photos" });
    expect(run).toBeDisabled();
    expect(run).toHaveAccessibleDescription("2 of them are someone else’s: tasks run on your own photos only.");
  });
});
