import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes, useLocation } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeAlbum } from "@/testing/factories";
import { mockFetch, sentJson } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import { AlbumHeader } from "./album-header";
import { AlbumPhotoActions } from "./album-photo-actions";

const HOLIDAYS = makeAlbum({ id: "holidays", title: "Holidays", description: "At the sea", photo_count: 3 });
const DOGS = makeAlbum({ id: "dogs", title: "Dogs", live: true, query: "dog", photo_count: 2 });

function Location() {
  return <output data-testid="location">{useLocation().pathname}</output>;
}

const renderHeader = (album = HOLIDAYS) =>
  renderWithProviders(
    <Routes>
      <Route path="/" element={<AlbumHeader album={album} username="ann" />} />
      <Route path="*" element={<Location />} />
    </Routes>,
  );

describe("AlbumHeader", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("says what the album is", () => {
    renderHeader();

    expect(screen.getByRole("heading", { name: "Album: Holidays" })).toBeInTheDocument();
    expect(screen.getByText("At the sea")).toBeInTheDocument();
    expect(screen.getByText("3 photos in this album")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "All albums" })).toHaveAttribute("href", "/albums");
  });

  it("renames an album, sending only what changed", async () => {
    const calls = mockFetch({ "PATCH /api/albums/holidays/": { body: { ...HOLIDAYS, title: "Summer" } } });
    renderHeader();

    await userEvent.click(screen.getByRole("button", { name: "Edit album" }));
    const form = screen.getByRole("form", { name: "Edit album" });
    expect(within(form).queryByLabelText("Search")).not.toBeInTheDocument();
    await userEvent.clear(within(form).getByLabelText("Title"));
    await userEvent.type(within(form).getByLabelText("Title"), "Summer");
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));

    expect(await screen.findByRole("button", { name: "Edit album" })).toBeInTheDocument();
    expect(sentJson(calls.find((call) => call.method === "PATCH"))).toEqual({ title: "Summer" });
  });

  it("changes a live album's search", async () => {
    const calls = mockFetch({ "PATCH /api/albums/dogs/": { body: { ...DOGS, query: "dog -cat" } } });
    renderHeader(DOGS);
    expect(screen.getByText("Live")).toBeInTheDocument();
    expect(screen.getByText("“dog”")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Edit album" }));
    await userEvent.type(screen.getByLabelText("Search"), " -cat");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));

    await screen.findByRole("button", { name: "Edit album" });
    expect(sentJson(calls[0])).toEqual({ query: "dog -cat" });
  });

  it("deletes the album once asked, saying its photos stay, and goes to the albums", async () => {
    const calls = mockFetch({ "DELETE /api/albums/holidays/": { status: 204 }, "GET /api/albums/": { body: {} } });
    renderHeader();

    await userEvent.click(screen.getByRole("button", { name: "Delete album" }));
    const question = screen.getByRole("group", {
      name: "Delete the album “Holidays”? Its photos stay in your library.",
    });
    await userEvent.click(within(question).getByRole("button", { name: "Yes, delete the album" }));

    expect(await screen.findByTestId("location")).toHaveTextContent("/albums");
    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual(["DELETE /api/albums/holidays/"]);
  });
});

describe("AlbumPhotoActions", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("removes the selected photos from the album", async () => {
    const calls = mockFetch({ "DELETE /api/albums/holidays/photos": { body: { changed: 2, photo_count: 1 } } });
    const onDone = vi.fn();
    renderWithProviders(
      <AlbumPhotoActions album={HOLIDAYS} selectedIds={["a", "b"]} othersSelected={0} onDone={onDone} />,
    );

    expect(screen.getByRole("button", { name: "Use as cover" })).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "Remove from album" }));

    await vi.waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(sentJson(calls[0])).toEqual({ image_ids: ["a", "b"] });
    expect(onDone).toHaveBeenCalledWith({ text: "Removed 2 photos from Holidays", album: HOLIDAYS });
  });

  it("makes the one photo selected the cover", async () => {
    const calls = mockFetch({ "PATCH /api/albums/holidays/": { body: HOLIDAYS } });
    const onDone = vi.fn();
    renderWithProviders(<AlbumPhotoActions album={HOLIDAYS} selectedIds={["a"]} othersSelected={0} onDone={onDone} />);

    await userEvent.click(screen.getByRole("button", { name: "Use as cover" }));

    await vi.waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(sentJson(calls[0])).toEqual({ cover: "a" });
  });

  it("offers no removal from a live album", () => {
    renderWithProviders(<AlbumPhotoActions album={DOGS} selectedIds={["a"]} othersSelected={0} onDone={vi.fn()} />);

    expect(screen.queryByRole("button", { name: "Remove from album" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Use as cover" })).toBeEnabled();
  });
});
