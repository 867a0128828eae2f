import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes, useLocation } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeEventSource } from "@/testing/fake-event-source";
import {
  TASK_TYPES,
  makeAlbum,
  makeImage,
  makeMatch,
  makeModel,
  makePage,
  makeSuggestion,
  makeTask,
} from "@/testing/factories";
import { mockFetch, sentJson, type MockReply } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import { DuplicatesView } from "@/features/duplicates/components/duplicates-view";
import { TrashView } from "@/features/trash/components/trash-view";
import { LibraryRoute } from "./library";

const CHELSEA = makeImage({
  id: "chelsea",
  filename: "chelsea.png",
  labels: { cat: 1 },
  matches: [
    makeMatch({ term: "cat", matched: "cat", kind: "detection", confidence: 0.91 }),
    makeMatch({ term: "cat", matched: "Egyptian cat", kind: "tag", confidence: 0.86 }),
  ],
});
const HOLIDAYS = makeAlbum({ id: "holidays", title: "Holidays", photo_count: 2 });
const COFFEE = makeImage({ id: "coffee", filename: "coffee.png", labels: { cup: 1 } });

const UNKNOWN_DGO: MockReply = {
  status: 400,
  body: {
    error: {
      code: "unknown_term",
      message: "Spotter does not know 'dgo': did you mean dingo, dog, dugong?",
      details: { term: "dgo", position: 4, suggestions: ["dingo", "dog", "dugong"] },
    },
  },
};

/** The API: the photos a query finds (without one, both), and the suggestions for "ca". */
function serveLibrary(
  search: (query: string) => MockReply | Promise<MockReply> = () => ({ body: makePage([CHELSEA]) }),
) {
  return mockFetch({
    "GET /api/images/": ({ url }) => {
      const query = url.searchParams.get("q");
      return query === null ? { body: makePage([CHELSEA, COFFEE]) } : search(query);
    },
    "GET /api/search/suggest": ({ url }) => ({
      body: {
        suggestions: "cat".startsWith(url.searchParams.get("prefix") ?? "")
          ? [
              makeSuggestion({ term: "cat", kind: "label", count: 1 }),
              makeSuggestion({ term: "Egyptian cat", kind: "tag" }),
            ]
          : [],
      },
    }),
    "GET /api/labels/": { body: { labels: [{ label: "cat", count: 1 }] } },
    "GET /api/tasks/": { body: makePage([]) },
    "GET /api/task-types/": { body: TASK_TYPES },
    "GET /api/models/": { body: { models: [makeModel()] } },
    "POST /api/tasks/detect/": { status: 202, body: makeTask({ status: "queued", progress: 0, processed: 0 }) },
    "GET /api/duplicates/": { body: makePage([]) },
    "GET /api/trash/": { body: makePage([]) },
    "GET /api/albums/holidays/": { body: HOLIDAYS },
    "DELETE /api/albums/holidays/photos": { body: { changed: 1, photo_count: 1 } },
  });
}

function Location() {
  const { search } = useLocation();
  return <output data-testid="location">{search}</output>;
}

function renderLibrary(route = "/") {
  return renderWithProviders(
    <Routes>
      <Route
        path="/"
        element={
          <>
            <LibraryRoute user={{ id: 1, username: "maria" }} />
            <Location />
          </>
        }
      />
      <Route path="/duplicates" element={<DuplicatesView />} />
      <Route path="/trash" element={<TrashView />} />
    </Routes>,
    { route },
  );
}

const searchBox = () => screen.getByRole("combobox", { name: "Search photos" });
const imageQueries = (calls: { method: string; path: string }[]) =>
  calls
    .filter((call) => call.path.startsWith("/api/images/?"))
    .map((call) => new URL(call.path, "http://localhost").searchParams.get("q"));

/** The list answers as the API does to a query it cannot read: the message, and where it goes wrong. */
function serveMalformedQuery(query: string, position: number, message: string) {
  serveLibrary(() => ({
    status: 400,
    body: { error: { code: "malformed_query", message, details: { position, query } } },
  }));
}

describe("Searching the library", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("completes the word typed from the photos' labels and tags, then searches for the query", async () => {
    const calls = serveLibrary();
    renderLibrary();
    await screen.findByRole("button", { name: "coffee.png" });

    await userEvent.type(searchBox(), "ca");
    const list = await screen.findByRole("listbox", { name: "Suggestions" });
    expect(within(list).getByRole("option", { name: "cat · object · 1" })).toBeInTheDocument();
    expect(within(list).getByRole("option", { name: "Egyptian cat · tag · 1" })).toBeInTheDocument();
    expect(searchBox()).toHaveAttribute("aria-expanded", "true");
    // Asked once the typing paused, for the word as typed so far.
    expect(calls.filter((call) => call.path.startsWith("/api/search/suggest")).at(-1)?.path).toBe(
      "/api/search/suggest?prefix=ca",
    );

    await userEvent.keyboard("{ArrowDown}{ArrowDown}");
    const egyptian = screen.getByRole("option", { name: "Egyptian cat · tag · 1" });
    expect(egyptian).toHaveAttribute("aria-selected", "true");
    expect(searchBox()).toHaveAttribute("aria-activedescendant", egyptian.id);
    await userEvent.keyboard("{Enter}");

    expect(searchBox()).toHaveValue('"Egyptian cat" ');
    expect(screen.queryByRole("listbox")).not.toBeInTheDocument();
    expect(searchBox()).toHaveAttribute("aria-expanded", "false");

    await userEvent.keyboard("{Enter}");

    await waitFor(() => expect(imageQueries(calls)).toContain('"Egyptian cat"'));
    expect(screen.getByTestId("location")).toHaveTextContent("?q=%22Egyptian+cat%22");
    expect(await screen.findByRole("heading", { name: 'Photos matching "Egyptian cat"' })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("button", { name: "coffee.png" })).not.toBeInTheDocument());
  });

  it("accepts a suggestion with Tab or a click, and Escape closes the list", async () => {
    serveLibrary();
    renderLibrary();

    await userEvent.type(searchBox(), "dog ca");
    await screen.findByRole("option", { name: "cat · object · 1" });
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("listbox")).not.toBeInTheDocument();
    expect(searchBox()).toHaveValue("dog ca");

    await userEvent.keyboard("{ArrowDown}");
    await screen.findByRole("option", { name: "cat · object · 1" });
    await userEvent.keyboard("{Tab}");
    expect(searchBox()).toHaveValue("dog cat ");
    expect(searchBox()).toHaveFocus();

    await userEvent.type(searchBox(), "-c");
    await userEvent.click(await screen.findByRole("option", { name: "Egyptian cat · tag · 1" }));
    expect(searchBox()).toHaveValue('dog cat -"Egyptian cat" ');
  });

  it("shows the query as chips, a term left out marked, and removing one searches without it", async () => {
    const calls = serveLibrary();
    renderLibrary("/?q=cat+-dog+person>%3D2");

    const chips = await screen.findByRole("list", { name: "Search terms" });
    expect(
      within(chips)
        .getAllByRole("listitem")
        .map((chip) => chip.textContent),
    ).toEqual(["cat×", "Without −dog×", "person>=2×"]);
    expect(within(chips).getAllByRole("listitem")[1]).toHaveAttribute("data-exclude");
    expect(searchBox()).toHaveValue("cat -dog person>=2");

    await userEvent.click(screen.getByRole("button", { name: "Remove “−dog” from the search" }));

    await waitFor(() => expect(imageQueries(calls)).toContain("cat person>=2"));
    expect(searchBox()).toHaveValue("cat person>=2");
    expect(within(screen.getByRole("list", { name: "Search terms" })).getAllByRole("listitem")).toHaveLength(2);

    await userEvent.click(screen.getByRole("button", { name: "Clear search" }));
    await waitFor(() => expect(screen.getByTestId("location")).toBeEmptyDOMElement());
    expect(screen.queryByRole("list", { name: "Search terms" })).not.toBeInTheDocument();
    expect(await screen.findByRole("button", { name: "coffee.png" })).toBeInTheDocument();
  });

  it("says under the box why the API refused a word, and a suggestion put in its place searches again", async () => {
    const calls = serveLibrary((query) => (query.includes("dgo") ? UNKNOWN_DGO : { body: makePage([]) }));
    renderLibrary();
    await screen.findByRole("button", { name: "coffee.png" });

    await userEvent.type(searchBox(), "cat -dgo>0.8{Enter}");

    const refusal = await screen.findByRole("alert");
    expect(refusal).toHaveTextContent("Spotter does not know 'dgo': did you mean dingo, dog, dugong?");
    expect(searchBox()).toHaveAttribute("aria-invalid", "true");
    expect(searchBox()).toHaveAccessibleDescription(/Spotter does not know 'dgo'/);
    expect(screen.getByText("Change the search above to see photos.")).toBeInTheDocument();

    const instead = within(refusal).getByRole("group", { name: "Replace “dgo” with" });
    expect(
      within(instead)
        .getAllByRole("button")
        .map((button) => button.textContent),
    ).toEqual(["dingo", "dog", "dugong"]);
    await userEvent.click(within(instead).getByRole("button", { name: "dog" }));

    await waitFor(() => expect(imageQueries(calls)).toContain("cat -dog>0.8"));
    expect(searchBox()).toHaveValue("cat -dog>0.8");
    await waitFor(() => expect(screen.queryByRole("alert")).not.toBeInTheDocument());
    expect(await screen.findByText("No photos match “cat -dog>0.8”")).toBeInTheDocument();
  });

  it("marks where a malformed query goes wrong", async () => {
    serveMalformedQuery(
      "cat>x",
      4,
      "The query is malformed at character 5: '>' needs a count (person>=2) or a confidence.",
    );
    renderLibrary("/?q=cat>x");

    const refusal = await screen.findByRole("alert");
    expect(refusal).toHaveTextContent("The query is malformed at character 5");
    expect(within(refusal).getByText("x", { selector: "mark" })).toBeInTheDocument();
    expect(within(refusal).queryByRole("group")).not.toBeInTheDocument();
  });

  it("marks the right character after an emoji, which JavaScript counts as two", async () => {
    serveMalformedQuery(
      "🐶 cat>x",
      6,
      "The query is malformed at character 7: '>' needs a count (person>=2) or a confidence.",
    );
    renderLibrary("/?q=" + encodeURIComponent("🐶 cat>x"));

    const refusal = await screen.findByRole("alert");
    expect(within(refusal).getByText("x", { selector: "mark" })).toBeInTheDocument();
  });

  it("marks an emoji the API points at whole", async () => {
    serveMalformedQuery("cat🐶", 3, "The query is malformed at character 4: '🐶' cannot appear here.");
    renderLibrary("/?q=" + encodeURIComponent("cat🐶"));

    const refusal = await screen.findByRole("alert");
    expect(within(refusal).getByText("🐶", { selector: "mark" })).toBeInTheDocument();
  });

  it("says on each card what matched the search", async () => {
    serveLibrary();
    renderLibrary("/?q=cat");

    const card = (await screen.findByRole("button", { name: "chelsea.png" })).closest("li")!;
    const reason = within(card)
      .getByText(/^Matched:/)
      .closest("p");
    expect(reason).toHaveTextContent("Matched: cat: cat (box 91%) · Egyptian cat (tag 86%)");
    expect(reason).toHaveAttribute("title", "cat: cat (box 91%) · Egyptian cat (tag 86%)");
  });
});

describe("An album in the library", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows the album's photos under its header, and takes selected photos out of it", async () => {
    const calls = serveLibrary();
    renderLibrary("/?album=holidays");

    expect(await screen.findByRole("heading", { name: "Album: Holidays" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Photos in this album" })).toBeInTheDocument();
    expect(calls.some((call) => call.path.startsWith("/api/images/?album=holidays"))).toBe(true);
    expect(document.title).toBe("Album: Holidays — Spotter");
    expect(screen.queryByRole("button", { name: "Save as album" })).not.toBeInTheDocument();

    await userEvent.click(await screen.findByRole("button", { name: "coffee.png" }));
    await userEvent.click(screen.getByRole("button", { name: "Remove from album" }));

    expect(await screen.findByText("Removed 1 photo from Holidays")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Open Holidays" })).toHaveAttribute("href", "/albums/holidays");
    expect(sentJson(calls.find((call) => call.method === "DELETE"))).toEqual({ image_ids: ["coffee"] });
    expect(screen.getByRole("button", { name: "coffee.png" })).toHaveAttribute("aria-pressed", "false");
  });

  it("shared with you as a contributor, offers for someone else's photos only what is not their owner's to do", async () => {
    const party = makeAlbum({ id: "party", title: "Party", owner: "ann", role: "contributor", photo_count: 2 });
    const annsPhoto = makeImage({ id: "anns", filename: "anns.png", yours: false });
    mockFetch({
      "GET /api/images/": { body: makePage([CHELSEA, annsPhoto]) },
      "GET /api/albums/party/": { body: party },
      "GET /api/labels/": { body: { labels: [] } },
      "GET /api/tasks/": { body: makePage([]) },
      "GET /api/task-types/": { body: TASK_TYPES },
      "GET /api/models/": { body: { models: [makeModel()] } },
    });
    renderLibrary("/?album=party");
    expect(await screen.findByText("Shared by ann")).toBeInTheDocument();

    await userEvent.click(await screen.findByRole("button", { name: "chelsea.png" }));
    expect(screen.getByRole("button", { name: "Add to album" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Remove from album" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Export" })).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "anns.png" }));
    expect(screen.queryByRole("button", { name: "Add to album" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Remove from album" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Use as cover" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Export" })).not.toBeInTheDocument();
    expect(screen.getByText("1 of them is someone else’s: tasks run on your own photos only.")).toBeInTheDocument();
  });

  it("offers to save a search as an album", async () => {
    serveLibrary();
    renderLibrary("/?q=cat");

    expect(await screen.findByRole("button", { name: "Save as album" })).toBeInTheDocument();
  });
});

describe("The library page", () => {
  beforeEach(() => {
    FakeEventSource.install();
    document.cookie = "csrftoken=test-token";
  });
  afterEach(() => vi.unstubAllGlobals());

  it("has a heading of level one", async () => {
    serveLibrary();
    renderLibrary();

    expect(await screen.findByRole("heading", { level: 1, name: "Your photo library" })).toBeInTheDocument();
  });

  it("clears the selection when the search changes, so that no photo selected is out of sight", async () => {
    const calls = serveLibrary();
    renderLibrary();
    await userEvent.click(await screen.findByRole("button", { name: "coffee.png" }));
    expect(screen.getByText("1 photo selected")).toBeInTheDocument();

    await userEvent.type(searchBox(), "cat{Enter}");

    await waitFor(() => expect(imageQueries(calls)).toContain("cat"));
    await waitFor(() => expect(screen.queryByText("1 photo selected")).not.toBeInTheDocument());
    expect(screen.queryByRole("form", { name: "Run a task on the selected photos" })).not.toBeInTheDocument();
  });

  it("brings the task panel into view just under the sticky top bar and task strip, however tall", async () => {
    serveLibrary();
    renderLibrary();
    await userEvent.click(await screen.findByRole("button", { name: "coffee.png" }));
    await userEvent.click(await screen.findByRole("button", { name: "Find objects in 1 photo" }));
    const strip = await screen.findByRole("region", { name: "Started task" });
    const panel = screen.getByRole("heading", { name: "Tasks" }).closest("aside")!;
    // On a phone the strip wraps: the bar and the strip over the page are 170 px tall, the panel 900 px down.
    vi.spyOn(strip.parentElement!, "getBoundingClientRect").mockReturnValue(new DOMRect(0, 0, 390, 170));
    vi.spyOn(panel, "getBoundingClientRect").mockReturnValue(new DOMRect(0, 900, 390, 600));
    const scrollTo = vi.spyOn(window, "scrollTo").mockImplementation(() => {});

    await userEvent.click(within(strip).getByRole("button", { name: "Show tasks" }));

    expect(scrollTo).toHaveBeenCalledTimes(1);
    const { top } = scrollTo.mock.calls[0][0] as ScrollToOptions;
    expect(top).toBeLessThanOrEqual(900 - 170); // the panel's top lands below the sticky top, not under it
    expect(top).toBeGreaterThan(900 - 170 - 50);
    expect(panel).toHaveFocus();
  });

  it("shows the results of the photos a running task has done as it goes, not only once it ends", async () => {
    const running = makeTask({ id: "task-1", status: "running", progress: 0, processed: 0, total: 2, summary: {} });
    let done = false; // whether the task has recorded COFFEE's results
    mockFetch({
      "GET /api/images/": () => ({
        body: makePage([done ? { ...COFFEE, analysed_by: "ssd" } : { ...COFFEE, labels: {}, analysed_by: null }]),
      }),
      "GET /api/labels/": () => ({ body: { labels: done ? [{ label: "cup", count: 1 }] : [] } }),
      "GET /api/tasks/": { body: makePage([running]) },
      "GET /api/task-types/": { body: TASK_TYPES },
    });
    renderLibrary();
    const card = (await screen.findByRole("button", { name: "coffee.png" })).closest("li")!;
    expect(within(card).getByText("Not analysed yet")).toBeInTheDocument();
    expect(await screen.findByText(/^Nothing found yet/)).toBeInTheDocument();

    done = true;
    FakeEventSource.openFor("/api/tasks/task-1/events")!.emit("progress", {
      ...running,
      processed: 1,
      progress: 50,
      summary: { cup: 1 },
    });

    expect(await within(card).findByRole("list", { name: "Objects found" })).toHaveTextContent("cup");
    expect(within(card).queryByText("Not analysed yet")).not.toBeInTheDocument();
    const filters = screen.getByRole("group", { name: "Filter by object" });
    expect(await within(filters).findByRole("button", { name: "cup 1 photo" })).toBeInTheDocument();
    expect(screen.getByText("running", { selector: '[data-testid="task-status"]' })).toBeInTheDocument();
  });

  it("names the browser's tab after the search", async () => {
    serveLibrary();
    renderLibrary();
    await waitFor(() => expect(document.title).toBe("All photos — Spotter"));

    await userEvent.type(searchBox(), "cat{Enter}");

    await waitFor(() => expect(document.title).toBe("Search: cat — Spotter"));
  });

  it("keeps the last photos under their own heading, dimmed, while another search loads", async () => {
    let answer: (reply: MockReply) => void = () => {};
    serveLibrary(() => new Promise<MockReply>((resolve) => (answer = resolve)));
    renderLibrary();
    await screen.findByRole("button", { name: "coffee.png" });

    await userEvent.type(searchBox(), "cat{Enter}");

    expect(await screen.findByText("Loading…")).toHaveAttribute("role", "status");
    const toolbar = () => document.getElementById("gallery-heading")!.parentElement!;
    expect(toolbar()).toHaveTextContent(/^All photos2 photos/);
    expect(screen.getByRole("list", { name: "Photos" })).toHaveAttribute("aria-busy", "true");
    expect(screen.queryByRole("heading", { name: "Photos matching “cat”" })).not.toBeInTheDocument();

    answer({ body: makePage([CHELSEA]) });

    expect(await screen.findByRole("heading", { name: "Photos matching “cat”" })).toBeInTheDocument();
    expect(toolbar()).toHaveTextContent(/^Photos matching “cat”1 photo/);
    expect(screen.queryByText("Loading…")).not.toBeInTheDocument();
  });

  it("offers no export and asks for photos while the library is empty", async () => {
    mockFetch({
      "GET /api/images/": { body: makePage([]) },
      "GET /api/labels/": { body: { labels: [] } },
      "GET /api/tasks/": { body: makePage([]) },
    });
    renderLibrary();

    expect(await screen.findByText("Your library is empty")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Export" })).toBeDisabled();
    expect(await screen.findByText(/^No photos yet\. Upload some/)).toBeInTheDocument();
    expect(screen.queryByText(/^Nothing found yet/)).not.toBeInTheDocument();
  });

  it("leads the keyboard past the controls to the photos and to the tasks, in landmarks", async () => {
    serveLibrary();
    renderLibrary();
    await screen.findByRole("button", { name: "coffee.png" });

    const skip = within(screen.getByRole("navigation", { name: "Skip links" }));
    await userEvent.click(skip.getByRole("link", { name: "Skip to photos" }));
    expect(screen.getByRole("heading", { name: "All photos" })).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole("button", { name: "Select all on this page" })).toHaveFocus();

    await userEvent.click(skip.getByRole("link", { name: "Skip to tasks" }));
    expect(screen.getByRole("complementary", { name: "Tasks" })).toHaveFocus();
    expect(screen.getByRole("main")).toContainElement(screen.getByRole("search", { name: "Search photos" }));
  });

  it("puts the bar that runs a task before the photos in the keyboard's order", async () => {
    serveLibrary();
    renderLibrary();
    await userEvent.click(await screen.findByRole("button", { name: "coffee.png" }));

    const bar = screen.getByRole("form", { name: "Run a task on the selected photos" });
    const photos = screen.getByRole("list", { name: "Photos" });
    expect(bar.compareDocumentPosition(photos) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it("leads from the top bar to the duplicates, and back to all photos", async () => {
    const calls = serveLibrary();
    renderLibrary();
    await screen.findByRole("button", { name: "coffee.png" });

    const topBar = screen.getByRole("link", { name: "Duplicates" }).closest("header");
    expect(topBar).toContainElement(screen.getByRole("button", { name: "Log out" }));
    await userEvent.click(screen.getByRole("link", { name: "Duplicates" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Duplicates" })).toBeInTheDocument();
    expect(await screen.findByText(/^No duplicates found\./)).toBeInTheDocument();
    expect(calls.some((call) => call.path.startsWith("/api/duplicates/?kind=duplicate"))).toBe(true);
    expect(document.title).toBe("Duplicates — Spotter");

    await userEvent.click(screen.getByRole("link", { name: "All photos" }));
    expect(await screen.findByRole("button", { name: "coffee.png" })).toBeInTheDocument();
  });

  it("leads from the top bar to the trash", async () => {
    serveLibrary();
    renderLibrary();
    await screen.findByRole("button", { name: "coffee.png" });

    const trash = screen.getByRole("link", { name: "Trash" });
    expect(trash.closest("header")).toContainElement(screen.getByRole("link", { name: "Duplicates" }));
    await userEvent.click(trash);

    expect(await screen.findByRole("heading", { level: 1, name: "Trash" })).toBeInTheDocument();
    expect(await screen.findByText("The trash is empty.")).toBeInTheDocument();
    expect(document.title).toBe("Trash — Spotter");
  });
});
