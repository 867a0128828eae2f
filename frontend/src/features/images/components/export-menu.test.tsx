import { act, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { formatDay } from "@/lib/format";
import { renderWithProviders } from "@/testing/render";
import { MOST_PHOTOS_BY_ID } from "../api/export-url";
import type { GallerySearch } from "../api/get-images";
import { ExportMenu, PREPARING_MS } from "./export-menu";

const ALL: GallerySearch = { label: null, minConfidence: 0.5, takenAfter: null, takenBefore: null };
const PEOPLE_IN_MAY: GallerySearch = {
  label: "person",
  minConfidence: 0.6,
  takenAfter: "2024-05-01",
  takenBefore: "2024-05-31",
};

/** The downloads started, as the hidden anchor's href and file name, instead of navigating (jsdom cannot). */
function catchDownloads() {
  const downloads: { href: string; download: string }[] = [];
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ href: this.getAttribute("href")!, download: this.download });
  });
  return downloads;
}

async function exportAs(format: string, { withPhotos = false } = {}) {
  await userEvent.click(screen.getByRole("button", { name: "Export" }));
  await userEvent.click(screen.getByRole("radio", { name: new RegExp(`^${format}`) }));
  if (withPhotos) await userEvent.click(screen.getByRole("checkbox", { name: "Include the original photos" }));
  await userEvent.click(screen.getByRole("button", { name: "Download" }));
}

describe("ExportMenu", () => {
  afterEach(() => vi.useRealTimers());

  it("exports the selected photos, by id, in the format chosen and with their files if asked", async () => {
    const downloads = catchDownloads();
    renderWithProviders(<ExportMenu selectedIds={["a", "b", "c"]} search={PEOPLE_IN_MAY} total={12} />);

    await userEvent.click(screen.getByRole("button", { name: "Export" }));
    expect(screen.getByRole("dialog", { name: "Export 3 selected photos" })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Export" })); // closes it again
    await exportAs("COCO JSON", { withPhotos: true });

    expect(downloads).toEqual([
      {
        href: "/api/exports/?format=coco&image_ids=a%2Cb%2Cc&min_confidence=0.6&with_photos=true",
        download: "spotter-coco.zip",
      },
    ]);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("exports the gallery's search when no photo is selected: object, confidence and dates", async () => {
    const downloads = catchDownloads();
    renderWithProviders(<ExportMenu selectedIds={[]} search={PEOPLE_IN_MAY} total={12} />);

    await userEvent.click(screen.getByRole("button", { name: "Export" }));
    const dates = `${formatDay("2024-05-01")} – ${formatDay("2024-05-31")}`;
    expect(screen.getByRole("dialog", { name: `Export the 12 photos with “person” taken ${dates}` })).toBeVisible();
    expect(screen.getByText("Objects found at ≥ 60% confidence.")).toBeVisible();
    await userEvent.click(screen.getByRole("radio", { name: /^CSV spreadsheet/ }));
    await userEvent.click(screen.getByRole("button", { name: "Download" }));

    expect(downloads.map((download) => download.href)).toEqual([
      "/api/exports/?format=csv&label=person&taken_after=2024-05-01&taken_before=2024-05-31&min_confidence=0.6",
    ]);
  });

  it("exports the search query with the rest of the gallery's search", async () => {
    const downloads = catchDownloads();
    renderWithProviders(<ExportMenu selectedIds={[]} search={{ ...ALL, query: "cat -dog" }} total={2} />);

    await userEvent.click(screen.getByRole("button", { name: "Export" }));
    expect(screen.getByRole("dialog", { name: "Export the 2 photos matching “cat -dog”" })).toBeVisible();
    await userEvent.click(screen.getByRole("radio", { name: /^CSV spreadsheet/ }));
    await userEvent.click(screen.getByRole("button", { name: "Download" }));

    expect(downloads.map((download) => download.href)).toEqual([
      "/api/exports/?format=csv&q=cat+-dog&min_confidence=0.5",
    ]);
  });

  it("exports every photo when there is no filter", async () => {
    const downloads = catchDownloads();
    renderWithProviders(<ExportMenu selectedIds={[]} search={ALL} total={120} />);

    await userEvent.click(screen.getByRole("button", { name: "Export" }));
    expect(screen.getByRole("dialog", { name: "Export all 120 photos" })).toBeVisible();
    await userEvent.click(screen.getByRole("radio", { name: /^YOLO/ }));
    await userEvent.click(screen.getByRole("button", { name: "Download" }));

    expect(downloads).toEqual([{ href: "/api/exports/?format=yolo&min_confidence=0.5", download: "spotter-yolo.zip" }]);
  });

  describe("while the export is prepared", () => {
    beforeEach(() => vi.useFakeTimers({ shouldAdvanceTime: true }));

    it("says it is preparing the export for a few seconds, until the browser shows the download", async () => {
      catchDownloads();
      renderWithProviders(<ExportMenu selectedIds={[]} search={ALL} total={3} />);

      await exportAs("CSV spreadsheet");
      expect(screen.getByRole("status")).toHaveTextContent("Preparing your export…");

      act(() => {
        vi.advanceTimersByTime(PREPARING_MS);
      });
      expect(screen.queryByRole("status")).not.toBeInTheDocument();
    });
  });

  it("asks to export a search instead of a selection too large to name in a link", async () => {
    const downloads = catchDownloads();
    const many = Array.from({ length: MOST_PHOTOS_BY_ID + 1 }, (_, n) => `photo-${n}`);
    renderWithProviders(<ExportMenu selectedIds={many} search={ALL} total={500} />);

    await userEvent.click(screen.getByRole("button", { name: "Export" }));

    expect(screen.getByText(/Clear the selection to export your search instead\./)).toBeVisible();
    expect(screen.getByRole("button", { name: "Download" })).toBeDisabled();
    expect(downloads).toEqual([]);
  });

  it("closes with Escape, or a click elsewhere, and gives the focus back to the Export button", async () => {
    renderWithProviders(<ExportMenu selectedIds={[]} search={ALL} total={3} />);
    const toggle = screen.getByRole("button", { name: "Export" });

    await userEvent.click(toggle);
    expect(screen.getByRole("radio", { name: /^CSV spreadsheet/ })).toHaveFocus();
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(toggle).toHaveFocus();

    await userEvent.click(toggle);
    await userEvent.click(document.body);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });
});
