import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeAlbum } from "@/testing/factories";
import { mockFetch, sentJson } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import { SaveSearchAsAlbum } from "./save-search-as-album";

describe("SaveSearchAsAlbum", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("saves the search and its filters as a live album, titled by the query unless renamed", async () => {
    const calls = mockFetch({
      "POST /api/albums/": { status: 201, body: makeAlbum({ id: "cats", title: "Cats", live: true }) },
    });
    renderWithProviders(
      <SaveSearchAsAlbum
        search={{ query: "cat -dog", label: "cat", minConfidence: 0.6, takenAfter: "2024-05-01", takenBefore: null }}
      />,
    );

    await userEvent.click(screen.getByRole("button", { name: "Save as album" }));
    const title = screen.getByLabelText("Title");
    expect(title).toHaveValue("cat -dog");
    await userEvent.clear(title);
    await userEvent.type(title, "Cats");
    await userEvent.click(screen.getByRole("button", { name: "Save as album" }));

    expect(await screen.findByRole("status")).toHaveTextContent("Saved as the live album Cats.");
    expect(screen.getByRole("link", { name: "Open Cats" })).toHaveAttribute("href", "/albums/cats");
    expect(sentJson(calls[0])).toEqual({
      title: "Cats",
      description: "",
      query: "cat -dog",
      filters: { label: "cat", min_confidence: 0.6, taken_after: "2024-05-01" },
    });
  });
});
