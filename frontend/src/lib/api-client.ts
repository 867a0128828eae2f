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

export type RequestOptions = {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  json?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
};

export function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** The one way the UI talks to the API: same-origin cookies, CSRF, and errors as ApiError. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { Accept: "application/json", ...csrfHeaders(method) };
  if (options.json !== undefined) headers["Content-Type"] = "application/json";

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "network_error", NETWORK_ERROR_MESSAGE);
  }

  const body = parseJson(await response.text());
  if (!response.ok) throw toApiError(response.status, body);
  return body as T;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return "Something unexpected went wrong. Please try again.";
}
