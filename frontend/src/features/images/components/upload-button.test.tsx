import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { UploadButton } from "./upload-button";

describe("UploadButton", () => {
  it("offers HEIC and AVIF photos besides JPEG, PNG and WebP, by type and by name", () => {
    render(<UploadButton onFiles={() => {}} />);

    const accepted = screen.getByLabelText("Upload photos").getAttribute("accept")!.split(",");
    for (const kind of ["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif", "image/avif"]) {
      expect(accepted).toContain(kind);
    }
    for (const extension of [".heic", ".heif", ".avif"]) expect(accepted).toContain(extension);
    expect(screen.getByText("Upload photos").closest("label")).toHaveAttribute(
      "title",
      "JPEG, PNG, WebP, HEIC and AVIF photos",
    );
  });

  it("hands over the files picked", () => {
    const onFiles = vi.fn();
    render(<UploadButton onFiles={onFiles} />);
    const photo = new File(["x"], "IMG_0001.HEIC", { type: "image/heic" });

    fireEvent.change(screen.getByLabelText("Upload photos"), { target: { files: [photo] } });

    expect(onFiles).toHaveBeenCalledWith([photo]);
  });
});
