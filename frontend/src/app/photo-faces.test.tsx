import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeEventSource } from "@/testing/fake-event-source";
import {
  TASK_TYPES,
  makeFace,
  makeImage,
  makeImageWithDetections,
  makeModel,
  makePage,
  makePerson,
} from "@/testing/factories";
import { mockFetch, sentJson } from "@/testing/mock-fetch";
import { App } from "./app";

const GRACE = makePerson({ id: "grace", name: "Grace Hopper" });

/** maria's library: one photo of two faces, one of them still to name, and Grace Hopper among her people. */
function serveLibrary() {
  const unnamed = makeFace({ id: "unnamed-face", person: { id: "cluster", name: null } });
  const named = makeFace({
    id: "named-face",
    box: { x_min: 0.6, y_min: 0.1, x_max: 0.8, y_max: 0.4 },
    person: { id: "grace", name: "Grace Hopper" },
  });
  let photo = makeImageWithDetections([], { faces: [unnamed, named] });
  const calls = mockFetch({
    "GET /api/auth/csrf": { status: 204 },
    "GET /api/auth/me": { body: { id: 1, username: "maria" } },
    "GET /api/images/": { body: makePage([makeImage()]) },
    [`GET /api/images/${photo.id}/`]: () => ({ body: photo }),
    "GET /api/labels/": { body: { labels: [] } },
    "GET /api/tasks/": { body: makePage([]) },
    "GET /api/task-types/": { body: TASK_TYPES },
    "GET /api/models/": { body: { models: [makeModel()] } },
    "GET /api/albums/": { body: makePage([]) },
    "GET /api/people/": { body: makePage([GRACE]) },
    "PATCH /api/faces/unnamed-face/": () => {
      photo = { ...photo, faces: [{ ...unnamed, person: { id: "grace", name: "Grace Hopper" } }, named] };
      return { body: photo.faces[0] };
    },
  });
  return { calls, photoId: photo.id };
}

describe("the photo view's faces", () => {
  beforeEach(() => {
    FakeEventSource.install();
    document.cookie = "csrftoken=test-token";
  });
  afterEach(() => vi.unstubAllGlobals());

  it("draws each face with its name, and names one right there", async () => {
    const { calls, photoId } = serveLibrary();
    window.history.replaceState(null, "", `/photos/${photoId}`);
    render(<App />);

    const photo = await screen.findByRole("dialog", { name: "chelsea.png" });
    expect(await within(photo).findByRole("button", { name: "Face: Grace Hopper" })).toHaveTextContent("Grace Hopper");
    await userEvent.click(within(photo).getByRole("button", { name: "Face: Who is this?" }));
    const field = within(photo).getByRole("combobox", { name: "Who is this?" });
    await vi.waitFor(() => expect(photo.querySelectorAll("datalist option")).toHaveLength(1));
    await userEvent.type(field, "Grace Hopper{Enter}");

    const patch = calls.find((call) => call.method === "PATCH");
    expect(patch?.path).toBe("/api/faces/unnamed-face/");
    expect(sentJson(patch)).toEqual({ person: "grace" });
    // The photo is asked for again: both faces are hers now, and the form is gone.
    await vi.waitFor(() =>
      expect(within(photo).getAllByRole("button", { name: "Face: Grace Hopper" })).toHaveLength(2),
    );
    expect(within(photo).queryByRole("combobox", { name: "Who is this?" })).not.toBeInTheDocument();

    // Escape in the form closes the form only, not the photo view.
    await userEvent.click(within(photo).getAllByRole("button", { name: "Face: Grace Hopper" })[0]);
    await userEvent.keyboard("{Escape}");
    expect(within(photo).queryByRole("combobox", { name: "Who is this?" })).not.toBeInTheDocument();
    expect(screen.getByRole("dialog", { name: "chelsea.png" })).toBeInTheDocument();
  });
});
