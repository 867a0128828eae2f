import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { FakeEventSource } from "@/testing/fake-event-source";
import {
  DEFAULT_MODEL_TITLE,
  READ_TYPE,
  TAG_TYPE,
  TASK_TYPES,
  makeModel,
  makePage,
  makeTask,
} from "@/testing/factories";
import { mockFetch } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import { TasksPanel } from "./tasks-panel";

const running = makeTask({ id: "task-running", status: "running", progress: 40, processed: 4, total: 10 });
const finished = makeTask({
  id: "task-done",
  status: "succeeded",
  progress: 100,
  processed: 10,
  total: 10,
  eta_seconds: 0,
  summary: { cat: 1 },
  created_at: "2024-04-30T10:00:00Z",
});

const TYPES = {
  "GET /api/task-types/": { body: TASK_TYPES },
  "GET /api/models/": { body: { models: [makeModel()] } },
};

function taskItem(status: string) {
  return screen.getByText(status, { selector: '[data-testid="task-status"]' }).closest("li") as HTMLElement;
}

describe("TasksPanel", () => {
  beforeEach(() => {
    FakeEventSource.install();
    document.cookie = "csrftoken=test-token";
  });

  it("shows each task with its progress, counts, speed and time left", async () => {
    mockFetch({ "GET /api/tasks/": { body: makePage([running, finished]) }, ...TYPES });
    renderWithProviders(<TasksPanel />);

    const bars = await screen.findAllByRole("progressbar", { name: "Find objects progress" });
    expect(bars.map((bar) => bar.getAttribute("aria-valuenow"))).toEqual(["40", "100"]);

    const item = within(taskItem("running"));
    expect(item.getByText("4 / 10")).toBeInTheDocument();
    expect(item.getByText("8.0 photos/s")).toBeInTheDocument();
    expect(item.getByText("1 min 15 s")).toBeInTheDocument();
    expect(item.getByText("person")).toBeInTheDocument();
  });

  it("says that its chips count objects, where the gallery's filters count photos", async () => {
    const found = makeTask({ ...finished, summary: { person: 16, cat: 2 } });
    const tagged = makeTask({ ...finished, id: "task-tag", type: "tag", summary: { tabby: 3 } });
    mockFetch({
      "GET /api/tasks/": { body: makePage([found, tagged]) },
      "GET /api/task-types/": { body: [...TASK_TYPES, TAG_TYPE] },
    });
    renderWithProviders(<TasksPanel />);

    expect(await screen.findByText("Found 18 objects")).toBeInTheDocument();
    expect(await screen.findByText("The best tag of each photo")).toBeInTheDocument();
  });

  it("offers Stop only for unfinished tasks", async () => {
    mockFetch({ "GET /api/tasks/": { body: makePage([running, finished]) }, ...TYPES });
    renderWithProviders(<TasksPanel />);

    await screen.findAllByRole("progressbar");
    expect(within(taskItem("running")).getByRole("button", { name: /stop/i })).toBeInTheDocument();
    expect(within(taskItem("succeeded")).queryByRole("button", { name: /stop/i })).not.toBeInTheDocument();
  });

  it("stops a task with DELETE and shows it stopping, then stopped from the live stream", async () => {
    const calls = mockFetch({
      "GET /api/tasks/": { body: makePage([running]) },
      ...TYPES,
      "DELETE /api/tasks/task-running/": { status: 202, body: { ...running, status: "cancelling" } },
    });
    renderWithProviders(<TasksPanel />);

    await userEvent.click(await screen.findByRole("button", { name: "Stop Find objects" }));

    expect(await screen.findByText("stopping")).toBeInTheDocument();
    const stop = calls.find((call) => call.method === "DELETE");
    expect(stop?.path).toBe("/api/tasks/task-running/");
    expect(stop?.headers.get("X-CSRFToken")).toBe("test-token");
    expect(screen.queryByRole("button", { name: /stop/i })).not.toBeInTheDocument();

    FakeEventSource.openFor("/api/tasks/task-running/events")!.emit("progress", {
      ...running,
      status: "cancelled",
      processed: 5,
      progress: 50,
    });
    expect(await screen.findByText("stopped")).toBeInTheDocument();
    expect(screen.getByText("5 / 10")).toBeInTheDocument();
  });

  it("says gently when the task had already finished", async () => {
    mockFetch({
      "GET /api/tasks/": { body: makePage([running]) },
      ...TYPES,
      "DELETE /api/tasks/task-running/": {
        status: 409,
        body: { error: { code: "task_already_finished", message: "The task has already finished.", details: {} } },
      },
    });
    renderWithProviders(<TasksPanel />);

    await userEvent.click(await screen.findByRole("button", { name: "Stop Find objects" }));

    expect(await screen.findByText(/had already finished/)).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("tells a new user what to do when there are no tasks", async () => {
    mockFetch({ "GET /api/tasks/": { body: makePage([]) }, ...TYPES });
    renderWithProviders(<TasksPanel />);

    expect(await screen.findByText(/No tasks yet/)).toBeInTheDocument();
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(0));
  });

  it("names each task for people and shows the settings it ran with", async () => {
    const people = makeTask({
      id: "task-people",
      type: "detect-people",
      status: "succeeded",
      progress: 100,
      summary: {},
      options: { min_confidence: 0.8, classes: ["person"] },
      model: "ssd_mobilenet_v2_coco_2018_03_29",
    });
    const plain = makeTask({ id: "task-plain", options: {} });

    mockFetch({ "GET /api/tasks/": { body: makePage([people, plain]) }, ...TYPES });
    renderWithProviders(<TasksPanel />);

    const [first, second] = await screen.findAllByRole("listitem");
    await waitFor(() => expect(within(first).getByRole("heading")).toHaveTextContent("Find people"));
    expect(within(first).getByText("80%")).toBeInTheDocument();
    expect(within(first).getByText("person")).toBeInTheDocument();
    expect(await within(first).findByText(DEFAULT_MODEL_TITLE)).toBeInTheDocument();
    expect(within(first).getByText("Nothing found at 80% or more.")).toBeInTheDocument();

    expect(within(second).getByRole("heading")).toHaveTextContent("Find objects");
    expect(within(second).getByText("50%")).toBeInTheDocument(); // no min_confidence given: the default
    expect(within(second).queryByText("Classes")).not.toBeInTheDocument();
    expect(within(second).queryByText("Mode")).not.toBeInTheDocument(); // fast, the default
  });

  it("names a task's model by its title, whole, or by its name where no listed model has it", async () => {
    const herons = makeModel({ name: "herons-yolo11", title: "Grey herons and egrets, long-legged (YOLO11)" });
    const byHerons = makeTask({ id: "task-herons", status: "succeeded", model: "herons-yolo11" });
    const byRemoved = makeTask({ id: "task-removed", status: "succeeded", model: "owls-v1" });
    mockFetch({
      "GET /api/tasks/": { body: makePage([byHerons, byRemoved]) },
      "GET /api/task-types/": { body: TASK_TYPES },
      "GET /api/models/": { body: { models: [makeModel(), herons] } },
    });
    renderWithProviders(<TasksPanel />);

    const [first, second] = await screen.findAllByRole("listitem", { name: "Find objects" });
    const model = await within(first).findByText("Grey herons and egrets, long-legged (YOLO11)");
    expect(model.tagName).toBe("DD");
    expect(within(first).queryByText("herons-yolo11")).not.toBeInTheDocument();
    expect(within(second).getByText("owls-v1")).toBeInTheDocument();
  });

  it("shows no confidence for a task that only tags", async () => {
    const tagged = makeTask({ id: "task-tag", type: "tag", status: "succeeded", summary: {}, options: {} });
    mockFetch({ "GET /api/tasks/": { body: makePage([tagged]) }, "GET /api/task-types/": { body: [TAG_TYPE] } });
    renderWithProviders(<TasksPanel />);

    const item = await screen.findByRole("listitem");
    await waitFor(() => expect(within(item).getByRole("heading")).toHaveTextContent("Tag photos"));
    expect(within(item).getByText("No tags found.")).toBeInTheDocument();
    expect(within(item).queryByText("Min. confidence")).not.toBeInTheDocument();
  });

  it("says in how many photos a task that only reads found text, with no chip and no confidence", async () => {
    const read = makeTask({ id: "task-read", type: "read", status: "succeeded", summary: { text: 3 }, options: {} });
    const unread = makeTask({ id: "task-unread", type: "read", status: "succeeded", summary: {}, options: {} });
    mockFetch({ "GET /api/tasks/": { body: makePage([read, unread]) }, "GET /api/task-types/": { body: [READ_TYPE] } });
    renderWithProviders(<TasksPanel />);

    const [readItem, unreadItem] = await screen.findAllByRole("listitem", { name: "Read text" });
    expect(within(readItem).getByText("Text in 3 photos")).toBeInTheDocument();
    expect(within(readItem).queryByText("text", { exact: true })).not.toBeInTheDocument();
    expect(within(readItem).queryByText("Min. confidence")).not.toBeInTheDocument();
    expect(within(unreadItem).getByText("No text found.")).toBeInTheDocument();
  });

  it("says a task succeeded with some photos failed, as a warning rather than plain success", async () => {
    const partly = makeTask({ id: "task-partly", status: "succeeded", progress: 100, processed: 10, failed: 2 });
    mockFetch({ "GET /api/tasks/": { body: makePage([partly, finished]) }, ...TYPES });
    renderWithProviders(<TasksPanel />);

    const [partlyItem, finishedItem] = await screen.findAllByRole("listitem", { name: "Find objects" });
    const badge = within(partlyItem).getByTestId("task-status");
    expect(badge).toHaveTextContent("succeeded · 2 failed");
    expect(badge).toHaveAttribute("data-tone", "partial");
    expect(within(partlyItem).getByRole("progressbar").parentElement).toHaveAttribute("data-tone", "partial");
    expect(within(finishedItem).getByTestId("task-status")).toHaveTextContent(/^succeeded$/);
    expect(within(finishedItem).getByTestId("task-status")).toHaveAttribute("data-tone", "succeeded");
  });

  it("says when a task read its photos thoroughly, in tiles", async () => {
    const thorough = makeTask({ id: "task-thorough", status: "succeeded", options: { mode: "thorough" } });
    mockFetch({ "GET /api/tasks/": { body: makePage([thorough]) }, ...TYPES });
    renderWithProviders(<TasksPanel />);

    expect((await screen.findByText("Mode")).nextElementSibling).toHaveTextContent("Thorough");
  });
});
