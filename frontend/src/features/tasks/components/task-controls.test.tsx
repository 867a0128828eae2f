import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { FakeEventSource } from "@/testing/fake-event-source";
import { TASK_TYPES, makePage, makeTask } from "@/testing/factories";
import { mockFetch, type MockReply } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import type { Task, TaskStatus } from "@/types/api";
import { TaskItem } from "./task-item";
import { TasksPanel } from "./tasks-panel";

const TYPES = { "GET /api/task-types/": { body: TASK_TYPES } };
const running = makeTask({ id: "task-1", status: "running", progress: 40, processed: 4, total: 10 });
const paused: Task = { ...running, status: "paused", eta_seconds: null, images_per_second: null };

/** A reply the test sends when it likes, so that the request stays in flight until then. */
function heldReply() {
  let send: (reply: MockReply) => void = () => {};
  const reply = new Promise<MockReply>((resolve) => (send = resolve));
  return { reply: () => reply, send };
}

/** The task's buttons, by the words they show. */
function controls() {
  return screen.queryAllByRole("button").map((button) => button.textContent);
}

function card() {
  return screen.getByRole("heading", { name: "Find objects" }).closest("li") as HTMLElement;
}

describe("task controls", () => {
  beforeEach(() => {
    FakeEventSource.install();
    document.cookie = "csrftoken=test-token";
  });

  it("offers Pause and Stop while queued or running, Resume and Stop while paused, none once stopping or finished", () => {
    mockFetch(TYPES);
    const expected: Record<TaskStatus, string[]> = {
      queued: ["Pause", "Stop"],
      running: ["Pause", "Stop"],
      paused: ["Resume", "Stop"],
      cancelling: [],
      succeeded: [],
      failed: [],
      cancelled: [],
    };
    for (const [status, buttons] of Object.entries(expected)) {
      const { unmount } = renderWithProviders(
        <ul>
          <TaskItem task={{ ...running, status: status as TaskStatus }} />
        </ul>,
      );
      expect(controls(), status).toEqual(buttons);
      unmount();
    }
  });

  it("pauses with a POST: the button waits for its answer, then the card shows paused, still, without a time left", async () => {
    const pause = heldReply();
    const calls = mockFetch({
      "GET /api/tasks/": { body: makePage([running]) },
      ...TYPES,
      "POST /api/tasks/task-1/pause": pause.reply,
    });
    renderWithProviders(<TasksPanel />);
    await userEvent.click(await screen.findByRole("button", { name: "Pause Find objects" }));
    expect(screen.getByText("1 min 15 s")).toBeInTheDocument(); // the time left, while running
    expect(screen.getByRole("button", { name: "Pause Find objects" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Pause Find objects" })).toHaveTextContent("Pausing…");
    const post = calls.find((call) => call.method === "POST");
    expect(post?.path).toBe("/api/tasks/task-1/pause");
    expect(post?.headers.get("X-CSRFToken")).toBe("test-token");

    act(() => pause.send({ status: 202, body: paused }));

    const badge = await screen.findByText("paused", { selector: '[data-testid="task-status"]' });
    expect(badge).toHaveAttribute("data-tone", "paused");
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "40");
    expect(screen.getByRole("progressbar").parentElement).toHaveAttribute("data-tone", "paused");
    expect(screen.getByText("4 / 10")).toBeInTheDocument();
    expect(screen.queryByText("Time left")).not.toBeInTheDocument();
    expect(screen.queryByText("Speed")).not.toBeInTheDocument();
    expect(screen.getByText(/Resume to go on/)).toBeInTheDocument();
    expect(controls()).toEqual(["Resume", "Stop"]);
    expect(FakeEventSource.openFor("/api/tasks/task-1/events")).toBeDefined(); // still followed while paused
  });

  it("keeps a paused task still even with a time left in its data, and shows it paused from the live stream", async () => {
    mockFetch({ "GET /api/tasks/": { body: makePage([running]) }, ...TYPES });
    renderWithProviders(<TasksPanel />);
    await screen.findByRole("button", { name: "Pause Find objects" });

    act(() => FakeEventSource.openFor("/api/tasks/task-1/events")!.emit("progress", { ...paused, eta_seconds: 30 }));

    expect(await screen.findByText("paused", { selector: '[data-testid="task-status"]' })).toBeInTheDocument();
    expect(screen.queryByText("Time left")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Resume Find objects" })).toBeEnabled();
  });

  it("resumes a paused task with a POST and follows it to the end", async () => {
    const resume = heldReply();
    const calls = mockFetch({
      "GET /api/tasks/": { body: makePage([paused]) },
      ...TYPES,
      "POST /api/tasks/task-1/resume": resume.reply,
    });
    renderWithProviders(<TasksPanel />);

    await userEvent.click(await screen.findByRole("button", { name: "Resume Find objects" }));
    expect(screen.getByRole("button", { name: "Resume Find objects" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Stop Find objects" })).toBeEnabled();
    expect(calls.find((call) => call.method === "POST")?.path).toBe("/api/tasks/task-1/resume");

    act(() => resume.send({ status: 202, body: running }));
    expect(await screen.findByText("running", { selector: '[data-testid="task-status"]' })).toBeInTheDocument();
    expect(controls()).toEqual(["Pause", "Stop"]);

    act(() =>
      FakeEventSource.openFor("/api/tasks/task-1/events")!.emit("progress", {
        ...running,
        status: "succeeded",
        processed: 10,
        progress: 100,
      }),
    );
    await waitFor(() => expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100"));
    expect(controls()).toEqual([]);
  });

  it("stops a paused task", async () => {
    const calls = mockFetch({
      "GET /api/tasks/": { body: makePage([paused]) },
      ...TYPES,
      "DELETE /api/tasks/task-1/": { status: 202, body: { ...paused, status: "cancelled" } },
    });
    renderWithProviders(<TasksPanel />);

    await userEvent.click(await screen.findByRole("button", { name: "Stop Find objects" }));

    expect(await screen.findByText("stopped")).toBeInTheDocument();
    expect(calls.find((call) => call.method === "DELETE")?.path).toBe("/api/tasks/task-1/");
    expect(controls()).toEqual([]);
  });

  it("says in plain words, in the card, that a task that finished meanwhile can no longer be paused", async () => {
    let list = [running];
    mockFetch({
      "GET /api/tasks/": () => ({ body: makePage(list) }),
      ...TYPES,
      "POST /api/tasks/task-1/pause": () => {
        list = [{ ...running, status: "succeeded", progress: 100, processed: 10 }];
        return {
          status: 409,
          body: { error: { code: "task_not_pausable", message: "A succeeded task cannot be paused.", details: {} } },
        };
      },
    });
    renderWithProviders(<TasksPanel />);

    await userEvent.click(await screen.findByRole("button", { name: "Pause Find objects" }));

    expect(await within(card()).findByText(/can no longer be paused/)).toBeInTheDocument();
    expect(await within(card()).findByText("succeeded")).toBeInTheDocument(); // the card caught up
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(controls()).toEqual([]);
  });

  it("shows any other failure as an alert in the card, and lets the user try again", async () => {
    mockFetch({
      "GET /api/tasks/": { body: makePage([paused]) },
      ...TYPES,
      "POST /api/tasks/task-1/resume": {
        status: 503,
        body: { error: { code: "broker_unavailable", message: "The task queue is unavailable.", details: {} } },
      },
    });
    renderWithProviders(<TasksPanel />);

    await userEvent.click(await screen.findByRole("button", { name: "Resume Find objects" }));

    expect(await within(card()).findByRole("alert")).toHaveTextContent("The task queue is unavailable.");
    expect(within(card()).getByRole("button", { name: "Resume Find objects" })).toBeEnabled();
  });
});
