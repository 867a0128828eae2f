import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes, useLocation } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeAlbum, makePage } from "@/testing/factories";
import { mockFetch } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import { AddToAlbum } from "./add-to-album";
import { AlbumHeader } from "./album-header";
import { AlbumPhotoActions } from "./album-photo-actions";
import { AlbumsView } from "./albums-view";

// nils is signed in: Holidays is his; ann shares Garden with him as a viewer and Party as a contributor.
const HOLIDAYS = makeAlbum({ id: "holidays", title: "Holidays", owner: "nils", photo_count: 2 });
const GARDEN = makeAlbum({ id: "garden", title: "Garden", owner: "ann", role: "viewer", photo_count: 3 });
const PARTY = makeAlbum({ id: "party", title: "Party", owner: "ann", role: "contributor", photo_count: 4 });

function Location() {
  return <output data-testid="location">{useLocation().pathname}</output>;
}

describe("an album shared with you", () => {
  beforeEach(() => {
    document.cookie = "csrftoken=test-token";
  });
  afterEach(() => vi.unstubAllGlobals());

  it("shows on the Albums page beside yours, saying by whom and your role, and can be left there", async () => {
    const calls = mockFetch({
      "GET /api/albums/": { body: makePage([HOLIDAYS, GARDEN]) },
      "DELETE /api/albums/garden/members/nils": { status: 204 },
    });
    renderWithProviders(<AlbumsView username="nils" />, { route: "/albums" });

    const garden = await screen.findByRole("listitem", { name: "Garden" });
    expect(within(garden).getByText("Shared by ann")).toBeInTheDocument();
    expect(within(garden).getByText("Viewer")).toBeInTheDocument();
    const holidays = screen.getByRole("listitem", { name: "Holidays" });
    expect(within(holidays).queryByText(/Shared by/)).not.toBeInTheDocument();
    expect(within(holidays).queryByRole("button", { name: "Leave album" })).not.toBeInTheDocument();

    await userEvent.click(within(garden).getByRole("button", { name: "Leave album" }));
    await userEvent.click(within(garden).getByRole("button", { name: "Yes, leave it" }));
    await vi.waitFor(() => expect(calls.some((call) => call.method === "DELETE")).toBe(true));
  });

  it("has no edit, share nor delete in its header, only Leave, which goes back to the albums", async () => {
    const calls = mockFetch({ "DELETE /api/albums/garden/members/nils": { status: 204 } });
    renderWithProviders(
      <Routes>
        <Route path="/" element={<AlbumHeader album={GARDEN} username="nils" />} />
        <Route path="*" element={<Location />} />
      </Routes>,
    );

    expect(screen.getByRole("heading", { name: "Album: Garden" })).toBeInTheDocument();
    expect(screen.getByText("Shared by ann")).toBeInTheDocument();
    for (const ownersOnly of ["Edit album", "Share", "Delete album"])
      expect(screen.queryByRole("button", { name: ownersOnly })).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Leave album" }));
    await userEvent.click(screen.getByRole("button", { name: "Yes, leave it" }));

    expect(await screen.findByTestId("location")).toHaveTextContent("/albums");
    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual(["DELETE /api/albums/garden/members/nils"]);
  });

  it("offers its owner edit, share and delete", () => {
    renderWithProviders(<AlbumHeader album={HOLIDAYS} username="nils" />);

    for (const ownersOnly of ["Edit album", "Share", "Delete album"])
      expect(screen.getByRole("button", { name: ownersOnly })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Leave album" })).not.toBeInTheDocument();
  });

  it("lets a viewer take no photo out, nor choose the cover", () => {
    const { container } = renderWithProviders(
      <AlbumPhotoActions album={GARDEN} selectedIds={["a"]} othersSelected={1} onDone={vi.fn()} />,
    );

    expect(container).toBeEmptyDOMElement();
  });

  it("lets a contributor take out only their own photos, and choose no cover", () => {
    const { unmount } = renderWithProviders(
      <AlbumPhotoActions album={PARTY} selectedIds={["mine"]} othersSelected={0} onDone={vi.fn()} />,
    );
    expect(screen.getByRole("button", { name: "Remove from album" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Use as cover" })).not.toBeInTheDocument();
    unmount();

    renderWithProviders(
      <AlbumPhotoActions album={PARTY} selectedIds={["mine", "anns"]} othersSelected={1} onDone={vi.fn()} />,
    );
    expect(screen.queryByRole("button", { name: "Remove from album" })).not.toBeInTheDocument();
  });

  it("is offered to add photos to only where you are a contributor", async () => {
    mockFetch({ "GET /api/albums/": { body: makePage([HOLIDAYS, GARDEN, PARTY]) } });
    renderWithProviders(<AddToAlbum selectedIds={["a"]} onAdded={vi.fn()} />);

    await userEvent.click(screen.getByRole("button", { name: "Add to album" }));
    const albums = await screen.findByRole("list", { name: "Albums to add to" });

    expect(
      within(albums)
        .getAllByRole("button")
        .map((button) => button.textContent),
    ).toEqual(["Holidays2 photos", "Party4 photos · ann’s"]);
  });
});
