import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "@/lib/api-client";
import { makeSuggestion } from "@/testing/factories";
import { mockFetch } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import { kindText, SearchBox, stepActive } from "./search-box";

describe("SearchBox", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("searches for what was typed, trimmed, and for nothing when the box is emptied", async () => {
    mockFetch({ "GET /api/search/suggest": { body: { suggestions: [] } } });
    const onSearch = vi.fn();
    const { unmount } = renderWithProviders(<SearchBox query={null} refusal={null} onSearch={onSearch} />);

    await userEvent.type(screen.getByRole("combobox", { name: "Search photos" }), "  person>=2 {Enter}");
    expect(onSearch).toHaveBeenLastCalledWith("person>=2");

    unmount();
    renderWithProviders(<SearchBox query="person>=2" refusal={null} onSearch={onSearch} />);
    expect(screen.getByRole("combobox", { name: "Search photos" })).toHaveValue("person>=2");
    await userEvent.clear(screen.getByRole("combobox", { name: "Search photos" }));
    await userEvent.click(screen.getByRole("button", { name: "Search" }));
    expect(onSearch).toHaveBeenLastCalledWith(null);
  });

  it("asks for suggestions only once the typing pauses", async () => {
    const calls = mockFetch({
      "GET /api/search/suggest": {
        body: { suggestions: [makeSuggestion({ term: "espresso", kind: "tag", count: 3 })] },
      },
    });
    renderWithProviders(<SearchBox query={null} refusal={null} onSearch={() => {}} />);

    await userEvent.type(screen.getByRole("combobox", { name: "Search photos" }), "espr");

    expect(await screen.findByRole("option", { name: "espresso · tag · 3" })).toBeInTheDocument();
    expect(calls.map((call) => call.path)).toEqual(["/api/search/suggest?prefix=espr"]);
  });

  it("shows a refusal without suggestions as the API's message alone", () => {
    const refusal = new ApiError(400, "invalid", "Ensure this field has no more than 500 characters.");
    renderWithProviders(<SearchBox query="cat" refusal={refusal} onSearch={() => {}} />);

    expect(screen.getByRole("alert")).toHaveTextContent(/^Ensure this field has no more than 500 characters\.$/);
  });

  it("moves through the options and back to the box with the arrows", () => {
    expect([stepActive(-1, 1, 3), stepActive(2, 1, 3), stepActive(-1, -1, 3), stepActive(0, -1, 3)]).toEqual([
      0, -1, 2, -1,
    ]);
  });
});

describe("kindText", () => {
  it("names each kind of suggestion as people say it", () => {
    expect(["label", "tag", "word"].map((kind) => kindText(kind as "label" | "tag" | "word"))).toEqual([
      "object",
      "tag",
      "category",
    ]);
  });
});
