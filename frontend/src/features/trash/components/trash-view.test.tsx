import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeImage } from "@/testing/factories";
import { mockFetch, type MockReply, type SentRequest } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import type { TrashedPhoto } from "../api/get-trash";
import { formatLocalDay } from "../utils/trash-dates";
import { TrashView } from "./trash-view";

const DAY_MS = 24 * 3600 * 1000;
const daysFromNow = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

function makeTrashedPhoto(overrides: Partial<TrashedPhoto> = {}): TrashedPhoto {
  const id = overrides.id ?? "c0c0c0c0-0000-4000-8000-000000000001";
  return {
    id,
    filename: "IMG_0001-small.webp",
    width: 2016,
    height: 1512,
    size_bytes: 420_000,
    reason: "a copy of IMG_0001.jpg, which was kept",
    trashed_at: daysFromNow(-2),
    purge_at: daysFromNow(28),
    thumbnail_url: `/api/trash/${id}/thumbnail`,
    ...overrides,
  };
}

const COPY = makeTrashedPhoto({ id: "copy" });
const CHELSEA = makeTrashedPhoto({ id: "chelsea", filename: "chelsea.png", reason: "", trashed_at: daysFromNow(0) });

type Routes = Record<string, MockReply | ((request: SentRequest) => MockReply)>;

/** Restore and Delete for good of each photo, which takes it out of the trash. */
function photoRoutes(photos: TrashedPhoto[], without: (id: string) => void): Routes {
  const routes: Routes = {};
  for (const photo of photos) {
    routes[`POST /api/trash/${photo.id}/restore`] = () => {
      without(photo.id);
      return { body: makeImage({ id: photo.id, filename: photo.filename }) };
    };
    routes[`DELETE /api/trash/${photo.id}/`] = () => {
      without(photo.id);
      return { status: 204 };
    };
  }
  return routes;
}

/** The API's trash, holding `photos` until they are restored or deleted; `routes` stand in for some of its answers. */
function serveTrash(photos: TrashedPhoto[], routes: Routes = {}) {
  let held = photos;
  const without = (id: string) => {
    held = held.filter((photo) => photo.id !== id);
  };
  return mockFetch({
    "GET /api/trash/": () => ({ body: { count: held.length, next: null, previous: null, results: held } }),
    "DELETE /api/trash/": () => {
      const deleted = held.length;
      held = [];
      return { body: { deleted } };
    },
    ...photoRoutes(photos, without),
    ...routes,
  });
}

const sent = (calls: SentRequest[], method: string) =>
  calls.filter((call) => call.method === method).map((call) => call.path);

const renderTrash = (route = "/trash") => renderWithProviders(<TrashView />, { route });

describe("TrashView", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows each photo deleted: why, when, and when it goes for good", async () => {
    const calls = serveTrash([COPY, CHELSEA]);
    renderTrash();

    const copy = await screen.findByRole("listitem", { name: "IMG_0001-small.webp" });
    expect(sent(calls, "GET")).toEqual(["/api/trash/?page=1&page_size=50"]);
    expect(screen.getByRole("heading", { level: 1, name: "Trash" })).toBeInTheDocument();
    expect(screen.getByText("2 photos in the trash")).toBeInTheDocument();
    expect(document.title).toBe("Trash — Spotter");

    expect(within(copy).getByText("a copy of IMG_0001.jpg, which was kept")).toBeInTheDocument();
    expect(copy).toHaveTextContent("Deleted 2 days ago");
    expect(copy).toHaveTextContent(`Deleted for good on ${formatLocalDay(COPY.purge_at)}`);
    expect(copy.querySelector("img")).toHaveAttribute("src", "/api/trash/copy/thumbnail");
    const chelsea = screen.getByRole("listitem", { name: "chelsea.png" });
    expect(chelsea).toHaveTextContent("Deleted just now");
  });

  it("restores a photo to the library", async () => {
    const calls = serveTrash([COPY, CHELSEA]);
    renderTrash();
    const chelsea = await screen.findByRole("listitem", { name: "chelsea.png" });

    await userEvent.click(within(chelsea).getByRole("button", { name: "Restore" }));

    expect(await screen.findByText("chelsea.png is back in the library.")).toHaveAttribute("role", "status");
    expect(sent(calls, "POST")).toEqual(["/api/trash/chelsea/restore"]);
    expect(await screen.findByText("1 photo in the trash")).toBeInTheDocument();
    expect(screen.queryByRole("listitem", { name: "chelsea.png" })).not.toBeInTheDocument();
  });

  it("says why a photo cannot be restored while it is in the library again", async () => {
    const message = "This photo is in your library again, as IMG_0001.jpg; delete this copy for good instead.";
    serveTrash([COPY], {
      "POST /api/trash/copy/restore": {
        status: 409,
        body: { error: { code: "already_in_library", message, details: { image_id: "original" } } },
      },
    });
    renderTrash();
    const copy = await screen.findByRole("listitem", { name: "IMG_0001-small.webp" });

    await userEvent.click(within(copy).getByRole("button", { name: "Restore" }));

    expect(await within(copy).findByRole("alert")).toHaveTextContent(message);
  });

  it("deletes a photo for good once asked, and not when cancelled", async () => {
    const calls = serveTrash([COPY, CHELSEA]);
    renderTrash();
    const copy = await screen.findByRole("listitem", { name: "IMG_0001-small.webp" });

    await userEvent.click(within(copy).getByRole("button", { name: "Delete for good" }));
    const question = within(copy).getByRole("group", { name: "Delete IMG_0001-small.webp for good?" });
    expect(within(question).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    expect(within(copy).getByRole("button", { name: "Delete for good" })).toHaveFocus();
    expect(sent(calls, "DELETE")).toEqual([]);

    await userEvent.click(within(copy).getByRole("button", { name: "Delete for good" }));
    await userEvent.click(within(copy).getByRole("button", { name: "Yes, delete" }));

    expect(await screen.findByText("IMG_0001-small.webp was deleted for good.")).toHaveAttribute("role", "status");
    expect(sent(calls, "DELETE")).toEqual(["/api/trash/copy/"]);
    expect(await screen.findByText("1 photo in the trash")).toBeInTheDocument();
  });

  it("empties the trash once asked", async () => {
    const calls = serveTrash([COPY, CHELSEA]);
    renderTrash();
    await screen.findByText("2 photos in the trash");

    await userEvent.click(screen.getByRole("button", { name: "Empty trash" }));
    const question = screen.getByRole("group", { name: "Delete all 2 photos in the trash for good?" });
    await userEvent.click(within(question).getByRole("button", { name: "Yes, empty the trash" }));

    expect(await screen.findByText("The trash is empty.")).toBeInTheDocument();
    expect(sent(calls, "DELETE")).toEqual(["/api/trash/"]);
    expect(screen.getByText("2 photos deleted for good.")).toHaveAttribute("role", "status");
    expect(screen.getByText("0 photos in the trash")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Empty trash" })).not.toBeInTheDocument();
  });

  it("says when the trash is empty", async () => {
    serveTrash([]);
    renderTrash();

    expect(await screen.findByText("The trash is empty.")).toBeInTheDocument();
    expect(screen.queryByRole("list", { name: "Photos in the trash" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Empty trash" })).not.toBeInTheDocument();
  });

  it("pages through a full trash", async () => {
    const photos = Array.from({ length: 50 }, (_, n) => makeTrashedPhoto({ id: `photo-${n}`, filename: `${n}.jpg` }));
    const calls = mockFetch({
      "GET /api/trash/": { body: { count: 70, next: "next", previous: null, results: photos } },
    });
    renderTrash();

    const pager = await screen.findByRole("navigation", { name: "Trash pages" });
    expect(pager).toHaveTextContent("Page 1 of 2");
    await userEvent.click(within(pager).getByRole("button", { name: "Next page →" }));

    expect(sent(calls, "GET").at(-1)).toBe("/api/trash/?page=2&page_size=50");
  });
});
