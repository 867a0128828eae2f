import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { FakeEventSource } from "@/testing/fake-event-source";
import { TASK_TYPES, makePage, makeTask } from "@/testing/factories";
import { mockFetch } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import type { Task } from "@/types/api";
import { TaskItem } from "./task-item";
import { TasksPanel } from "./tasks-panel";

const TYPES = { "GET /api/task-types/": { body: TASK_TYPES } };
const finished = makeTask({
  id: "task-old",
  status: "succeeded",
  progress: 100,
  processed: 10,
  failed: 3,
  eta_seconds: 0,
  created_at: "2024-05-01T10:00:00Z",
});
const retried = makeTask({
  id: "task-retry",
  status: "queued",
  progress: 0,
  processed: 0,
  total: 3,
  failed: 0,
  created_at: "2024-05-01T11:00:00Z",
});

function retryButtons() {
  return screen.queryAllByRole("button", { name: /^Retry/ }).map((button) => button.textContent);
}

describe("retrying failed photos", () => {
  beforeEach(() => {
    FakeEventSource.install();
    document.cookie = "csrftoken=test-token";
  });

  it("is offered for a finished task with failed photos only, counting them", () => {
    mockFetch(TYPES);
    const cases: [Partial<Task>, string[]][] = [
      [{ status: "succeeded", failed: 3 }, ["Retry 3 failed photos"]],
      [{ status: "failed", failed: 1 }, ["Retry 1 failed photo"]],
      [{ status: "cancelled", failed: 2 }, ["Retry 2 failed photos"]],
      [{ status: "succeeded", failed: 0 }, []],
      [{ status: "running", failed: 2 }, []],
      [{ status: "paused", failed: 2 }, []],
    ];
    for (const [overrides, expected] of cases) {
      const { unmount } = renderWithProviders(
        <ul>
          <TaskItem task={{ ...finished, ...overrides }} />
        </ul>,
      );
      expect(retryButtons(), JSON.stringify(overrides)).toEqual(expected);
      unmount();
    }
  });

  it("POSTs retry, and the new task shows at the top of the list and is followed live", async () => {
    let list = [finished];
    const calls = mockFetch({
      "GET /api/tasks/": () => ({ body: makePage(list) }),
      ...TYPES,
      "POST /api/tasks/task-old/retry": () => {
        list = [retried, finished];
        return { status: 202, body: retried };
      },
    });
    renderWithProviders(<TasksPanel />);

    await userEvent.click(await screen.findByRole("button", { name: "Retry 3 failed photos" }));

    await waitFor(() => expect(screen.getAllByRole("progressbar")).toHaveLength(2));
    const post = calls.find((call) => call.method === "POST");
    expect(post?.path).toBe("/api/tasks/task-old/retry");
    expect(post?.headers.get("X-CSRFToken")).toBe("test-token");
    const [first, second] = screen.getAllByRole("progressbar").map((bar) => bar.closest("li") as HTMLElement);
    expect(within(first).getByText("0 / 3")).toBeInTheDocument();
    expect(within(first).getByText("queued")).toBeInTheDocument();
    expect(within(second).getByText(/new task at the top/)).toBeInTheDocument();
    expect(within(second).queryByRole("button", { name: /^Retry/ })).not.toBeInTheDocument();
    expect(FakeEventSource.openFor("/api/tasks/task-retry/events")).toBeDefined();
  });

  it("says why when there is nothing left to retry", async () => {
    mockFetch({
      "GET /api/tasks/": { body: makePage([finished]) },
      ...TYPES,
      "POST /api/tasks/task-old/retry": {
        status: 409,
        body: {
          error: {
            code: "nothing_to_retry",
            message: "No photo of this task failed (or those that did were deleted).",
            details: {},
          },
        },
      },
    });
    renderWithProviders(<TasksPanel />);

    await userEvent.click(await screen.findByRole("button", { name: "Retry 3 failed photos" }));

    expect(await screen.findByText(/those that did were deleted/)).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });
});
