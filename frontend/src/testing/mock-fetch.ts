import { vi } from "vitest";

export type MockReply = { status?: number; body?: unknown };

/** A request the app sent, as the server would see it. */
export type SentRequest = {
  method: string;
  /** The path with its query string: `/api/images/?page=2`. */
  path: string;
  url: URL;
  headers: Headers;
  credentials: RequestCredentials;
  /** The body as text ("" without one). */
  body: string;
};

type Handler = (request: SentRequest) => MockReply | Promise<MockReply>;

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
  // The typed API client hands fetch a Request.
  const fetchMock = vi.fn(async (sent: Request) => {
    const url = new URL(sent.url);
    const request: SentRequest = {
      method: sent.method,
      path: url.pathname + url.search,
      url,
      headers: sent.headers,
      credentials: sent.credentials,
      body: "",
    };
    calls.push(request);
    request.body = await sent.text();
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
