import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { FakeEventSource } from "@/testing/fake-event-source";
import { TASK_TYPES, makeImage, makeImageWithDetections, makeModel, makePage } from "@/testing/factories";
import { mockFetch, sentJson, type MockReply } from "@/testing/mock-fetch";
import { App } from "./app";

const UNAUTHORIZED: MockReply = {
  status: 401,
  body: { error: { code: "not_authenticated", message: "Log in or send a valid token.", details: {} } },
};

const PHOTO = makeImageWithDetections([]);

type Session = { user: "maria" | "nils" | null };

/** The API: maria has one photo, nils none; what /me and the rest answer depends on who is signed in. */
function serveLibrary(session: Session) {
  const whenSignedIn = (reply: (user: "maria" | "nils") => MockReply) => () =>
    session.user ? reply(session.user) : UNAUTHORIZED;
  return mockFetch({
    "GET /api/auth/csrf": { status: 204 },
    "GET /api/auth/me": whenSignedIn((user) => ({ body: { id: user.length, username: user } })),
    "POST /api/auth/login": (request) => {
      session.user = (sentJson(request) as { username: "maria" | "nils" }).username;
      return { body: { id: 2, username: session.user } };
    },
    "POST /api/auth/logout": () => {
      session.user = null;
      return { status: 204 };
    },
    "GET /api/images/": whenSignedIn((user) => ({ body: makePage(user === "maria" ? [makeImage()] : []) })),
    [`GET ${PHOTO.file_url.replace("/file", "/")}`]: whenSignedIn((user) =>
      user === "maria"
        ? { body: PHOTO }
        : { status: 404, body: { error: { code: "not_found", message: "Not found." } } },
    ),
    "GET /api/labels/": whenSignedIn(() => ({ body: { labels: [] } })),
    "GET /api/tasks/": whenSignedIn(() => ({ body: makePage([]) })),
    "GET /api/task-types/": whenSignedIn(() => ({ body: TASK_TYPES })),
    "GET /api/models/": whenSignedIn(() => ({ body: { models: [makeModel()] } })),
  });
}

describe("App", () => {
  beforeEach(() => {
    FakeEventSource.install();
    document.cookie = "csrftoken=test-token";
    window.history.replaceState(null, "", "/");
  });

  it("shows the login screen, and no errors, right after logging out", async () => {
    serveLibrary({ user: "maria" });
    render(<App />);
    await screen.findByRole("button", { name: "chelsea.png" });

    await userEvent.click(screen.getByRole("button", { name: "Log out" }));

    expect(await screen.findByRole("heading", { name: "Log in to Spotter" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "chelsea.png" })).not.toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("shows the login screen when the session has expired, and keeps nothing of it for the next user", async () => {
    const session: Session = { user: "maria" };
    serveLibrary(session);
    render(<App />);
    await screen.findByRole("button", { name: "chelsea.png" });

    session.user = null; // the session expired on the server; the next request is refused
    await userEvent.click(screen.getByRole("link", { name: "Open chelsea.png" }));

    expect(await screen.findByRole("heading", { name: "Log in to Spotter" })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("alert")).not.toBeInTheDocument());

    await userEvent.type(screen.getByLabelText("Username"), "nils");
    await userEvent.type(screen.getByLabelText("Password"), "a-long-secret");
    await userEvent.click(screen.getByRole("button", { name: "Log in" }));

    expect(await screen.findByText("Your library is empty")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "chelsea.png" })).not.toBeInTheDocument();
  });

  it("closing a photo gives the focus back to the card that opened it, and leaves no step that opens it again", async () => {
    serveLibrary({ user: "maria" });
    window.history.replaceState(null, "", "/?from=before");
    window.history.pushState(null, "", "/");
    render(<App />);
    const open = await screen.findByRole("link", { name: "Open chelsea.png" });

    await userEvent.click(open);
    expect(await screen.findByRole("dialog", { name: "chelsea.png" })).toBeInTheDocument();
    await userEvent.keyboard("{Escape}");

    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(window.location.pathname + window.location.search).toBe("/");
    await waitFor(() => expect(open).toHaveFocus());

    // Back goes to the page before the gallery, not to the photo.
    act(() => window.history.back());
    await waitFor(() => expect(window.location.search).toBe("?from=before"));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });
});
