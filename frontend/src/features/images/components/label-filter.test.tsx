import { fireEvent, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatDay } from "@/lib/format";
import { mockFetch } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import { LabelFilter, NARROW_SCREEN } from "./label-filter";

const LABELS = { labels: [{ label: "person", count: 2 }] };

/** A window as wide or as narrow as a phone, as far as matchMedia can tell. */
function screenIs(narrow: boolean) {
  vi.stubGlobal(
    "matchMedia",
    vi.fn((query: string) => ({
      matches: narrow && query === NARROW_SCREEN,
      media: query,
      addEventListener: vi.fn(),
      removeEventListener: vi.fn(),
    })),
  );
}

describe("LabelFilter", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("folds away behind a closed Filters disclosure on a narrow screen", async () => {
    screenIs(true);
    mockFetch({ "GET /api/labels/": { body: LABELS } });
    renderWithProviders(<LabelFilter label="person" minConfidence={0.6} onChange={() => {}} />);

    const summary = screen.getByText("Filters");
    const disclosure = summary.closest("details")!;
    expect(disclosure).not.toHaveAttribute("open");
    expect(disclosure).toHaveTextContent("“person” at ≥ 60%");
    expect(screen.queryByRole("group", { name: "Filter by object" })).not.toBeVisible();

    await userEvent.click(summary);
    expect(disclosure).toHaveAttribute("open");
    expect(await screen.findByRole("button", { name: "person 2 photos" })).toBeVisible();
  });

  it("opens the Filters on a narrow screen to the filters, not to a second heading", async () => {
    screenIs(true);
    mockFetch({ "GET /api/labels/": { body: LABELS } });
    const search = <input aria-label="Search photos" />;
    renderWithProviders(<LabelFilter label={null} minConfidence={0.5} onChange={() => {}} search={search} />);

    await userEvent.click(screen.getByText("Filters"));
    expect(await screen.findByRole("button", { name: "person 2 photos" })).toBeVisible();
    // The one heading names the whole search, and none repeats it under "Filters".
    const [heading, ...others] = screen.getAllByRole("heading");
    expect(others).toHaveLength(0);
    expect(heading).toHaveAccessibleName("Search your photos");
    expect(screen.getByText("Filters").closest("details")).not.toContainElement(heading);
    const searching = screen.getByRole("region", { name: "Search your photos" });
    expect(searching).toContainElement(screen.getByRole("textbox", { name: "Search photos" }));
    const filters = screen.getByRole("region", { name: "Filters" });
    expect(filters).toContainElement(screen.getByRole("group", { name: "Filter by object" }));
  });

  it("shows the filters open on a wide screen", async () => {
    screenIs(false);
    mockFetch({ "GET /api/labels/": { body: LABELS } });
    renderWithProviders(<LabelFilter label={null} minConfidence={0.5} onChange={() => {}} />);

    expect(await screen.findByRole("button", { name: "person 2 photos" })).toBeVisible();
    expect(screen.queryByText("Filters")).not.toBeInTheDocument();
    expect(screen.getAllByRole("heading", { name: "Search your photos" })).toHaveLength(1);
  });

  it("searches by the days the photos were taken, beside the objects", () => {
    screenIs(false);
    mockFetch({ "GET /api/labels/": { body: LABELS } });
    const onChange = vi.fn();
    renderWithProviders(<LabelFilter label="person" minConfidence={0.5} onChange={onChange} />);

    fireEvent.change(screen.getByLabelText("Taken from"), { target: { value: "2024-05-01" } });

    expect(onChange).toHaveBeenCalledWith({ takenAfter: "2024-05-01" });
    expect(screen.getByRole("group", { name: "Date taken" })).toBeVisible();
  });

  it("names the days searched in the folded summary on a narrow screen", () => {
    screenIs(true);
    mockFetch({ "GET /api/labels/": { body: LABELS } });
    renderWithProviders(
      <LabelFilter label={null} minConfidence={0.5} takenAfter="2024-05-01" takenBefore={null} onChange={() => {}} />,
    );

    expect(screen.getByText("Filters").closest("summary")).toHaveTextContent(
      `Filters · all photos at ≥ 50% · taken from ${formatDay("2024-05-01")}`,
    );
  });

  it("keeps the search box in view above the folded filters on a narrow screen, and first in the panel on a wide one", () => {
    mockFetch({ "GET /api/labels/": { body: LABELS } });
    const search = <input aria-label="Search photos" />;
    screenIs(true);
    const { unmount } = renderWithProviders(
      <LabelFilter label={null} minConfidence={0.5} onChange={() => {}} search={search} />,
    );

    expect(screen.getByRole("textbox", { name: "Search photos" })).toBeVisible();
    expect(screen.getByText("Filters").closest("details")).not.toHaveAttribute("open");
    unmount();

    screenIs(false);
    renderWithProviders(<LabelFilter label={null} minConfidence={0.5} onChange={() => {}} search={search} />);
    const panel = screen.getByRole("region", { name: "Search your photos" });
    expect(panel).toContainElement(screen.getByRole("textbox", { name: "Search photos" }));
  });

  it("asks for photos in an empty library, rather than saying nothing was found in them", async () => {
    screenIs(false);
    mockFetch({ "GET /api/labels/": { body: { labels: [] } } });
    const { unmount } = renderWithProviders(
      <LabelFilter label={null} minConfidence={0.5} onChange={() => {}} libraryIsEmpty />,
    );

    expect(await screen.findByText(/^No photos yet\. Upload some/)).toBeInTheDocument();
    expect(screen.queryByText(/^Nothing found yet/)).not.toBeInTheDocument();
    unmount();

    renderWithProviders(<LabelFilter label={null} minConfidence={0.5} onChange={() => {}} />);
    expect(await screen.findByText(/^Nothing found yet at this confidence/)).toBeInTheDocument();
  });
});
