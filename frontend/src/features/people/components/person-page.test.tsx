import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeImage, makePage, makePerson, makePersonFace } from "@/testing/factories";
import { mockFetch, sentJson, type MockReply, type SentRequest } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import type { PersonDetail } from "../api/get-people";
import { PersonPage } from "./person-page";

const PHOTO = makeImage({ id: "photo-1", filename: "grace_hopper.jpg" });
const FACES = [
  makePersonFace({ id: "face-1", image_id: "photo-1" }),
  makePersonFace({ id: "face-2", image_id: "photo-2", confidence: 0.8 }),
];
const GRACE = makePerson({ id: "grace", name: "Grace Hopper", photo_count: 2, face_count: 2, faces: FACES });
const UNNAMED = makePerson({ id: "unnamed", photo_count: 1 });

type Routes = Record<string, MockReply | ((request: SentRequest) => MockReply)>;

/** The API, with these people; `routes` stand in for some of its answers. */
function servePeople(people: PersonDetail[], routes: Routes = {}) {
  return mockFetch({
    "GET /api/people/": { body: makePage(people) },
    ...Object.fromEntries(people.map((person) => [`GET /api/people/${person.id}/`, { body: person }])),
    "GET /api/images/": { body: makePage([PHOTO]) },
    ...routes,
  });
}

function renderPersonPage(personId: string) {
  return renderWithProviders(
    <Routes>
      <Route path="/people/:personId" element={<PersonPage />} />
    </Routes>,
    { route: `/people/${personId}` },
  );
}

const sent = (calls: SentRequest[], method: string) => calls.filter((call) => call.method === method);

describe("PersonPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows a person's name, their photos and their faces", async () => {
    const calls = servePeople([GRACE, UNNAMED]);
    renderPersonPage("grace");

    expect(await screen.findByRole("heading", { level: 1, name: "Grace Hopper" })).toBeInTheDocument();
    expect(screen.getByText("2 photos · 2 faces")).toBeInTheDocument();
    expect(document.title).toBe("Grace Hopper — Spotter");
    const photos = await screen.findByRole("list", { name: "Photos" });
    expect(within(photos).getByRole("link", { name: "grace_hopper.jpg" })).toHaveAttribute("href", "/photos/photo-1");
    expect(calls.some((call) => call.path === "/api/images/?person=grace&page=1&page_size=50")).toBe(true);
    const faces = screen.getByRole("list", { name: "Faces" });
    expect(within(faces).getAllByRole("listitem")).toHaveLength(2);
    expect(screen.getByRole("link", { name: "Search their photos" })).toHaveAttribute(
      "href",
      `/?q=${encodeURIComponent('who:"Grace Hopper"').replace(/%20/g, "+")}`,
    );
  });

  it("renames a person in place", async () => {
    let person = GRACE;
    const calls = servePeople([UNNAMED], {
      "GET /api/people/grace/": () => ({ body: person }),
      "PATCH /api/people/grace/": (request) => {
        person = { ...person, ...(sentJson(request) as { name: string }) };
        return { body: person };
      },
    });
    renderPersonPage("grace");

    await userEvent.click(await screen.findByRole("button", { name: "Rename" }));
    const field = screen.getByRole("combobox", { name: "Name" });
    expect(field).toHaveValue("Grace Hopper");
    expect(field).toHaveFocus();
    await userEvent.clear(field);
    await userEvent.type(field, "Grace Brewster Hopper{Enter}");

    expect(sentJson(sent(calls, "PATCH")[0])).toEqual({ name: "Grace Brewster Hopper" });
    expect(await screen.findByRole("heading", { level: 1, name: "Grace Brewster Hopper" })).toBeInTheDocument();
    expect(screen.queryByRole("combobox", { name: "Name" })).not.toBeInTheDocument();
  });

  it("takes a face out of the person: Not this person", async () => {
    const calls = servePeople([GRACE], {
      "PATCH /api/faces/face-2/": { body: { id: "face-2", box: FACES[1].box, confidence: 0.8, person: null } },
    });
    renderPersonPage("grace");
    const faces = await screen.findByRole("list", { name: "Faces" });

    await userEvent.click(within(within(faces).getByRole("listitem", { name: "Face 2" })).getByRole("button"));

    const patch = sent(calls, "PATCH")[0];
    expect(patch?.path).toBe("/api/faces/face-2/");
    expect(sentJson(patch)).toEqual({ person: null });
    // The person is asked for again, to show the faces left.
    await vi.waitFor(() => expect(calls.filter((call) => call.path === "/api/people/grace/")).toHaveLength(2));
  });

  it("merges the person into another chosen from the list, and shows that one's page", async () => {
    const calls = servePeople([UNNAMED, GRACE], {
      "POST /api/people/unnamed/merge": { body: GRACE },
    });
    renderPersonPage("unnamed");

    const merge = await screen.findByRole("form", { name: "Merge into another person" });
    const choice = within(merge).getByRole("combobox", { name: "The same person as" });
    await vi.waitFor(() => expect(within(choice).getAllByRole("option")).toHaveLength(2));
    expect(within(choice).getByRole("option", { name: "Grace Hopper · 2 photos" })).toBeInTheDocument();
    expect(within(merge).getByRole("button", { name: "Merge" })).toBeDisabled();
    await userEvent.selectOptions(choice, "Grace Hopper · 2 photos");
    await userEvent.click(within(merge).getByRole("button", { name: "Merge" }));

    const post = sent(calls, "POST")[0];
    expect(post?.path).toBe("/api/people/unnamed/merge");
    expect(sentJson(post)).toEqual({ into: "grace" });
    expect(await screen.findByRole("heading", { level: 1, name: "Grace Hopper" })).toBeInTheDocument();
  });

  it("offers to merge with another person of the same name, into this one", async () => {
    const twin = makePerson({ id: "twin", name: "Grace Hopper" });
    const calls = servePeople([{ ...GRACE, same_name_as: ["twin"] }, twin], {
      "POST /api/people/twin/merge": { body: GRACE },
    });
    renderPersonPage("grace");

    expect(await screen.findByText("Someone else is named Grace Hopper too.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Merge with the other Grace Hopper" }));

    const post = sent(calls, "POST")[0];
    expect(post?.path).toBe("/api/people/twin/merge");
    expect(sentJson(post)).toEqual({ into: "grace" });
  });

  it("hides a person, and shows them again", async () => {
    let person = GRACE;
    const calls = servePeople([], {
      "GET /api/people/grace/": () => ({ body: person }),
      "PATCH /api/people/grace/": (request) => {
        person = { ...person, ...(sentJson(request) as { hidden: boolean }) };
        return { body: person };
      },
    });
    renderPersonPage("grace");

    await userEvent.click(await screen.findByRole("button", { name: "Hide" }));
    expect(await screen.findByText("Hidden from People.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Show in People" }));

    expect(sent(calls, "PATCH").map(sentJson)).toEqual([{ hidden: true }, { hidden: false }]);
    expect(await screen.findByRole("button", { name: "Hide" })).toBeInTheDocument();
  });

  it("asks an unnamed person's name at once", async () => {
    servePeople([UNNAMED]);
    renderPersonPage("unnamed");

    expect(await screen.findByRole("combobox", { name: "Who is this?" })).toHaveValue("");
    expect(screen.getByRole("heading", { level: 1, name: "Unnamed" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Search their photos" })).not.toBeInTheDocument();
  });
});
