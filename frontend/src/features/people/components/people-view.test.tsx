import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makePage, makePerson } from "@/testing/factories";
import { mockFetch, sentJson, type SentRequest } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import type { Person } from "../api/get-people";
import { PeopleView } from "./people-view";

const GRACE = makePerson({ id: "grace", name: "Grace Hopper", photo_count: 3, face_count: 4 });
const STRANGER = makePerson({ id: "stranger", photo_count: 2, face_count: 2 });

/** The API's people, named as the page asks: the list answers `named=` as the API would. */
function servePeople(people: Person[]) {
  let held = people;
  const listed = (request: SentRequest) => {
    const named = request.url.searchParams.get("named");
    return held.filter((person) => named === null || Boolean(person.name) === (named === "true"));
  };
  return mockFetch({
    "GET /api/people/": (request) => ({ body: makePage(listed(request)) }),
    "PATCH /api/people/stranger/": (request) => {
      const { name } = sentJson(request) as { name: string };
      held = held.map((person) => (person.id === "stranger" ? { ...person, name } : person));
      return { body: makePerson({ ...STRANGER, name }) };
    },
  });
}

const peopleRequests = (calls: SentRequest[]) =>
  calls.filter((call) => call.method === "GET" && call.url.pathname === "/api/people/").map((call) => call.path);

describe("PeopleView", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows each person's face, name and counts, most photos first, and asks the unnamed for a name", async () => {
    const calls = servePeople([GRACE, STRANGER]);
    renderWithProviders(<PeopleView />, { route: "/people" });

    const list = await screen.findByRole("list", { name: "People" });
    const [grace, stranger] = within(list).getAllByRole("listitem");
    expect(grace).toHaveAccessibleName("Grace Hopper");
    expect(grace).toHaveTextContent("3 photos · 4 faces");
    expect(grace.querySelector("img")).toHaveAttribute("src", "/api/people/grace/thumbnail");
    expect(within(grace).getByRole("link", { name: "Grace Hopper" })).toHaveAttribute("href", "/people/grace");
    expect(within(grace).queryByRole("combobox")).not.toBeInTheDocument();
    expect(stranger).toHaveAccessibleName("Unnamed");
    expect(within(stranger).getByRole("combobox", { name: "Name" })).toHaveAttribute("placeholder", "Add a name");
    expect(screen.getByText("2 people found")).toBeInTheDocument();
    expect(document.title).toBe("People — Spotter");
    expect(peopleRequests(calls)[0]).toBe("/api/people/?page=1&page_size=50");
  });

  it("names an unnamed person in place, completing from the names already given", async () => {
    const calls = servePeople([GRACE, STRANGER]);
    renderWithProviders(<PeopleView />, { route: "/people" });
    const stranger = await screen.findByRole("listitem", { name: "Unnamed" });
    const field = within(stranger).getByRole("combobox", { name: "Name" });

    const names = document.getElementById(field.getAttribute("list") ?? "");
    await vi.waitFor(() => expect(names?.querySelectorAll("option")).toHaveLength(1));
    expect(names?.querySelector("option")).toHaveAttribute("value", "Grace Hopper");

    await userEvent.type(field, "  Ada   Lovelace ");
    await userEvent.click(within(stranger).getByRole("button", { name: "Save" }));

    const patch = calls.find((call) => call.method === "PATCH");
    expect(patch?.path).toBe("/api/people/stranger/");
    expect(sentJson(patch)).toEqual({ name: "Ada Lovelace" });
    expect(await screen.findByRole("listitem", { name: "Ada Lovelace" })).toBeInTheDocument();
  });

  it("shows only those still to name, or only those named", async () => {
    const calls = servePeople([GRACE, STRANGER]);
    renderWithProviders(<PeopleView />, { route: "/people" });
    await screen.findByRole("list", { name: "People" });

    await userEvent.click(screen.getByRole("radio", { name: "To name" }));
    expect(await screen.findByText("1 person to name")).toBeInTheDocument();
    expect(within(screen.getByRole("list", { name: "People" })).getAllByRole("listitem")).toHaveLength(1);
    expect(peopleRequests(calls)).toContain("/api/people/?named=false&page=1&page_size=50");

    await userEvent.click(screen.getByRole("radio", { name: "Named" }));
    expect(await screen.findByText("1 person named")).toBeInTheDocument();
    expect(screen.getByRole("listitem", { name: "Grace Hopper" })).toBeInTheDocument();
  });

  it("says how to find people when none have been found", async () => {
    servePeople([]);
    renderWithProviders(<PeopleView />, { route: "/people" });

    expect(await screen.findByText("No people yet.")).toBeInTheDocument();
    expect(screen.getByText(/run “Find people’s faces”/)).toBeInTheDocument();
    expect(screen.queryByRole("list", { name: "People" })).not.toBeInTheDocument();
  });

  it("pages through many people", async () => {
    const people = Array.from({ length: 50 }, (_, n) => makePerson({ id: `person-${n}` }));
    const calls = mockFetch({
      "GET /api/people/": { body: { count: 70, next: "next", previous: null, results: people } },
    });
    renderWithProviders(<PeopleView />, { route: "/people" });

    const pager = await screen.findByRole("navigation", { name: "People pages" });
    expect(pager).toHaveTextContent("Page 1 of 2");
    await userEvent.click(within(pager).getByRole("button", { name: "Next page →" }));

    expect(peopleRequests(calls)).toContain("/api/people/?page=2&page_size=50");
  });
});
