import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeAlbum } from "@/testing/factories";
import { mockFetch, sentJson, type MockReply } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import type { ShareLink } from "../api/links";
import type { Member } from "../api/members";
import { expiryOfDay } from "../utils/link-expiry";
import { ShareButton } from "./share-button";

const HOLIDAYS = makeAlbum({ id: "holidays", title: "Holidays" });
const NILS: Member = { username: "nils", role: "viewer", added_at: "2024-05-01T09:00:00Z" };
const LINK: ShareLink = {
  id: "link-1",
  url: "http://spotter.example/shared/abc123",
  token: "abc123",
  expires_at: null,
  allow_download: false,
  created_at: "2024-05-01T09:00:00Z",
};

function refusal(status: number, code: string, message = "Refused."): MockReply {
  return { status, body: { error: { code, message, details: {} } } };
}

/** The API of an album shared with these members and links. */
function serveSharing({ members = [NILS], links = [LINK] }: { members?: Member[]; links?: ShareLink[] } = {}) {
  return {
    "GET /api/albums/holidays/members": { body: members },
    "GET /api/albums/holidays/links": { body: links },
  };
}

async function openShareDialog() {
  renderWithProviders(<ShareButton album={HOLIDAYS} />);
  await userEvent.click(screen.getByRole("button", { name: "Share" }));
  return screen.getByRole("dialog", { name: "Share “Holidays”" });
}

describe("ShareDialog", () => {
  beforeEach(() => {
    document.cookie = "csrftoken=test-token";
  });
  afterEach(() => vi.unstubAllGlobals());

  it("lists the members with their roles; a role changes at once, and a member is removed once asked", async () => {
    const calls = mockFetch({
      ...serveSharing(),
      "PATCH /api/albums/holidays/members/nils": { body: { ...NILS, role: "contributor" } },
      "DELETE /api/albums/holidays/members/nils": { status: 204 },
    });
    const dialog = await openShareDialog();

    const nils = await within(dialog).findByRole("listitem", { name: "nils" });
    const role = within(nils).getByLabelText("Role of nils");
    expect(role).toHaveValue("viewer");
    await userEvent.selectOptions(role, "Contributor");
    await vi.waitFor(() => expect(calls.some((call) => call.method === "PATCH")).toBe(true));
    expect(sentJson(calls.find((call) => call.method === "PATCH"))).toEqual({ role: "contributor" });

    await userEvent.click(within(nils).getByRole("button", { name: "Remove" }));
    await userEvent.click(within(nils).getByRole("button", { name: "Yes, remove nils" }));
    await vi.waitFor(() => expect(calls.some((call) => call.method === "DELETE")).toBe(true));
    expect(calls.find((call) => call.method === "DELETE")?.path).toBe("/api/albums/holidays/members/nils");
  });

  it("invites by username and role, and says clearly who does not exist or is a member already", async () => {
    const calls = mockFetch({
      ...serveSharing({ members: [] }),
      "POST /api/albums/holidays/members": (request) => {
        const { username } = sentJson(request) as { username: string };
        if (username === "nobody") return refusal(404, "user_not_found");
        if (username === "nils") return refusal(409, "already_member");
        return { status: 201, body: { username, role: "contributor", added_at: "2024-05-02T09:00:00Z" } };
      },
    });
    const dialog = await openShareDialog();
    expect(await within(dialog).findByText("Not shared with anyone yet.")).toBeInTheDocument();
    const form = within(dialog).getByRole("form", { name: "Invite someone" });
    const username = within(form).getByLabelText("Username");

    await userEvent.type(username, "nobody");
    await userEvent.click(within(form).getByRole("button", { name: "Invite" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent(
      "Nobody is called “nobody” here. Check the username.",
    );

    await userEvent.clear(username);
    await userEvent.type(username, "nils");
    await userEvent.click(within(form).getByRole("button", { name: "Invite" }));
    expect(await within(form).findByText("nils is already a member: change their role above.")).toBeInTheDocument();

    await userEvent.clear(username);
    await userEvent.type(username, " ann ");
    await userEvent.selectOptions(within(form).getByLabelText("Role"), "Contributor");
    await userEvent.click(within(form).getByRole("button", { name: "Invite" }));
    expect(await within(form).findByRole("status")).toHaveTextContent("Shared with ann as a contributor.");
    expect(username).toHaveValue("");
    expect(sentJson(calls.filter((call) => call.method === "POST").at(-1))).toEqual({
      username: "ann",
      role: "contributor",
    });
  });

  it("makes a link that works until a day and lets the originals be downloaded", async () => {
    const calls = mockFetch({
      ...serveSharing({ links: [] }),
      "POST /api/albums/holidays/links": { status: 201, body: { ...LINK, allow_download: true } },
    });
    const dialog = await openShareDialog();
    expect(await within(dialog).findByText("No links yet.")).toBeInTheDocument();
    const form = within(dialog).getByRole("form", { name: "New link" });

    await userEvent.type(within(form).getByLabelText("Works until (optional)"), "2099-06-30");
    await userEvent.click(within(form).getByLabelText("Allow downloading originals"));
    await userEvent.click(within(form).getByRole("button", { name: "Create link" }));

    expect(await within(form).findByRole("status")).toHaveTextContent("Link created");
    expect(sentJson(calls.find((call) => call.method === "POST"))).toEqual({
      expires_at: expiryOfDay("2099-06-30"),
      allow_download: true,
    });
  });

  it("says why a link was refused", async () => {
    mockFetch({
      ...serveSharing({ links: [] }),
      "POST /api/albums/holidays/links": refusal(400, "invalid_expiry", "The expiry has already passed."),
    });
    const dialog = await openShareDialog();
    await userEvent.click(await within(dialog).findByRole("button", { name: "Create link" }));

    expect(await within(dialog).findByRole("alert")).toHaveTextContent("The expiry has already passed.");
  });

  it("copies a link, and where the clipboard is out of reach selects it to copy by hand", async () => {
    mockFetch(serveSharing({ links: [LINK, { ...LINK, id: "link-2", expires_at: "2099-06-30T12:00:00Z" }] }));
    const writeText = vi.fn().mockResolvedValueOnce(undefined).mockRejectedValueOnce(new Error("denied"));
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    const dialog = await openShareDialog();

    const first = await within(dialog).findByRole("listitem", { name: "Link 1" });
    expect(first).toHaveTextContent("Never expires · View only");
    await userEvent.click(within(first).getByRole("button", { name: "Copy link" }));
    expect(writeText).toHaveBeenCalledWith(LINK.url);
    expect(within(first).getByRole("button", { name: "Copied" })).toBeInTheDocument();

    const second = within(dialog).getByRole("listitem", { name: "Link 2" });
    expect(second).toHaveTextContent("Works until");
    await userEvent.click(within(second).getByRole("button", { name: "Copy link" }));
    expect(await within(second).findByText(/Could not copy here/)).toBeInTheDocument();
    expect(within(second).getByLabelText("Link 2")).toHaveFocus();
  });

  it("revokes a link once asked", async () => {
    const calls = mockFetch({ ...serveSharing(), "DELETE /api/albums/holidays/links/link-1": { status: 204 } });
    const dialog = await openShareDialog();

    const link = await within(dialog).findByRole("listitem", { name: "Link 1" });
    await userEvent.click(within(link).getByRole("button", { name: "Revoke" }));
    await userEvent.click(within(link).getByRole("button", { name: "Yes, revoke it" }));

    await vi.waitFor(() => expect(calls.some((call) => call.method === "DELETE")).toBe(true));
    expect(calls.find((call) => call.method === "DELETE")?.path).toBe("/api/albums/holidays/links/link-1");
  });

  it("closes on Escape and gives the focus back to Share", async () => {
    mockFetch(serveSharing());
    const dialog = await openShareDialog();
    expect(dialog).toHaveAttribute("aria-modal", "true");

    await userEvent.keyboard("{Escape}");

    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Share" })).toHaveFocus();
  });
});
