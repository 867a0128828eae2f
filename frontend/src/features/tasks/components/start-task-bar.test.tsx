import { act, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TASK_TYPES, makeTask } from "@/testing/factories";
import { mockFetch } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import { StartTaskBar } from "./start-task-bar";

const ids = ["a", "b", "c"];

describe("StartTaskBar", () => {
  beforeEach(() => {
    document.cookie = "csrftoken=test-token";
  });
  afterEach(() => vi.unstubAllGlobals());

  it("offers the task types by their names for people and says what the button will do", async () => {
    const task = makeTask({ id: "task-people", type: "detect-people", total: 3 });
    const calls = mockFetch({
      "GET /api/task-types/": { body: TASK_TYPES },
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
    expect(JSON.parse(String(post?.init.body))).toEqual({ image_ids: ids });
  });

  it("leaves room under the page as tall as itself, so that it covers nothing", async () => {
    mockFetch({ "GET /api/task-types/": { body: TASK_TYPES } });
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
    const { container } = renderWithProviders(
      <StartTaskBar selectedIds={ids} onClear={() => {}} onStarted={() => {}} />,
    );
    const bar = screen.getByRole("form", { name: "Run a task on the selected photos" });
    vi.spyOn(bar, "getBoundingClientRect").mockReturnValue(new DOMRect(0, 700, 1000, 112));

    act(() => observed());

    const spacer = container.firstElementChild as HTMLElement;
    expect(spacer).not.toBe(bar);
    expect(await screen.findByRole("option", { name: "Find objects" })).toBeInTheDocument();
    expect(spacer).toHaveStyle({ height: "112px" });
  });
});
