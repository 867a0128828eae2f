import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { IMAGE_LIST_KEY } from "@/lib/image-cache";
import { FakeEventSource } from "@/testing/fake-event-source";
import { TASK_TYPES, makeImage, makePage, makeTask, makeTaskResult } from "@/testing/factories";
import { mockFetch } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import { TaskItem } from "./task-item";

const TYPES = { "GET /api/task-types/": { body: TASK_TYPES } };
const task = makeTask({ id: "task-1", status: "succeeded", progress: 100, processed: 4, total: 4, failed: 2 });
const MISSING = "The photo's file is missing from storage.";
const UNDECODABLE = "The photo could not be decoded: cannot identify image file.";
const KNOWN_ID = "b0b0b0b0-0000-4000-8000-000000000001";
const UNKNOWN_ID = "c0c0c0c0-0000-4000-8000-000000000002";

describe("a task's failed photos", () => {
  beforeEach(() => FakeEventSource.install());

  it("are listed with their reasons once asked for, by file name where the gallery knows it", async () => {
    const calls = mockFetch({
      ...TYPES,
      "GET /api/tasks/task-1/results": ({ url }) =>
        url.searchParams.get("page") === "1"
          ? {
              body: {
                ...makePage([
                  makeTaskResult({ image_id: "d0d0d0d0-0000-4000-8000-000000000003" }),
                  makeTaskResult({ image_id: KNOWN_ID, status: "failed", error: MISSING }),
                ]),
                next: "/api/tasks/task-1/results?page=2",
              },
            }
          : { body: makePage([makeTaskResult({ image_id: UNKNOWN_ID, status: "failed", error: UNDECODABLE })]) },
    });
    const { queryClient } = renderWithProviders(
      <ul>
        <TaskItem task={task} />
      </ul>,
    );
    queryClient.setQueryData(
      [...IMAGE_LIST_KEY, { label: null, minConfidence: 0.5, page: 1 }],
      makePage([makeImage({ id: KNOWN_ID, filename: "holiday.jpg" })]),
    );
    const toggle = screen.getByRole("button", { name: "Show failed photos" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    expect(calls.some((call) => call.path.includes("/results"))).toBe(false); // nothing read until asked

    await userEvent.click(toggle);

    const list = await screen.findByRole("list", { name: "Failed photos" });
    const items = within(list).getAllByRole("listitem");
    expect(items.map((item) => item.textContent)).toEqual([`holiday.jpg${MISSING}`, `${UNKNOWN_ID}${UNDECODABLE}`]);
    expect(screen.getByRole("button", { name: "Hide failed photos" })).toHaveAttribute("aria-expanded", "true");
    expect(calls.filter((call) => call.path.includes("/results")).map((call) => call.path)).toEqual([
      "/api/tasks/task-1/results?page=1&page_size=200",
      "/api/tasks/task-1/results?page=2&page_size=200",
    ]);

    await userEvent.click(screen.getByRole("button", { name: "Hide failed photos" }));
    expect(screen.queryByRole("list", { name: "Failed photos" })).not.toBeInTheDocument();
  });

  it("stops reading results once every failure is found", async () => {
    const calls = mockFetch({
      ...TYPES,
      "GET /api/tasks/task-1/results": {
        body: {
          ...makePage([
            makeTaskResult({ image_id: KNOWN_ID, status: "failed", error: MISSING }),
            makeTaskResult({ image_id: UNKNOWN_ID, status: "failed", error: null }),
          ]),
          next: "/api/tasks/task-1/results?page=2",
        },
      },
    });
    renderWithProviders(
      <ul>
        <TaskItem task={task} />
      </ul>,
    );

    await userEvent.click(screen.getByRole("button", { name: "Show failed photos" }));

    expect(await screen.findByText("No reason was recorded.")).toBeInTheDocument();
    expect(calls.filter((call) => call.path.includes("/results"))).toHaveLength(1);
  });

  it("are not offered when no photo failed", () => {
    mockFetch(TYPES);
    renderWithProviders(
      <ul>
        <TaskItem task={{ ...task, failed: 0 }} />
      </ul>,
    );
    expect(screen.queryByRole("button", { name: "Show failed photos" })).not.toBeInTheDocument();
  });
});
