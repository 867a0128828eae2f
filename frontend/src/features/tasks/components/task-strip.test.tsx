import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { FakeEventSource } from "@/testing/fake-event-source";
import { TASK_TYPES, makePage, makeTask } from "@/testing/factories";
import { mockFetch } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import { TaskStrip } from "./task-strip";
import { TasksPanel } from "./tasks-panel";

const started = makeTask({ id: "task-new", type: "detect-people", status: "queued", progress: 0, processed: 0 });

describe("TaskStrip", () => {
  beforeEach(() => FakeEventSource.install());

  it("shows the task just started with its live bar, and leads to the task panel", async () => {
    mockFetch({ "GET /api/task-types/": { body: TASK_TYPES } });
    const onShowTasks = vi.fn();
    renderWithProviders(<TaskStrip task={started} onShowTasks={onShowTasks} onDismiss={() => {}} />);

    const strip = screen.getByRole("region", { name: "Started task" });
    expect(await within(strip).findByText("Find people · 10 photos")).toBeInTheDocument();
    const bar = within(strip).getByRole("progressbar", { name: "Find people progress" });
    expect(bar).toHaveAttribute("aria-valuenow", "0");

    act(() =>
      FakeEventSource.openFor("/api/tasks/task-new/events")!.emit("progress", {
        ...started,
        status: "running",
        processed: 6,
        progress: 60,
      }),
    );
    await waitFor(() => expect(bar).toHaveAttribute("aria-valuenow", "60"));
    expect(within(strip).getByText("running")).toBeInTheDocument();

    await userEvent.click(within(strip).getByRole("button", { name: "Show tasks" }));
    expect(onShowTasks).toHaveBeenCalledTimes(1);
  });

  it("keeps its ✕ together with Show tasks, so that on a phone it never wraps onto a row of its own", () => {
    mockFetch({ "GET /api/task-types/": { body: TASK_TYPES } });
    renderWithProviders(<TaskStrip task={started} onShowTasks={() => {}} onDismiss={() => {}} />);
    const strip = screen.getByRole("region", { name: "Started task" });

    const pair = within(strip).getByRole("button", { name: "Show tasks" }).parentElement!;
    expect(pair).not.toBe(strip);
    expect(
      within(pair)
        .getAllByRole("button")
        .map((button) => button.textContent),
    ).toEqual(["Show tasks", "✕"]);
  });

  it("says when the task finished with photos failed, not only that it succeeded", async () => {
    mockFetch({ "GET /api/task-types/": { body: TASK_TYPES } });
    renderWithProviders(<TaskStrip task={started} onShowTasks={() => {}} onDismiss={() => {}} />);
    const strip = screen.getByRole("region", { name: "Started task" });

    act(() =>
      FakeEventSource.openFor("/api/tasks/task-new/events")!.emit("progress", {
        ...started,
        status: "succeeded",
        processed: 10,
        failed: 3,
        progress: 100,
      }),
    );

    const badge = await within(strip).findByText("succeeded · 3 failed");
    expect(badge).toHaveAttribute("data-tone", "partial");
  });

  it("pauses and resumes the started task, and offers Stop, right in the strip", async () => {
    const calls = mockFetch({
      "GET /api/task-types/": { body: TASK_TYPES },
      "POST /api/tasks/task-new/pause": { status: 202, body: { ...started, status: "paused" } },
      "POST /api/tasks/task-new/resume": { status: 202, body: { ...started, status: "running" } },
    });
    renderWithProviders(<TaskStrip task={started} onShowTasks={() => {}} onDismiss={() => {}} />);
    const strip = screen.getByRole("region", { name: "Started task" });
    expect(await within(strip).findByRole("button", { name: "Stop Find people" })).toBeInTheDocument();

    await userEvent.click(within(strip).getByRole("button", { name: "Pause Find people" }));
    expect(await within(strip).findByText("paused")).toBeInTheDocument();
    expect(within(strip).queryByRole("button", { name: "Pause Find people" })).not.toBeInTheDocument();

    await userEvent.click(within(strip).getByRole("button", { name: "Resume Find people" }));
    expect(await within(strip).findByText("running")).toBeInTheDocument();
    expect(within(strip).getByRole("button", { name: "Pause Find people" })).toBeEnabled();
    expect(calls.filter((call) => call.method === "POST").map((call) => call.path)).toEqual([
      "/api/tasks/task-new/pause",
      "/api/tasks/task-new/resume",
    ]);
  });

  it("shares one live stream with the task panel", async () => {
    mockFetch({ "GET /api/task-types/": { body: TASK_TYPES }, "GET /api/tasks/": { body: makePage([started]) } });
    renderWithProviders(
      <>
        <TaskStrip task={started} onShowTasks={() => {}} onDismiss={() => {}} />
        <TasksPanel />
      </>,
    );
    await screen.findByRole("list", { name: "Task list" });

    const streams = FakeEventSource.instances.filter((source) => !source.closed);
    expect(streams.map((source) => source.url)).toEqual(["/api/tasks/task-new/events"]);

    act(() => streams[0].emit("progress", { ...started, status: "succeeded", processed: 10, progress: 100 }));
    await waitFor(() =>
      expect(screen.getAllByRole("progressbar").map((bar) => bar.getAttribute("aria-valuenow"))).toEqual([
        "100",
        "100",
      ]),
    );
    expect(streams[0].closed).toBe(true);
  });
});
