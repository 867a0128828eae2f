import { vi } from "vitest";

export type MockReply = { status?: number; body?: unknown };

/** A request the app sent, as the server would see it. */
export type SentRequest = {
  method: string;
  /** The path with its query string: `/api/images/?page=2`. */
  path: string;
  url: URL;
  headers: Headers;
  credentials: RequestCredentials | undefined;
  /** The body as text ("" without one). */
  body: string;
};

type Handler = (request: SentRequest) => MockReply | Promise<MockReply>;

/** What fetch was asked for, whether it was given a URL and options or a Request; its body is read next. */
function readRequest(
  input: RequestInfo | URL,
  init: RequestInit = {},
): { request: SentRequest; body: Promise<string> } {
  const base = input instanceof Request ? input : undefined;
  const url = new URL(
    input instanceof Request ? input.url : input instanceof URL ? input.href : input,
    "http://localhost",
  );
  const headers = new Headers(base?.headers);
  new Headers(init.headers).forEach((value, name) => headers.set(name, value));
  const body = init.body !== undefined && init.body !== null ? new Response(init.body) : base?.clone();
  const request = {
    method: (init.method ?? base?.method ?? "GET").toUpperCase(),
    path: url.pathname + url.search,
    url,
    headers,
    credentials: init.credentials ?? base?.credentials,
    body: "",
  };
  return { request, body: body ? body.text() : Promise.resolve("") };
}

/** The JSON body a request sent. */
export function sentJson(request: SentRequest | undefined): unknown {
  if (!request?.body) throw new Error("the request sent no body");
  return JSON.parse(request.body);
}

/**
 * Replaces global fetch with handlers keyed by "METHOD /path"; the calls are recorded, in the order they were
 * made. A handler may answer with a promise, to hold a request in flight.
 */
export function mockFetch(routes: Record<string, MockReply | Handler>) {
  const calls: SentRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const { request, body } = readRequest(input, init);
    calls.push(request);
    request.body = await body;
    const route = routes[`${request.method} ${request.url.pathname}`];
    if (!route) throw new TypeError(`No mock for ${request.method} ${request.url.pathname}`);
    const reply = typeof route === "function" ? await route(request) : route;
    const status = reply.status ?? 200;
    const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
    return new Response(status === 204 ? null : text, { status });
  });
  vi.stubGlobal("fetch", fetchMock);
  return calls;
}
