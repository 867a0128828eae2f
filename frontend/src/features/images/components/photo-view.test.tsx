import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Outlet, Route, Routes } from "react-router";
import {
  makeDetection,
  makeImage,
  makeImageWithDetections,
  makeMatch,
  makeModel,
  makePage,
  makeTag,
  makeTextLine,
} from "@/testing/factories";
import { mockFetch } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import { PhotoView, type PhotoViewContext } from "./photo-view";

const context: PhotoViewContext = { onImageDeleted: () => {} };

function renderPhotoView(imageId: string, search = "") {
  return renderWithProviders(
    <Routes>
      <Route element={<Outlet context={context} />}>
        <Route path="photos/:imageId" element={<PhotoView />} />
      </Route>
    </Routes>,
    { route: `/photos/${imageId}${search}` },
  );
}

describe("PhotoView", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("first shows the boxes of the model /api/models/ names the default, not those of the first model", async () => {
    const photo = makeImageWithDetections([
      makeDetection({ label: "cat" }),
      makeDetection({ model: "yolo-birds", label: "heron", confidence: 0.8 }),
    ]);
    mockFetch({
      "GET /api/images/": { body: makePage([photo]) },
      [`GET /api/images/${photo.id}/`]: { body: photo },
      "GET /api/models/": {
        body: { models: [makeModel({ is_default: false }), makeModel({ name: "yolo-birds", is_default: true })] },
      },
    });
    renderPhotoView(photo.id);

    expect(await screen.findByRole("img", { name: "heron, 80% confidence" })).toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "Model" })).toHaveValue("yolo-birds");
    expect(screen.queryByRole("img", { name: /^cat/ })).not.toBeInTheDocument();
  });

  it("lists the photo's tags with their scores, best first, beside the boxes found", async () => {
    const photo = makeImageWithDetections([makeDetection({ label: "cat", confidence: 0.91 })], {
      tags: [makeTag({ name: "Egyptian cat", score: 0.86 }), makeTag({ name: "tiger cat", score: 0.05 })],
    });
    mockFetch({
      "GET /api/images/": { body: makePage([photo]) },
      [`GET /api/images/${photo.id}/`]: { body: photo },
      "GET /api/models/": { body: { models: [makeModel()] } },
    });
    renderPhotoView(photo.id);

    const tags = await screen.findByRole("list", { name: "Tags" });
    expect(
      within(tags)
        .getAllByRole("listitem")
        .map((tag) => tag.textContent),
    ).toEqual(["Egyptian cat 86%", "tiger cat 5% (a guess)"]);
    expect(screen.getByRole("heading", { name: "Found (1)" })).toBeInTheDocument();
  });

  it("lists no tags for a photo that has none, and says when a photo was only tagged", async () => {
    const tagged = makeImageWithDetections([], { analysed_by: null, examined_by: [], tags: [makeTag()] });
    mockFetch({
      "GET /api/images/": { body: makePage([tagged]) },
      [`GET /api/images/${tagged.id}/`]: { body: tagged },
      "GET /api/models/": { body: { models: [makeModel()] } },
    });
    renderPhotoView(tagged.id);

    expect(await screen.findByRole("list", { name: "Tags" })).toHaveTextContent("Egyptian cat 86%");
    expect(screen.getByRole("status")).toHaveTextContent(/^Tagged, but not searched for objects yet/);
  });

  it("outlines the line of text the search matched, opened from that search", async () => {
    const line = "Wi-Fi password: sunflower";
    const photo = makeImageWithDetections([], {
      text: [makeTextLine({ text: "Lisboa Bakery" }), makeTextLine({ text: line })],
    });
    const found = makeImage({
      has_text: true,
      matches: [makeMatch({ term: "text:sunflower", matched: line, kind: "text" })],
    });
    mockFetch({
      "GET /api/images/": { body: makePage([found]) },
      [`GET /api/images/${photo.id}/`]: { body: photo },
      "GET /api/models/": { body: { models: [makeModel()] } },
    });
    renderPhotoView(photo.id, "?q=text%3Asunflower");

    const lines = within(await screen.findByRole("list", { name: "Text" })).getAllByRole("listitem");
    expect(await screen.findByText("(matches the search)", { exact: false })).toBeInTheDocument();
    expect(lines[1]).toHaveAttribute("data-highlighted");
    expect(lines[0]).not.toHaveAttribute("data-highlighted");
    expect(screen.getAllByTestId("text-box")).toHaveLength(1);
  });

  it("moves the focus into the question when Delete is pressed, and back to Delete when the photo is kept", async () => {
    const photo = makeImageWithDetections([]);
    mockFetch({
      "GET /api/images/": { body: makePage([photo]) },
      [`GET /api/images/${photo.id}/`]: { body: photo },
      "GET /api/models/": { body: { models: [makeModel()] } },
    });
    renderPhotoView(photo.id);

    await userEvent.click(await screen.findByRole("button", { name: "Delete" }));

    const question = screen.getByRole("group", { name: "Move this photo to the trash?" });
    expect(within(question).getByRole("button", { name: "Keep" })).toHaveFocus();
    await userEvent.keyboard("{Enter}");

    expect(screen.queryByRole("group", { name: "Move this photo to the trash?" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Delete" })).toHaveFocus();
  });

  it("offers no Delete for someone else's photo, seen through an album shared with you", async () => {
    const photo = makeImageWithDetections([], { yours: false });
    mockFetch({
      "GET /api/images/": { body: makePage([photo]) },
      [`GET /api/images/${photo.id}/`]: { body: photo },
      "GET /api/models/": { body: { models: [makeModel()] } },
    });
    renderPhotoView(photo.id);

    expect(await screen.findByRole("heading", { name: photo.filename })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Close" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Delete" })).not.toBeInTheDocument();
  });
});
