import { beforeEach, describe, expect, it, vi } from "vitest";
import { mockFetch } from "@/testing/mock-fetch";
import { ApiError, NETWORK_ERROR_MESSAGE, api, unwrap } from "./api-client";

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}

describe("the typed API client", () => {
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

    const error = await caught(
      unwrap(
        api.POST("/api/tasks/{task_type}/", { params: { path: { task_type: "detect" } }, body: { image_ids: ["x"] } }),
      ),
    );

    expect(error).toMatchObject({ status: 404, code: "images_not_found", message: "Some photos were not found." });
    expect(error.details).toEqual({ missing: ["x"] });
  });

  it("gives a sentence even when the server answers without the error shape", async () => {
    mockFetch({ "GET /api/images/": { status: 503, body: "<html>" } });

    const error = await caught(unwrap(api.GET("/api/images/")));

    expect(error.message).toMatch(/temporarily unavailable/);
  });

  it("gives a friendly sentence when the network fails", async () => {
    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(new TypeError("Failed to fetch")));

    const error = await caught(unwrap(api.GET("/api/images/")));

    expect(error).toMatchObject({ status: 0, code: "network_error", message: NETWORK_ERROR_MESSAGE });
  });

  it("lets a cancelled request's AbortError through as it is", async () => {
    const aborted = new DOMException("The operation was aborted.", "AbortError");
    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(aborted));

    await expect(unwrap(api.GET("/api/images/"))).rejects.toBe(aborted);
  });

  it("sends the CSRF token on unsafe requests only, always with same-origin credentials and asking for JSON", async () => {
    const calls = mockFetch({ "GET /api/auth/me": { body: {} }, "POST /api/auth/logout": { status: 204 } });

    await unwrap(api.GET("/api/auth/me"));
    await unwrap(api.POST("/api/auth/logout"));

    const [read, write] = calls;
    expect(read.headers.has("X-CSRFToken")).toBe(false);
    expect(write.headers.get("X-CSRFToken")).toBe("abc123");
    expect(read.credentials).toBe("same-origin");
    expect(write.credentials).toBe("same-origin");
    expect(read.headers.get("Accept")).toBe("application/json");
  });

  it("leaves out empty query parameters", async () => {
    const calls = mockFetch({ "GET /api/images/": { body: {} } });

    await unwrap(api.GET("/api/images/", { params: { query: { label: "", page: 2, min_confidence: undefined } } }));

    expect(calls[0].path).toBe("/api/images/?page=2");
  });
});
