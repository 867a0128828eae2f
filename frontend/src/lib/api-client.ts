import createClient from "openapi-fetch";
import type { paths } from "@/types/openapi";

export type ErrorDetails = Record<string, unknown>;

/** An error the UI can show: `message` is always a sentence meant for a person. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetails;

  constructor(status: number, code: string, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export const NETWORK_ERROR_MESSAGE = "Could not reach the server. Check your connection and try again.";

const MESSAGE_BY_STATUS: Record<number, string> = {
  400: "The request was not accepted. Please check what you entered.",
  401: "Please log in to continue.",
  403: "The request was refused. Reload the page and try again.",
  404: "That could not be found. It may have been deleted.",
  409: "That conflicts with the current state. Reload and try again.",
  413: "That is too large to upload.",
  415: "That file type is not supported.",
  429: "Too many requests. Please wait a moment and try again.",
  503: "The server is temporarily unavailable. Please try again shortly.",
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function readCookie(name: string): string | undefined {
  const prefix = `${name}=`;
  const cookie = document.cookie.split("; ").find((part) => part.startsWith(prefix));
  return cookie ? decodeURIComponent(cookie.slice(prefix.length)) : undefined;
}

/** Headers every unsafe request needs so Django's CSRF check passes. */
export function csrfHeaders(method: string): Record<string, string> {
  if (SAFE_METHODS.has(method.toUpperCase())) return {};
  const token = readCookie("csrftoken");
  return token ? { "X-CSRFToken": token } : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Turns an error response body (already parsed, or null when it was not JSON) into an ApiError. */
export function toApiError(status: number, body: unknown): ApiError {
  const error = isRecord(body) ? body.error : undefined;
  if (isRecord(error) && typeof error.message === "string") {
    return new ApiError(
      status,
      typeof error.code === "string" ? error.code : "error",
      error.message,
      isRecord(error.details) ? error.details : {},
    );
  }
  const fallback = MESSAGE_BY_STATUS[status] ?? "Something went wrong on the server. Please try again.";
  return new ApiError(status, `http_${status}`, fallback);
}

export function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

type QueryValue = string | number | undefined | null;

/** Whether a query parameter has a value to send; an empty one (undefined, null, "") the API would take literally. */
function isGiven(value: unknown): value is string | number | boolean {
  return (typeof value === "string" && value !== "") || typeof value === "number" || typeof value === "boolean";
}

function searchParams(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (isGiven(value)) params.set(key, String(value));
  }
  return params.toString();
}

export function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const search = searchParams(query);
  return search ? `${path}?${search}` : path;
}

/**
 * The one way the UI talks to the API: paths, parameters, bodies and answers are typed by the OpenAPI schema;
 * requests go same-origin with their cookies and the CSRF token. Wrap a call in `unwrap` for its data.
 */
export const api = createClient<paths>({
  baseUrl: "",
  credentials: "same-origin",
  headers: { Accept: "application/json" },
  querySerializer: searchParams,
  // Looked up on each call, not once, so that tests can stand in for it.
  fetch: (request) => fetch(request),
});

api.use({
  onRequest({ request }) {
    for (const [name, value] of Object.entries(csrfHeaders(request.method))) request.headers.set(name, value);
    return request;
  },
  onError({ error }) {
    if (error instanceof DOMException && error.name === "AbortError") return; // thrown as it is
    return new ApiError(0, "network_error", NETWORK_ERROR_MESSAGE);
  },
});

/** The data of a call to `api`, or its failure as an ApiError. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response.status, error);
  return data as T; // an answer that is ok has its data (none for a 204)
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return "Something unexpected went wrong. Please try again.";
}
