import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { formatDate } from "@/lib/format";
import { makeImage } from "@/testing/factories";
import { mockFetch } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import type { Image } from "@/types/api";
import { Gallery } from "./gallery";

const LIBRARY = Array.from({ length: 120 }, (_, n) =>
  makeImage({ id: `image-${String(n).padStart(3, "0")}`, filename: `photo-${n}.jpg` }),
);

/** The list endpoint over LIBRARY, paged as the API pages it (50 by default, page_size up to 200). */
function listImages(url: URL) {
  const page = Number(url.searchParams.get("page") ?? "1");
  const size = Number(url.searchParams.get("page_size") ?? "50");
  const results = LIBRARY.slice((page - 1) * size, page * size);
  const next = page * size < LIBRARY.length ? `/api/images/?page=${page + 1}` : null;
  return { body: { count: LIBRARY.length, next, previous: page > 1 ? "prev" : null, results } };
}

function renderGallery(overrides: Partial<Parameters<typeof Gallery>[0]> = {}) {
  const props = {
    filters: { label: null, minConfidence: 0.5, page: 1 },
    onPageChange: vi.fn(),
    selected: new Set<string>(),
    onToggle: vi.fn(),
    onSelectAll: vi.fn(),
    onFiles: vi.fn(),
    ...overrides,
  };
  return renderWithProviders(<Gallery {...props} />);
}

function card(name: string) {
  return screen.getByRole("button", { name }).closest("li") as HTMLElement;
}

describe("Gallery", () => {
  it("asks for each photo's labels at the gallery's minimum confidence, with or without a label", async () => {
    const calls = mockFetch({ "GET /api/images/": ({ url }) => listImages(url) });
    renderGallery({ filters: { label: null, minConfidence: 0.8, page: 1 } });

    await screen.findByRole("list", { name: "Photos" });
    expect(calls[0].path).toBe("/api/images/?labels_at=0.8&page=1&page_size=50");
  });

  it("offers every photo of the library, not only this page, and selects them all", async () => {
    const calls = mockFetch({ "GET /api/images/": ({ url }) => listImages(url) });
    const onSelectAll = vi.fn();
    renderGallery({ onSelectAll });

    await userEvent.click(await screen.findByRole("button", { name: "Select all 120 photos" }));

    await vi.waitFor(() => expect(onSelectAll).toHaveBeenCalledTimes(1));
    expect(onSelectAll.mock.calls[0][0]).toEqual(LIBRARY.map((image) => ({ id: image.id, yours: true })));
    expect(calls.slice(1).map((call) => call.path)).toEqual(["/api/images/?labels_at=0.5&page=1&page_size=200"]);
  });

  it("does not offer all photos when they fit on this page", async () => {
    const few: Image[] = LIBRARY.slice(0, 3);
    mockFetch({ "GET /api/images/": { body: { count: 3, next: null, previous: null, results: few } } });
    renderGallery();

    await screen.findByRole("list", { name: "Photos" });
    expect(screen.queryByRole("button", { name: /^Select all \d+ photos$/ })).not.toBeInTheDocument();
  });

  it("says which photos were examined and had nothing found, and which were never examined", async () => {
    const results = [
      makeImage({ id: "found", filename: "cat.jpg", labels: { cat: 1 }, analysed_by: "ssd" }),
      makeImage({ id: "empty", filename: "sky.jpg", labels: {}, analysed_by: "ssd" }),
      makeImage({ id: "new", filename: "new.jpg", labels: {}, analysed_by: null }),
    ];
    mockFetch({ "GET /api/images/": { body: { count: 3, next: null, previous: null, results } } });
    renderGallery({ filters: { label: null, minConfidence: 0.8, page: 1 } });

    await screen.findByRole("list", { name: "Photos" });
    expect(within(card("cat.jpg")).getByRole("list", { name: "Objects found" })).toHaveTextContent("cat");
    expect(within(card("sky.jpg")).getByText("Nothing found at ≥ 80%")).toBeInTheDocument();
    expect(within(card("new.jpg")).getByText("Not analysed yet")).toBeInTheDocument();
  });

  it("shows the best tags of a photo that was only tagged, and the labels of one that has both", async () => {
    const results = [
      makeImage({ id: "tagged", filename: "tabby.jpg", best_tags: ["Egyptian cat", "tabby"] }),
      makeImage({ id: "both", filename: "cat.jpg", labels: { cat: 1 }, analysed_by: "ssd", best_tags: ["tabby"] }),
    ];
    mockFetch({ "GET /api/images/": { body: { count: 2, next: null, previous: null, results } } });
    renderGallery();

    await screen.findByRole("list", { name: "Photos" });
    expect(within(card("tabby.jpg")).getByText("Tagged: Egyptian cat, tabby")).toBeInTheDocument();
    expect(within(card("tabby.jpg")).queryByText("Not analysed yet")).not.toBeInTheDocument();
    expect(within(card("cat.jpg")).getByRole("list", { name: "Objects found" })).toHaveTextContent("cat");
    expect(within(card("cat.jpg")).queryByText(/^Tagged:/)).not.toBeInTheDocument();
  });

  it("shows on each card the day its photo was taken, when that is known", async () => {
    const results = [
      makeImage({ id: "dated", filename: "may-day.jpg", taken_at: "2024-05-01T23:30:00Z" }),
      makeImage({ id: "undated", filename: "screenshot.png", taken_at: null }),
    ];
    mockFetch({ "GET /api/images/": { body: { count: 2, next: null, previous: null, results } } });
    renderGallery();

    await screen.findByRole("list", { name: "Photos" });
    const taken = within(card("may-day.jpg")).getByText(formatDate("2024-05-01T23:30:00Z"));
    expect(taken).toHaveAttribute("dateTime", "2024-05-01T23:30:00Z");
    expect(card("screenshot.png").querySelector("time")).toBeNull();
  });

  it("lists and selects only the photos taken between the two days chosen", async () => {
    const calls = mockFetch({ "GET /api/images/": ({ url }) => listImages(url) });
    const onSelectAll = vi.fn();
    const filters = { label: "dog", minConfidence: 0.5, takenAfter: "2024-05-01", takenBefore: "2024-05-31", page: 1 };
    renderGallery({ filters, onSelectAll });

    await userEvent.click(await screen.findByRole("button", { name: "Select all 120 photos" }));

    await vi.waitFor(() => expect(onSelectAll).toHaveBeenCalledTimes(1));
    const search = "label=dog&min_confidence=0.5&taken_after=2024-05-01&taken_before=2024-05-31&labels_at=0.5";
    expect(calls.map((call) => call.path)).toEqual([
      `/api/images/?${search}&page=1&page_size=50`,
      `/api/images/?${search}&page=1&page_size=200`,
    ]);
    expect(screen.getByText(/^· taken /)).toHaveTextContent(`taken ${formatDate("2024-05-01T00:00:00Z")} –`);
  });

  it("says when no photo was taken between the days chosen, rather than that the library is empty", async () => {
    mockFetch({ "GET /api/images/": { body: { count: 0, next: null, previous: null, results: [] } } });
    renderGallery({
      filters: { label: null, minConfidence: 0.5, takenAfter: "2024-05-01", takenBefore: null, page: 1 },
    });

    expect(await screen.findByText(`No photos taken from ${formatDate("2024-05-01T00:00:00Z")}`)).toBeInTheDocument();
    expect(screen.queryByText("Your library is empty")).not.toBeInTheDocument();
  });

  it("exports the selected photos when some are selected, and the search when none are", async () => {
    mockFetch({ "GET /api/images/": ({ url }) => listImages(url) });
    const downloads: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.getAttribute("href")!);
    });
    const filters = { label: "dog", minConfidence: 0.7, takenAfter: "2024-05-01", takenBefore: null, page: 1 };
    for (const selected of [new Set(["image-001", "image-002"]), new Set<string>()]) {
      const { unmount } = renderGallery({ filters, selected });
      await userEvent.click(await screen.findByRole("button", { name: "Export" }));
      await userEvent.click(screen.getByRole("button", { name: "Download" }));
      unmount();
    }

    expect(downloads).toEqual([
      "/api/exports/?format=csv&image_ids=image-001%2Cimage-002&min_confidence=0.7",
      "/api/exports/?format=csv&label=dog&taken_after=2024-05-01&min_confidence=0.7",
    ]);
  });
});

describe("Gallery, for a search the API refused", () => {
  const REFUSED = {
    status: 400,
    body: { error: { code: "unknown_term", message: "Spotter does not know 'persn'.", details: { term: "persn" } } },
  };

  it("offers no export of the search, only of the photos selected", async () => {
    mockFetch({ "GET /api/images/": REFUSED });
    const filters = { query: "persn", label: null, minConfidence: 0.5, page: 1 };
    const { unmount } = renderGallery({ filters });

    expect(await screen.findByText("Change the search above to see photos.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Export" })).not.toBeInTheDocument();
    unmount();

    renderGallery({ filters, selected: new Set(["image-001"]) });
    await screen.findByText("Change the search above to see photos.");
    await userEvent.click(screen.getByRole("button", { name: "Export" }));
    expect(screen.getByRole("dialog", { name: "Export 1 selected photo" })).toBeInTheDocument();
  });
});
