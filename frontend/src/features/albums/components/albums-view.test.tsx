import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes, useLocation } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeAlbum, makePage } from "@/testing/factories";
import { mockFetch, sentJson } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import { AlbumsView } from "./albums-view";

const HOLIDAYS = makeAlbum({ id: "holidays", title: "Holidays", photo_count: 3, cover_url: "/api/images/a/thumbnail" });
const DOGS = makeAlbum({
  id: "dogs",
  title: "Dogs",
  live: true,
  query: "dog",
  filters: { taken_after: "2024-05-01" },
  photo_count: 1,
});

function Location() {
  return <output data-testid="location">{useLocation().pathname}</output>;
}

const renderAlbums = () =>
  renderWithProviders(
    <Routes>
      <Route path="/albums" element={<AlbumsView username="ann" />} />
      <Route path="*" element={<Location />} />
    </Routes>,
    { route: "/albums" },
  );

describe("AlbumsView", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows each album's cover, title and count, and a live album's search", async () => {
    const calls = mockFetch({ "GET /api/albums/": { body: makePage([HOLIDAYS, DOGS]) } });
    renderAlbums();

    const holidays = await screen.findByRole("listitem", { name: "Holidays" });
    expect(calls.map((call) => call.path)).toEqual(["/api/albums/?page=1&page_size=50"]);
    expect(document.title).toBe("Albums — Spotter");
    expect(screen.getByText("2 albums")).toBeInTheDocument();
    expect(holidays).toHaveTextContent("3 photos");
    expect(holidays.querySelector("img")).toHaveAttribute("src", "/api/images/a/thumbnail");
    expect(within(holidays).queryByText("Live")).not.toBeInTheDocument();
    expect(within(holidays).getByRole("link", { name: "Holidays" })).toHaveAttribute("href", "/albums/holidays");

    const dogs = screen.getByRole("listitem", { name: "Dogs" });
    expect(dogs.querySelector("img")).toBeNull();
    expect(within(dogs).getByText("Live")).toBeInTheDocument();
    expect(dogs).toHaveTextContent("“dog” · taken from");
  });

  it("creates an album with its title and description, and opens it", async () => {
    const calls = mockFetch({
      "GET /api/albums/": { body: makePage([]) },
      "POST /api/albums/": { status: 201, body: makeAlbum({ id: "new", title: "Summer" }) },
    });
    renderAlbums();
    await screen.findByText("No albums yet");

    await userEvent.click(screen.getByRole("button", { name: "New album" }));
    const form = screen.getByRole("form", { name: "New album" });
    await userEvent.type(within(form).getByLabelText("Title"), "Summer ");
    await userEvent.type(within(form).getByLabelText("Description"), "At the sea");
    await userEvent.click(within(form).getByRole("button", { name: "Create album" }));

    expect(await screen.findByTestId("location")).toHaveTextContent("/albums/new");
    expect(sentJson(calls.find((call) => call.method === "POST"))).toEqual({
      title: "Summer",
      description: "At the sea",
    });
  });

  it("says when there are no albums yet", async () => {
    mockFetch({ "GET /api/albums/": { body: makePage([]) } });
    renderAlbums();

    expect(await screen.findByText("No albums yet")).toBeInTheDocument();
    expect(screen.getByText("0 albums")).toBeInTheDocument();
    expect(screen.queryByRole("list", { name: "Albums" })).not.toBeInTheDocument();
  });
});
