import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "@/testing/render";
import type { Upload } from "../api/upload-images";
import { UploadList } from "./upload-list";

function upload(id: number, status: Upload["status"], progress = 0, bytes = 1_000_000): Upload {
  const file = new File([new Uint8Array(bytes)], `photo-${id}.jpg`, { type: "image/jpeg" });
  return { id, file, status, progress, error: status === "failed" ? "That file type is not supported." : undefined };
}

describe("UploadList", () => {
  it("shows the whole batch on one bar: files and bytes done", () => {
    const uploads = [upload(1, "done", 1), upload(2, "done", 1), upload(3, "uploading", 0.5), upload(4, "waiting")];
    render(<UploadList uploads={uploads} onClear={() => {}} />);

    expect(screen.getByRole("status")).toHaveTextContent("2 of 4 uploaded");
    expect(screen.getByRole("progressbar", { name: "All uploads" })).toHaveAttribute("aria-valuenow", "62");
    expect(screen.getByText("2.5 MB of 4.0 MB")).toBeInTheDocument();
  });

  it("fills the bar once every file is settled, rejected ones too", () => {
    const uploads = [
      upload(1, "done", 1, 4_000_000),
      upload(2, "done", 1, 4_000_000),
      upload(3, "failed", 0, 20_000),
      upload(4, "failed", 1, 20_000),
    ];
    render(<UploadList uploads={uploads} onClear={() => {}} />);

    expect(screen.getByRole("status")).toHaveTextContent("2 of 4 uploaded · 2 rejected");
    expect(screen.getByRole("progressbar", { name: "All uploads" })).toHaveAttribute("aria-valuenow", "100");
    expect(screen.getByText("8.0 MB of 8.0 MB")).toBeInTheDocument();
  });

  it("lists the files on their way first, then the rejected, the waiting and the done", () => {
    const uploads = [
      upload(1, "done", 1),
      upload(2, "waiting"),
      upload(3, "failed"),
      upload(4, "uploading", 0.3),
      upload(5, "done", 1),
    ];
    render(<UploadList uploads={uploads} onClear={() => {}} />);

    const rows = within(screen.getByRole("list", { name: "Files" })).getAllByRole("listitem");
    expect(rows.map((row) => row.textContent?.split(".jpg")[0])).toEqual([
      "photo-4",
      "photo-3",
      "photo-2",
      "photo-1",
      "photo-5",
    ]);
  });

  it("marks a file the library already had as already there, calmly, and counts it apart", () => {
    const again: Upload = { ...upload(2, "duplicate", 1), imageId: "a0a0a0a0-0000-4000-8000-000000000002" };
    const uploads = [upload(1, "done", 1), again, upload(3, "failed"), upload(4, "uploading", 0.5)];
    renderWithProviders(<UploadList uploads={uploads} onClear={() => {}} />);

    expect(screen.getByRole("status")).toHaveTextContent("1 of 4 uploaded · 1 already in your library · 1 rejected");
    expect(screen.getByRole("progressbar", { name: "All uploads" })).toHaveAttribute("aria-valuenow", "87");
    const row = screen.getByText("photo-2.jpg").closest("li")!;
    expect(row).toHaveTextContent("Already in your library");
    expect(within(row).queryByRole("progressbar")).not.toBeInTheDocument();
    expect(within(row).getByRole("link", { name: "Show photo-2.jpg in your library" })).toHaveAttribute(
      "href",
      "/photos/a0a0a0a0-0000-4000-8000-000000000002",
    );
  });

  it("keeps the files the library already had listed once the batch is done, with the rejected ones", () => {
    const uploads = [upload(1, "done", 1), upload(2, "duplicate", 1), upload(3, "failed")];
    renderWithProviders(<UploadList uploads={uploads} onClear={() => {}} />);

    expect(screen.getByRole("status")).toHaveTextContent("1 of 3 uploaded · 1 already in your library · 1 rejected");
    expect(screen.getByRole("progressbar", { name: "All uploads" })).toHaveAttribute("aria-valuenow", "100");
    const rows = within(screen.getByRole("list", { name: "Files" })).getAllByRole("listitem");
    expect(rows.map((row) => row.textContent)).toEqual([
      "photo-3.jpgThat file type is not supported.",
      "photo-2.jpgAlready in your library",
    ]);
  });

  it("says which file was kept when one upload held two copies of a photo", () => {
    const copy: Upload = { ...upload(2, "duplicate", 1), sameAs: "photo-1.jpg" };
    renderWithProviders(<UploadList uploads={[upload(1, "done", 1), copy]} onClear={() => {}} />);

    const row = screen.getByText("photo-2.jpg").closest("li")!;
    expect(row).toHaveTextContent("The same photo as photo-1.jpg, which was kept");
  });
});
