import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeAlbum, makePage } from "@/testing/factories";
import { mockFetch, sentJson } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import { AddToAlbum } from "./add-to-album";

const HOLIDAYS = makeAlbum({ id: "holidays", title: "Holidays", photo_count: 1 });
const DOGS = makeAlbum({ id: "dogs", title: "Dogs", live: true, query: "dog" });

describe("AddToAlbum", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("adds the selected photos to an album of chosen photos, not a live one", async () => {
    const calls = mockFetch({
      "GET /api/albums/": { body: makePage([HOLIDAYS, DOGS]) },
      "POST /api/albums/holidays/photos": { body: { changed: 3, photo_count: 4 } },
    });
    const onAdded = vi.fn();
    renderWithProviders(<AddToAlbum selectedIds={["a", "b", "c"]} onAdded={onAdded} />);

    await userEvent.click(screen.getByRole("button", { name: "Add to album" }));
    const menu = screen.getByRole("dialog", { name: "Add 3 photos to an album" });
    const albums = await within(menu).findByRole("list", { name: "Albums to add to" });
    expect(within(albums).queryByRole("button", { name: /Dogs/ })).not.toBeInTheDocument();
    await userEvent.click(within(albums).getByRole("button", { name: /^Holidays/ }));

    await vi.waitFor(() => expect(onAdded).toHaveBeenCalled());
    expect(sentJson(calls.find((call) => call.method === "POST"))).toEqual({ image_ids: ["a", "b", "c"] });
    expect(onAdded).toHaveBeenCalledWith({ text: "Added 3 photos to Holidays", album: HOLIDAYS });
  });

  it("creates a new album holding the selected photos", async () => {
    const created = makeAlbum({ id: "new", title: "Summer", photo_count: 2 });
    const calls = mockFetch({
      "GET /api/albums/": { body: makePage([]) },
      "POST /api/albums/": { status: 201, body: created },
    });
    const onAdded = vi.fn();
    renderWithProviders(<AddToAlbum selectedIds={["a", "b"]} onAdded={onAdded} />);

    await userEvent.click(screen.getByRole("button", { name: "Add to album" }));
    await userEvent.click(await screen.findByRole("button", { name: "New album…" }));
    await userEvent.type(screen.getByLabelText("Title"), "Summer");
    await userEvent.click(screen.getByRole("button", { name: "Create album" }));

    await vi.waitFor(() => expect(onAdded).toHaveBeenCalled());
    expect(sentJson(calls.find((call) => call.method === "POST"))).toEqual({
      image_ids: ["a", "b"],
      title: "Summer",
      description: "",
    });
    expect(onAdded).toHaveBeenCalledWith({ text: "Added 2 photos to Summer", album: created });
  });
});
