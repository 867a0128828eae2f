import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes, useLocation } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatDate } from "@/lib/format";
import { makeImage } from "@/testing/factories";
import { mockFetch, sentJson, type MockReply, type SentRequest } from "@/testing/mock-fetch";
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
      <Route path="/trash" element={<p>The trash</p>} />
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

  it("leads back to all photos, and to the trash", async () => {
    serveDuplicates();
    renderView();

    expect(screen.getByRole("link", { name: "Trash" })).toHaveAttribute("href", "/trash");
    await userEvent.click(screen.getByRole("link", { name: "All photos" }));

    expect(screen.getByTestId("location")).toHaveTextContent(/^\/$/);
  });

  it("leads to the blurry photos, searched for in the gallery", async () => {
    serveDuplicates();
    renderView();

    await userEvent.click(screen.getByRole("link", { name: "Blurry photos" }));

    expect(screen.getByTestId("location")).toHaveTextContent("/?q=is%3Ablurry");
  });
});

const THIRD_COPY = makePhoto({ id: "third", filename: "IMG_0001-copy.png", content_type: "image/png", why: "a PNG" });
const THREE_COPIES: DuplicateGroup = { ...SAME_PICTURE, photos: [ORIGINAL, RESIZED, THIRD_COPY] };

/**
 * The API as it resolves groups: a group resolved leaves the list, and comes back once every photo trashed is
 * restored. `resolve` answers the resolve (by default it keeps what was asked and trashes the rest).
 */
function serveResolving(group: DuplicateGroup, resolve?: (keep: string[]) => MockReply | Promise<MockReply>) {
  let listed = true;
  let trashed: string[] = [];
  return mockFetch({
    "GET /api/duplicates/": ({ url }) => ({
      body: pageOf(url.searchParams.get("kind") === "duplicate" && listed ? [group] : []),
    }),
    [`POST /api/duplicates/${group.id}/resolve`]: (request) => {
      const { keep } = sentJson(request) as { keep: string[] };
      if (resolve) return resolve(keep);
      listed = false;
      trashed = group.photos.map((photo) => photo.id).filter((id) => !keep.includes(id));
      return { body: { kept: keep, trashed, merged: [] } };
    },
    ...Object.fromEntries(
      group.photos.map((photo) => [
        `POST /api/trash/${photo.id}/restore`,
        () => {
          trashed = trashed.filter((id) => id !== photo.id);
          listed = trashed.length === 0;
          return { body: makeImage({ id: photo.id, filename: photo.filename }) };
        },
      ]),
    ),
  });
}

const resolves = (calls: SentRequest[]) =>
  calls.filter((call) => call.url.pathname.endsWith("/resolve")).map((call) => sentJson(call));
const restores = (calls: SentRequest[]) =>
  calls.filter((call) => call.url.pathname.endsWith("/restore")).map((call) => call.path);

/** The group's list item, by its first photo's file name. */
async function groupOf(filename: string) {
  const photos = await screen.findByRole("list", { name: new RegExp(`like ${filename.replace(".", "\\.")}$`) });
  return photos.closest("li") as HTMLElement;
}

describe("Resolving a group", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("keeps the best photo, trashes the others, and says so; the group leaves the list", async () => {
    const calls = serveResolving(THREE_COPIES);
    renderView();

    await userEvent.click(within(await groupOf("IMG_0001.jpg")).getByRole("button", { name: "Keep best" }));

    expect(await screen.findByText("Kept IMG_0001.jpg; 2 photos moved to the trash.")).toHaveAttribute(
      "role",
      "status",
    );
    expect(resolves(calls)).toEqual([{ keep: ["original"] }]);
    expect(await screen.findByText(/^No duplicates found\./)).toBeInTheDocument();
    expect(screen.queryByRole("list", { name: "Groups" })).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Open the trash" })).toHaveAttribute("href", "/trash");
  });

  it("keeps every photo, which answers the group, with nothing to undo", async () => {
    const calls = serveResolving(SAME_PICTURE);
    renderView();

    await userEvent.click(within(await groupOf("IMG_0001.jpg")).getByRole("button", { name: "Keep all" }));

    expect(await screen.findByText("Kept all 2 photos; they are no longer listed as duplicates.")).toHaveAttribute(
      "role",
      "status",
    );
    expect(resolves(calls)).toEqual([{ keep: ["original", "resized"] }]);
    expect(await screen.findByText(/^No duplicates found\./)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Undo" })).not.toBeInTheDocument();
  });

  it("keeps the photos picked, saying how many go to the trash, and what the one kept took from them", async () => {
    const calls = serveResolving(THREE_COPIES, (keep) => ({
      body: { kept: keep, trashed: ["original", "third"], merged: ["taken_at", "latitude", "longitude"] },
    }));
    renderView();
    const group = await groupOf("IMG_0001.jpg");
    const keepSelected = within(group).getByRole("button", { name: "Keep selected" });
    expect(within(group).getByRole("checkbox", { name: "Keep IMG_0001.jpg" })).toBeChecked();
    expect(within(group).getByRole("checkbox", { name: "Keep IMG_0001-small.webp" })).not.toBeChecked();
    expect(keepSelected).toHaveAccessibleDescription("Keep 1, move 2 to the trash");

    await userEvent.click(within(group).getByRole("checkbox", { name: "Keep IMG_0001.jpg" }));
    expect(keepSelected).toBeDisabled();
    expect(keepSelected).toHaveAccessibleDescription("Choose the photos to keep.");
    await userEvent.click(within(group).getByRole("checkbox", { name: "Keep IMG_0001-small.webp" }));
    expect(keepSelected).toHaveAccessibleDescription("Keep 1, move 2 to the trash");
    await userEvent.click(keepSelected);

    expect(resolves(calls)).toEqual([{ keep: ["resized"] }]);
    expect(
      await screen.findByText(
        "Kept IMG_0001-small.webp; 2 photos moved to the trash. IMG_0001-small.webp took its date taken and place from the copies moved to the trash.",
      ),
    ).toHaveAttribute("role", "status");
  });

  it("undoes a resolve: each photo trashed is restored, and the group comes back", async () => {
    const calls = serveResolving(THREE_COPIES);
    renderView();
    await userEvent.click(within(await groupOf("IMG_0001.jpg")).getByRole("button", { name: "Keep best" }));
    await screen.findByText(/^No duplicates found\./);

    await userEvent.click(screen.getByRole("button", { name: "Undo" }));

    expect(await screen.findByText("2 photos put back in the library.")).toHaveAttribute("role", "status");
    expect(restores(calls)).toEqual(["/api/trash/resized/restore", "/api/trash/third/restore"]);
    expect(await groupOf("IMG_0001.jpg")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Undo" })).not.toBeInTheDocument();
  });

  it("presses nothing twice while a resolve is on its way", async () => {
    let answer: (reply: MockReply) => void = () => {};
    serveResolving(SAME_PICTURE, () => new Promise((resolve) => (answer = resolve)));
    renderView();
    const group = await groupOf("IMG_0001.jpg");

    await userEvent.click(within(group).getByRole("button", { name: "Keep best" }));

    for (const name of ["Keep best", "Keep all", "Keep selected"]) {
      expect(within(group).getByRole("button", { name })).toBeDisabled();
    }
    expect(within(group).getByRole("checkbox", { name: "Keep IMG_0001.jpg" })).toBeDisabled();
    answer({ body: { kept: ["original"], trashed: ["resized"], merged: [] } });
    expect(await screen.findByText("Kept IMG_0001.jpg; 1 photo moved to the trash.")).toHaveAttribute("role", "status");
  });

  it("says when the group changed since it was listed, and lists it again", async () => {
    const calls = serveResolving(SAME_PICTURE, () => ({
      status: 404,
      body: { error: { code: "group_not_found", message: "This group has changed: look again.", details: {} } },
    }));
    renderView();
    const group = await groupOf("IMG_0001.jpg");

    await userEvent.click(within(group).getByRole("button", { name: "Keep all" }));

    expect(await within(group).findByRole("alert")).toHaveTextContent("This group has changed: look again.");
    await waitFor(() => expect(duplicateQueries(calls)).toHaveLength(2));
    expect(within(group).getByRole("button", { name: "Keep all" })).toBeEnabled();
  });
});
