import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter, useLocation } from "react-router";
import { describe, expect, it } from "vitest";
import { parseDay } from "../utils/date-range";
import { useGalleryFilters } from "./use-gallery-filters";

function renderFilters(url: string) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <MemoryRouter initialEntries={[url]}>{children}</MemoryRouter>
  );
  return renderHook(() => ({ ...useGalleryFilters(), search: useLocation().search }), { wrapper });
}

describe("useGalleryFilters", () => {
  it("reads the days from the URL", () => {
    const { result } = renderFilters("/?label=dog&taken_after=2024-05-01&taken_before=2024-05-31&page=2");

    expect(result.current.filters).toEqual({
      label: "dog",
      minConfidence: 0.5,
      takenAfter: "2024-05-01",
      takenBefore: "2024-05-31",
      page: 2,
    });
  });

  it("puts a new date range in the URL and goes back to the first page", () => {
    const { result } = renderFilters("/?label=dog&page=3");

    act(() => result.current.setFilters({ takenAfter: "2024-05-01", takenBefore: "2024-05-31" }));

    expect(result.current.search).toBe("?label=dog&taken_after=2024-05-01&taken_before=2024-05-31");
    expect(result.current.filters.page).toBe(1);

    act(() => result.current.setFilters({ takenAfter: null }));
    expect(result.current.search).toBe("?label=dog&taken_before=2024-05-31");
  });

  it("keeps the album shown when the search changes", () => {
    const { result } = renderFilters("/?album=holidays");
    expect(result.current.filters.album).toBe("holidays");

    act(() => result.current.setFilters({ query: "cat" }));

    expect(result.current.search).toBe("?q=cat&album=holidays");
  });

  it("ignores a date in the URL that is no day", () => {
    const { result } = renderFilters("/?taken_after=yesterday&taken_before=2024-02-30");

    expect(result.current.filters.takenAfter).toBeNull();
    expect(result.current.filters.takenBefore).toBeNull();
    expect(parseDay("2024-02-29")).toBe("2024-02-29");
  });

  it("ignores a date range in the URL that ends before it starts", () => {
    const { result } = renderFilters("/?taken_after=2030-01-01&taken_before=2020-01-01");

    expect(result.current.filters.takenAfter).toBeNull();
    expect(result.current.filters.takenBefore).toBeNull();
  });
});
