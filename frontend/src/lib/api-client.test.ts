import { beforeEach, describe, expect, it, vi } from "vitest";
import { mockFetch } from "@/testing/mock-fetch";
import { ApiError, NETWORK_ERROR_MESSAGE, apiRequest } from "./api-client";

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}

describe("apiRequest", () => {
  beforeEach(() => {
    document.cookie = "csrftoken=abc123";
  });

  it("turns the error shape into an ApiError with a readable message", async () => {
    mockFetch({
      "POST /api/tasks/detect/": {
        status: 404,
        body: {
          error: { code: "images_not_found", message: "Some photos were not found.", details: { missing: ["x"] } },
        },
      },
    });

    const error = await caught(apiRequest("/api/tasks/detect/", { method: "POST", json: { image_ids: ["x"] } }));

    expect(error).toMatchObject({ status: 404, code: "images_not_found", message: "Some photos were not found." });
    expect(error.details).toEqual({ missing: ["x"] });
  });

  it("gives a sentence even when the server answers without the error shape", async () => {
    mockFetch({ "GET /api/images/": { status: 503, body: "<html>" } });

    const error = await caught(apiRequest("/api/images/"));

    expect(error.message).toMatch(/temporarily unavailable/);
  });

  it("gives a friendly sentence when the network fails", async () => {
    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(new TypeError("Failed to fetch")));

    const error = await caught(apiRequest("/api/images/"));

    expect(error).toMatchObject({ code: "network_error", message: NETWORK_ERROR_MESSAGE });
  });

  it("sends the CSRF token on unsafe requests only, always with same-origin credentials", async () => {
    const calls = mockFetch({ "GET /api/auth/me": { body: {} }, "POST /api/auth/logout": { status: 204 } });

    await apiRequest("/api/auth/me");
    await apiRequest("/api/auth/logout", { method: "POST" });

    const [read, write] = calls;
    expect(read.headers.has("X-CSRFToken")).toBe(false);
    expect(write.headers.get("X-CSRFToken")).toBe("abc123");
    expect(read.credentials).toBe("same-origin");
    expect(write.credentials).toBe("same-origin");
  });

  it("leaves out empty query parameters", async () => {
    const calls = mockFetch({ "GET /api/images/": { body: {} } });

    await apiRequest("/api/images/", { query: { label: null, page: 2, min_confidence: undefined } });

    expect(calls[0].path).toBe("/api/images/?page=2");
  });
});
