import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { formatDate } from "@/lib/format";
import { makeImageWithDetections } from "@/testing/factories";
import { PhotoFacts, formatPlace } from "./photo-facts";

describe("PhotoFacts", () => {
  it("says when the photo was taken, with which camera and where, with the place on a map", () => {
    const image = makeImageWithDetections([], {
      taken_at: "2024-05-01T18:42:00Z",
      camera: "Apple iPhone 15",
      location: { latitude: 48.858222, longitude: -2.2945 },
    });
    render(<PhotoFacts image={image} />);

    expect(screen.getByText(formatDate("2024-05-01T18:42:00Z"))).toHaveAttribute("dateTime", "2024-05-01T18:42:00Z");
    expect(screen.getByText("Apple iPhone 15")).toBeInTheDocument();
    const place = screen.getByRole("link", { name: "48.8582° N, 2.2945° W" });
    expect(place).toHaveAttribute(
      "href",
      "https://www.openstreetmap.org/?mlat=48.858222&mlon=-2.2945#map=16/48.858222/-2.2945",
    );
    expect(place).toHaveAttribute("target", "_blank");
    expect(place).toHaveAttribute("rel", "noopener noreferrer");
    expect(screen.getByText(/^451 × 300$/)).toBeInTheDocument();
  });

  it("leaves out what the photo does not say", () => {
    render(<PhotoFacts image={makeImageWithDetections([])} />);

    expect(screen.queryByText(/^taken/)).not.toBeInTheDocument();
    expect(screen.queryByRole("link")).not.toBeInTheDocument();
    expect(screen.getByText(/^uploaded /)).toBeInTheDocument();
  });

  it("writes a place south of the equator as people read it", () => {
    expect(formatPlace({ latitude: -33.856784, longitude: 151.215297 })).toBe("33.8568° S, 151.2153° E");
  });
});
