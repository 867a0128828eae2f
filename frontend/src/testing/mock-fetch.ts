import { vi } from "vitest";

export type MockReply = { status?: number; body?: unknown };
type Handler = (request: { url: URL; init: RequestInit }) => MockReply | Promise<MockReply>;

/**
 * Replaces global fetch with handlers keyed by "METHOD /path"; the calls are recorded. A handler may answer
 * with a promise, to hold a request in flight.
 */
export function mockFetch(routes: Record<string, MockReply | Handler>) {
  const calls: { method: string; path: string; init: RequestInit }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), "http://localhost");
    const method = (init.method ?? "GET").toUpperCase();
    calls.push({ method, path: url.pathname + url.search, init });
    const route = routes[`${method} ${url.pathname}`];
    if (!route) throw new TypeError(`No mock for ${method} ${url.pathname}`);
    const reply = typeof route === "function" ? await route({ url, init }) : route;
    const status = reply.status ?? 200;
    const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
    return new Response(status === 204 ? null : text, { status });
  });
  vi.stubGlobal("fetch", fetchMock);
  return calls;
}
