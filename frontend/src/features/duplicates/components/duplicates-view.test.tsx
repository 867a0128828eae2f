import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes, useLocation } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatDate } from "@/lib/format";
import { mockFetch, type SentRequest } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import type { DuplicateGroup, DuplicatePhoto } from "../api/get-duplicates";
import { DuplicatesView } from "./duplicates-view";

function makePhoto(overrides: Partial<DuplicatePhoto> = {}): DuplicatePhoto {
  const id = overrides.id ?? "b0b0b0b0-0000-4000-8000-000000000001";
  return {
    id,
    filename: "IMG_0001.jpg",
    content_type: "image/jpeg",
    width: 4032,
    height: 3024,
    size_bytes: 3_200_000,
    sharpness: 0.4,
    taken_at: "2024-05-01T10:00:00Z",
    camera: "Apple iPhone 12",
    created_at: "2024-05-02T09:00:00Z",
    thumbnail_url: `/api/images/${id}/thumbnail`,
    why: "the largest (4032x3024)",
    ...overrides,
  };
}

const ORIGINAL = makePhoto({ id: "original", filename: "IMG_0001.jpg" });
const RESIZED = makePhoto({
  id: "resized",
  filename: "IMG_0001-small.webp",
  content_type: "image/webp",
  width: 2016,
  height: 1512,
  size_bytes: 420_000,
  sharpness: null,
  taken_at: null,
  why: "smaller (2016x1512)",
});
const SAME_PICTURE: DuplicateGroup = { id: "original", kind: "duplicate", photos: [ORIGINAL, RESIZED] };

const SHARP_FRAME = makePhoto({
  id: "sharp",
  filename: "burst-1.heic",
  content_type: "image/heic",
  why: "the sharpest frame",
});
const BLURRY_FRAME = makePhoto({
  id: "blurry",
  filename: "burst-2.heic",
  content_type: "image/heic",
  sharpness: 0.03,
  why: "less sharp (8 % of the sharpest)",
});
const BURST: DuplicateGroup = { id: "sharp", kind: "burst", photos: [SHARP_FRAME, BLURRY_FRAME] };

type Answer = { count: number; next: string | null; previous: string | null; results: DuplicateGroup[] };
const pageOf = (results: DuplicateGroup[]): Answer => ({ count: results.length, next: null, previous: null, results });

/** The API: the groups of each kind given. */
function serveDuplicates(groups: Partial<Record<"duplicate" | "burst", Answer>> = {}) {
  return mockFetch({
    "GET /api/duplicates/": ({ url }) => {
      const kind = url.searchParams.get("kind") as "duplicate" | "burst";
      return { body: groups[kind] ?? pageOf([]) };
    },
  });
}

function Location() {
  const { pathname, search } = useLocation();
  return <output data-testid="location">{pathname + search}</output>;
}

function renderView(route = "/duplicates") {
  return renderWithProviders(
    <Routes>
      <Route
        path="/duplicates"
        element={
          <>
            <DuplicatesView />
            <Location />
          </>
        }
      />
      <Route path="*" element={<Location />} />
    </Routes>,
    { route },
  );
}

const duplicateQueries = (calls: SentRequest[]) =>
  calls.filter((call) => call.url.pathname === "/api/duplicates/").map((call) => call.path);

/** A group's photos, in their order. */
async function groupPhotos() {
  const groups = await screen.findByRole("list", { name: "Groups" });
  return within(groups)
    .getAllByRole("list")
    .map((group) => within(group).getAllByRole("listitem"));
}

/** What a photo's card says of one of its differences ("Size", "Format", …). */
function fact(card: HTMLElement, term: string): string {
  const name = within(card).getByText(term, { selector: "dt" });
  return name.nextElementSibling?.textContent ?? "";
}

describe("DuplicatesView", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows each group with the photo to keep first and marked, and what tells the photos apart", async () => {
    const calls = serveDuplicates({ duplicate: pageOf([SAME_PICTURE]) });
    renderView();

    const [[keeper, other]] = await groupPhotos();
    expect(duplicateQueries(calls)).toEqual(["/api/duplicates/?kind=duplicate&page=1&page_size=20"]);
    expect(screen.getByRole("heading", { level: 1, name: "Duplicates" })).toBeInTheDocument();
    expect(screen.getByText("1 group")).toBeInTheDocument();
    expect(document.title).toBe("Duplicates — Spotter");

    expect(within(keeper).getByText("IMG_0001.jpg")).toBeInTheDocument();
    expect(within(keeper).getByText("Suggested to keep")).toBeInTheDocument();
    expect(within(other).queryByText("Suggested to keep")).not.toBeInTheDocument();
    expect(screen.getAllByText("Suggested to keep")).toHaveLength(1);

    expect(within(keeper).getByText("the largest (4032x3024)")).toBeInTheDocument();
    expect(fact(keeper, "Size")).toBe("4032×3024");
    expect(fact(keeper, "Format")).toBe("JPEG");
    expect(fact(keeper, "File")).toBe("3.2 MB");
    expect(fact(keeper, "Sharpness")).toBe("sharp");
    expect(fact(keeper, "Taken")).toBe(formatDate("2024-05-01T10:00:00Z"));

    expect(within(other).getByText("smaller (2016x1512)")).toBeInTheDocument();
    expect(fact(other, "Size")).toBe("2016×1512");
    expect(fact(other, "Format")).toBe("WebP");
    expect(fact(other, "File")).toBe("420 KB");
    expect(fact(other, "Sharpness")).toBe("unknown");
    expect(fact(other, "Taken")).toBe("no date");
  });

  it("links each thumbnail to its photo, keeping the view's search params", async () => {
    serveDuplicates({ burst: pageOf([BURST]) });
    renderView("/duplicates?kind=burst");

    await groupPhotos();
    expect(screen.getByRole("link", { name: "Open burst-2.heic" })).toHaveAttribute(
      "href",
      "/photos/blurry?kind=burst",
    );
    await userEvent.click(screen.getByRole("link", { name: "Open burst-1.heic" }));
    expect(screen.getByTestId("location")).toHaveTextContent("/photos/sharp?kind=burst");
  });

  it("switches to the bursts, asking for them and saying so in the URL", async () => {
    const calls = serveDuplicates({ duplicate: pageOf([SAME_PICTURE]), burst: pageOf([BURST]) });
    renderView();
    await groupPhotos();
    const kinds = screen.getByRole("navigation", { name: "Kind of group" });
    expect(within(kinds).getByRole("link", { name: "Same picture" })).toHaveAttribute("aria-current", "page");

    await userEvent.click(within(kinds).getByRole("link", { name: "Bursts" }));

    expect(await screen.findByText("burst-1.heic")).toBeInTheDocument();
    expect(within(kinds).getByRole("link", { name: "Bursts" })).toHaveAttribute("aria-current", "page");
    expect(screen.getByTestId("location")).toHaveTextContent("/duplicates?kind=burst");
    expect(duplicateQueries(calls).at(-1)).toBe("/api/duplicates/?kind=burst&page=1&page_size=20");

    const [[sharp, blurry]] = await groupPhotos();
    expect(within(sharp).getByText("Suggested to keep")).toBeInTheDocument();
    expect(fact(sharp, "Format")).toBe("HEIC");
    expect(fact(blurry, "Sharpness")).toBe("blurry");
    expect(within(blurry).getByText("less sharp (8 % of the sharpest)")).toBeInTheDocument();
  });

  it("shows the bursts at once when the URL asks for them", async () => {
    const calls = serveDuplicates({ burst: pageOf([BURST]) });
    renderView("/duplicates?kind=burst");

    await groupPhotos();
    expect(duplicateQueries(calls)).toEqual(["/api/duplicates/?kind=burst&page=1&page_size=20"]);
  });

  it("says when there are no duplicates, and how older photos join", async () => {
    serveDuplicates();
    renderView();

    expect(
      await screen.findByText(
        "No duplicates found. Photos stored before fingerprints existed join once the operator runs manage.py fingerprint_photos.",
      ),
    ).toBeInTheDocument();
    expect(screen.getByText("0 groups")).toBeInTheDocument();
    expect(screen.queryByRole("list", { name: "Groups" })).not.toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Group pages" })).not.toBeInTheDocument();
  });

  it("says when there are no bursts", async () => {
    serveDuplicates({ duplicate: pageOf([SAME_PICTURE]) });
    renderView("/duplicates?kind=burst");

    expect(await screen.findByText("No bursts found.")).toBeInTheDocument();
  });

  it("pages through many groups", async () => {
    const many = Array.from({ length: 20 }, (_, n) => ({
      ...SAME_PICTURE,
      id: `group-${n}`,
      photos: [makePhoto({ id: `keep-${n}` }), makePhoto({ id: `copy-${n}` })],
    }));
    const calls = serveDuplicates({ duplicate: { count: 45, next: "next", previous: null, results: many } });
    renderView();

    await groupPhotos();
    expect(screen.getByText("45 groups")).toBeInTheDocument();
    const pager = screen.getByRole("navigation", { name: "Group pages" });
    expect(pager).toHaveTextContent("Page 1 of 3");

    await userEvent.click(within(pager).getByRole("button", { name: "Next page →" }));

    expect(screen.getByTestId("location")).toHaveTextContent("/duplicates?page=2");
    expect(duplicateQueries(calls).at(-1)).toBe("/api/duplicates/?kind=duplicate&page=2&page_size=20");
  });

  it("shows the loading state, then an error the API answers with", async () => {
    let answer: (reply: { status: number; body: unknown }) => void = () => {};
    mockFetch({ "GET /api/duplicates/": () => new Promise((resolve) => (answer = resolve)) });
    renderView();

    expect(await screen.findByText("Loading groups…")).toHaveAttribute("role", "status");
    answer({ status: 503, body: { error: { code: "unavailable", message: "The database is down.", details: {} } } });

    expect(await screen.findByRole("alert")).toHaveTextContent("The database is down.");
  });

  it("leads back to all photos", async () => {
    serveDuplicates();
    renderView();

    await userEvent.click(screen.getByRole("link", { name: "All photos" }));

    expect(screen.getByTestId("location")).toHaveTextContent(/^\/$/);
  });
});
