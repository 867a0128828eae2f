import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeFace, makePage, makePerson } from "@/testing/factories";
import { mockFetch, sentJson, type MockReply, type SentRequest } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import type { PhotoFace } from "../api/get-people";
import { FaceBoxes } from "./face-boxes";

const GRACE = makePerson({ id: "grace", name: "Grace Hopper" });
const NAMED_FACE = makeFace({ id: "named-face", person: { id: "grace", name: "Grace Hopper" } });
const UNNAMED_FACE = makeFace({ id: "unnamed-face", person: { id: "cluster", name: null } });

type Routes = Record<string, MockReply | ((request: SentRequest) => MockReply)>;

function serve(routes: Routes = {}) {
  return mockFetch({ "GET /api/people/": { body: makePage([GRACE]) }, ...routes });
}

async function nameFace(face: PhotoFace, name: string) {
  renderWithProviders(<FaceBoxes faces={[NAMED_FACE, face]} canName />);
  await userEvent.click(screen.getByRole("button", { name: `Face: ${face.person?.name ?? "Who is this?"}` }));
  const form = screen.getByRole("form", { name: "Who is this?" });
  // The names given are known (to complete, and to tell a new name from one given) before saving.
  await vi.waitFor(() => expect(form.querySelectorAll("datalist option")).toHaveLength(1));
  const field = within(form).getByRole("combobox", { name: "Who is this?" });
  expect(field).toHaveFocus();
  await userEvent.clear(field);
  await userEvent.type(field, `${name}{Enter}`);
}

const changes = (calls: SentRequest[]) =>
  calls.filter((call) => call.method === "PATCH").map((call) => [call.path, sentJson(call)]);

describe("FaceBoxes", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("draws each face with who it is, or asks who", () => {
    serve();
    renderWithProviders(<FaceBoxes faces={[NAMED_FACE, UNNAMED_FACE, makeFace({ id: "small" })]} canName />);

    expect(screen.getByRole("button", { name: "Face: Grace Hopper" })).toHaveTextContent("Grace Hopper");
    expect(screen.getAllByRole("button", { name: "Face: Who is this?" })).toHaveLength(2);
    expect(screen.getByRole("button", { name: "Face: Grace Hopper" })).toHaveStyle({ left: "30%", top: "20%" });
  });

  it("puts a face in the person who has the name typed", async () => {
    const calls = serve({ "PATCH /api/faces/unnamed-face/": { body: NAMED_FACE } });
    await nameFace(UNNAMED_FACE, "grace hopper");

    await vi.waitFor(() => expect(changes(calls)).toEqual([["/api/faces/unnamed-face/", { person: "grace" }]]));
    expect(await screen.findByRole("button", { name: "Face: Who is this?" })).toHaveAttribute("aria-expanded", "false");
  });

  it("names the face's unnamed person with a new name", async () => {
    const calls = serve({ "PATCH /api/people/cluster/": { body: makePerson({ id: "cluster", name: "Ada" }) } });
    await nameFace(UNNAMED_FACE, "Ada");

    await vi.waitFor(() => expect(changes(calls)).toEqual([["/api/people/cluster/", { name: "Ada" }]]));
  });

  it("takes a face named otherwise out into a person of its own, with the new name", async () => {
    const face = makeFace({ id: "face", person: { id: "bob", name: "Bob" } });
    const calls = serve({
      "PATCH /api/faces/face/": { body: { ...face, person: { id: "new", name: null } } },
      "PATCH /api/people/new/": { body: makePerson({ id: "new", name: "Ada" }) },
    });
    await nameFace(face, "Ada");

    await vi.waitFor(() =>
      expect(changes(calls)).toEqual([
        ["/api/faces/face/", { person: null }],
        ["/api/people/new/", { name: "Ada" }],
      ]),
    );
  });

  it("closes the form on Escape, without saving", async () => {
    const calls = serve();
    renderWithProviders(<FaceBoxes faces={[UNNAMED_FACE]} canName />);
    await userEvent.click(screen.getByRole("button", { name: "Face: Who is this?" }));
    await userEvent.keyboard("{Escape}");

    expect(screen.queryByRole("form", { name: "Who is this?" })).not.toBeInTheDocument();
    expect(changes(calls)).toEqual([]);
  });

  it("only shows the faces of a photo that is not yours", () => {
    serve();
    renderWithProviders(<FaceBoxes faces={[NAMED_FACE]} canName={false} />);

    expect(screen.getByRole("img", { name: "Face: Grace Hopper" })).toBeInTheDocument();
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });
});
