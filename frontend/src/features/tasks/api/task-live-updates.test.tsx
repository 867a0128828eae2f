import { act, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeEventSource } from "@/testing/fake-event-source";
import { makePage, makeTask } from "@/testing/factories";
import { mockFetch } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import type { Task } from "@/types/api";
import { TasksPanel } from "../components/tasks-panel";

const queued = makeTask({ id: "task-1", status: "queued", progress: 0, processed: 0, total: 4 });

describe("live task updates", () => {
  beforeEach(() => FakeEventSource.install());
  afterEach(() => vi.useRealTimers());

  it("moves the bar from progress events and closes the stream at the final status", async () => {
    mockFetch({ "GET /api/tasks/": { body: makePage([queued]) } });
    const onFinished = vi.fn();
    renderWithProviders(<TasksPanel onTaskFinished={onFinished} />);
    await screen.findByRole("progressbar");
    const stream = FakeEventSource.openFor("/api/tasks/task-1/events")!;

    act(() => stream.emit("progress", { ...queued, status: "running", processed: 2, progress: 50 }));
    await waitFor(() => expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "50"));

    act(() => stream.emit("progress", { ...queued, status: "succeeded", processed: 4, progress: 100 }));
    await waitFor(() => expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100"));
    expect(stream.closed).toBe(true);
    expect(onFinished).toHaveBeenCalledTimes(1);
  });

  it("falls back to polling once a second when the stream breaks, without an error message", async () => {
    let polls = 0;
    mockFetch({
      "GET /api/tasks/": { body: makePage([queued]) },
      "GET /api/tasks/task-1/": () => {
        polls += 1;
        return polls < 2
          ? { body: { ...queued, status: "running", processed: 1, progress: 25 } }
          : { body: { ...queued, status: "succeeded", processed: 4, progress: 100 } };
      },
    });
    renderWithProviders(<TasksPanel />);
    await screen.findByRole("progressbar");
    vi.useFakeTimers({ shouldAdvanceTime: true });

    act(() => FakeEventSource.openFor("/api/tasks/task-1/events")!.fail());

    await vi.waitFor(() => expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "25"));
    await act(() => vi.advanceTimersByTimeAsync(1000));
    await vi.waitFor(() => expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100"));
    await act(() => vi.advanceTimersByTimeAsync(3000));
    expect(polls).toBe(2);
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("reports a task that was already finished when it first showed up, but not the old ones", async () => {
    const old = makeTask({ id: "task-0", status: "succeeded", progress: 100, processed: 4, total: 4 });
    const quick = makeTask({
      id: "task-2",
      status: "succeeded",
      progress: 100,
      processed: 3,
      total: 3,
      created_at: "2024-05-01T11:00:00Z",
    });
    const { onFinished, listNext } = await renderPanelListing([old]);
    expect(onFinished).not.toHaveBeenCalled();

    await listNext([quick, old]); // cached results: it ended before the list was fetched again
    await waitFor(() => expect(screen.getAllByRole("progressbar")).toHaveLength(2));
    expect(onFinished).toHaveBeenCalledTimes(1);
    expect(onFinished).toHaveBeenCalledWith(quick);
  });

  it("does not report the finished tasks of an older page", async () => {
    const newest = makeTask({ id: "task-9", status: "succeeded", created_at: "2024-05-01T10:00:00Z" });
    const older = makeTask({
      id: "task-3",
      status: "succeeded",
      processed: 7,
      total: 7,
      created_at: "2024-04-30T10:00:00Z",
    });
    const { onFinished, listNext } = await renderPanelListing([newest]);

    await listNext([older]); // what the next page shows
    await screen.findByText("7 / 7");
    expect(onFinished).not.toHaveBeenCalled();
  });
});

/** The Tasks panel, listing `first`; `listNext` makes the list's next fetch answer with other tasks. */
async function renderPanelListing(first: Task[]) {
  let list = first;
  mockFetch({ "GET /api/tasks/": () => ({ body: makePage(list) }) });
  const onFinished = vi.fn();
  const { queryClient } = renderWithProviders(<TasksPanel onTaskFinished={onFinished} />);
  await screen.findByRole("progressbar");
  const listNext = async (next: Task[]) => {
    list = next;
    await act(() => queryClient.invalidateQueries({ queryKey: ["tasks", "list"] }));
  };
  return { onFinished, listNext };
}
