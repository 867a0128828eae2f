import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "./app";
import { mockFetch, type MockReply } from "@/testing/mock-fetch";
import type { SharedPage, SharedPhoto } from "@/features/shared-album/api/get-shared-album";

const TOKEN = "k3y";

function makeSharedPhoto(id: string, overrides: Partial<SharedPhoto> = {}): SharedPhoto {
  const base = `/api/shared/${TOKEN}/photos/${id}`;
  return {
    id,
    width: 800,
    height: 600,
    taken_at: null,
    thumbnail_url: `${base}/thumbnail`,
    preview_url: `${base}/preview`,
    file_url: null,
    ...overrides,
  };
}

function makeSharedPage(photos: SharedPhoto[], overrides: Partial<SharedPage> = {}): SharedPage {
  return {
    album: {
      title: "Grandma’s birthday",
      description: "At the lake",
      photo_count: photos.length,
      allow_download: false,
      expires_at: null,
    },
    count: photos.length,
    next: null,
    previous: null,
    results: photos,
    ...overrides,
  };
}

const LINK_GONE: MockReply = {
  status: 404,
  body: { error: { code: "link_not_found", message: "No album is shared under this link.", details: {} } },
};

/** The whole app at the shared page's address, as a visitor with no account opens it. */
function openSharedPage(path = `/shared/${TOKEN}`) {
  window.history.replaceState(null, "", path);
  return render(<App />);
}

describe("An album shared by link, opened by a visitor", () => {
  beforeEach(() => {
    document.cookie = "csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT";
  });
  afterEach(() => vi.unstubAllGlobals());

  it("shows the album and its photos without asking who is signed in", async () => {
    const photos = [
      makeSharedPhoto("p1", { taken_at: "2024-05-01T10:00:00Z" }),
      makeSharedPhoto("p2"),
      makeSharedPhoto("p3"),
    ];
    // Only the shared album answers: a request for anything else (the session, the library) fails the test.
    const calls = mockFetch({ [`GET /api/shared/${TOKEN}/`]: { body: makeSharedPage(photos) } });
    openSharedPage();

    expect(await screen.findByRole("heading", { name: "Grandma’s birthday", level: 1 })).toBeInTheDocument();
    expect(screen.getByText("At the lake")).toBeInTheDocument();
    expect(screen.getByText("3 photos")).toBeInTheDocument();
    const grid = screen.getByRole("list", { name: "Photos" });
    expect(within(grid).getAllByRole("listitem")).toHaveLength(3);
    expect(within(grid).getByRole("link", { name: "Open Photo 1 of 3" }).querySelector("img")).toHaveAttribute(
      "src",
      photos[0].thumbnail_url,
    );
    expect(document.title).toBe("Grandma’s birthday — Spotter");
    expect(calls.map((call) => call.path)).toEqual([`/api/shared/${TOKEN}/?page=1`]);
    expect(screen.queryByRole("button", { name: /Log out|Select|Delete|Share/ })).not.toBeInTheDocument();
  });

  it("opens a photo at screen size, steps to the next, and closes on Escape; no Download unless allowed", async () => {
    mockFetch({
      [`GET /api/shared/${TOKEN}/`]: { body: makeSharedPage([makeSharedPhoto("p1"), makeSharedPhoto("p2")]) },
    });
    openSharedPage();

    await userEvent.click(await screen.findByRole("link", { name: "Open Photo 1 of 2" }));
    const photo = screen.getByRole("dialog", { name: "Photo 1 of 2" });
    expect(within(photo).getByRole("img", { name: "Photo 1 of 2" })).toHaveAttribute(
      "src",
      `/api/shared/${TOKEN}/photos/p1/preview`,
    );
    expect(within(photo).queryByRole("link", { name: "Download" })).not.toBeInTheDocument();
    expect(within(photo).getByRole("button", { name: "Previous photo" })).toBeDisabled();

    await userEvent.keyboard("{ArrowRight}");
    expect(screen.getByRole("dialog", { name: "Photo 2 of 2" })).toBeInTheDocument();
    expect(window.location.pathname).toBe(`/shared/${TOKEN}/photos/p2`);

    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(window.location.pathname).toBe(`/shared/${TOKEN}`);
  });

  it("offers the original for download where the link allows it", async () => {
    const photo = makeSharedPhoto("p1", { file_url: `/api/shared/${TOKEN}/photos/p1/file` });
    mockFetch({ [`GET /api/shared/${TOKEN}/`]: { body: makeSharedPage([photo]) } });
    openSharedPage(`/shared/${TOKEN}/photos/p1`);

    const dialog = await screen.findByRole("dialog", { name: "Photo 1 of 1" });
    expect(within(dialog).getByRole("link", { name: "Download" })).toHaveAttribute("href", photo.file_url);
  });

  it("shows the photos a page at a time", async () => {
    const firstPage = Array.from({ length: 50 }, (_, index) => makeSharedPhoto(`p${index}`));
    const calls = mockFetch({
      [`GET /api/shared/${TOKEN}/`]: ({ url }) => {
        const page = Number(url.searchParams.get("page"));
        const next = page === 1 ? `/api/shared/${TOKEN}/?page=2` : null;
        const previous = page === 2 ? `/api/shared/${TOKEN}/?page=1` : null;
        const photos = page === 1 ? firstPage : [makeSharedPhoto("last")];
        return { body: { ...makeSharedPage(photos), count: 51, next, previous } };
      },
    });
    openSharedPage();

    await userEvent.click(await screen.findByRole("button", { name: "Next page →" }));

    expect(await screen.findByRole("link", { name: /^Open Photo 51 of/ })).toBeInTheDocument();
    expect(screen.getByText("Page 2 of 2")).toBeInTheDocument();
    expect(calls.at(-1)?.path).toBe(`/api/shared/${TOKEN}/?page=2`);
  });

  it("says kindly that a revoked, expired or unknown link works no more", async () => {
    mockFetch({ [`GET /api/shared/${TOKEN}/`]: LINK_GONE });
    openSharedPage();

    expect(await screen.findByRole("heading", { name: "This link doesn’t work any more" })).toBeInTheDocument();
    expect(screen.getByText(/Ask them for a new link/)).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.queryByText("No album is shared under this link.")).not.toBeInTheDocument();
  });
});
