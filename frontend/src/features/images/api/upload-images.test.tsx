import { act, renderHook, waitFor } from "@testing-library/react";
import { QueryClientProvider, useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createQueryClient } from "@/lib/query-client";
import { makeImage } from "@/testing/factories";
import { FakeXhr } from "@/testing/fake-xhr";
import { isBusy, useUploadQueue } from "./upload-images";

let nextSize = 1000;

/** A file of its own size unless told (copies of one photo have the same size). */
function photo(name: string, bytes = nextSize++): File {
  return new File([new Uint8Array(bytes)], name, { type: "image/jpeg" });
}

/** The queue beside a gallery query that counts how often the gallery was fetched. */
function renderQueue() {
  const queryClient = createQueryClient();
  let galleryFetches = 0;
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );
  const { result } = renderHook(
    () => {
      useQuery({ queryKey: ["images", "list", {}], queryFn: () => ++galleryFetches, staleTime: Infinity });
      return useUploadQueue();
    },
    { wrapper },
  );
  return { result, fetches: () => galleryFetches };
}

function stored(request: FakeXhr) {
  act(() => request.respond(201, { images: [makeImage({ filename: request.fileName })], errors: [] }));
}

describe("useUploadQueue", () => {
  beforeEach(() => FakeXhr.install());
  afterEach(() => vi.unstubAllGlobals());

  it("refreshes the gallery as each file lands, not only when the whole batch is done", async () => {
    const { result, fetches } = renderQueue();
    await waitFor(() => expect(fetches()).toBe(1));

    act(() => result.current.addFiles([photo("a.jpg"), photo("b.jpg"), photo("c.jpg"), photo("d.jpg")]));
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(3)); // a few at a time, one request each

    stored(FakeXhr.instances[0]);
    await waitFor(() => expect(fetches()).toBe(2));
    expect(result.current.uploads.filter((upload) => upload.status !== "done")).toHaveLength(3);
  });

  it("starts a new batch once the last one has finished, and adds to one still moving", async () => {
    const { result } = renderQueue();

    act(() => result.current.addFiles([photo("a.jpg")]));
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
    act(() => result.current.addFiles([photo("b.jpg")]));
    expect(result.current.uploads.map((upload) => upload.file.name)).toEqual(["a.jpg", "b.jpg"]);

    await waitFor(() => expect(FakeXhr.instances).toHaveLength(2));
    FakeXhr.instances.forEach(stored);
    await waitFor(() => expect(result.current.uploads.every((upload) => upload.status === "done")).toBe(true));

    act(() => result.current.addFiles([photo("c.jpg")]));
    expect(result.current.uploads.map((upload) => upload.file.name)).toEqual(["c.jpg"]);
  });

  it("asks before the page is left while files are waiting or on their way, and only then", async () => {
    const { result } = renderQueue();
    /** Whether leaving the page now would ask first (the browser's "Leave page?"). */
    const leavingAsks = () => !window.dispatchEvent(new Event("beforeunload", { cancelable: true }));
    expect(leavingAsks()).toBe(false);

    act(() => result.current.addFiles([photo("a.jpg"), photo("b.jpg"), photo("c.jpg"), photo("d.jpg")]));
    expect(leavingAsks()).toBe(true);
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(3));
    FakeXhr.instances.forEach(stored);
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(4)); // d.jpg, still to send
    expect(leavingAsks()).toBe(true);

    act(() => FakeXhr.instances[3].respond(415, { error: { code: "unsupported", message: "Not a photo." } }));
    await waitFor(() => expect(result.current.uploads.some(isBusy)).toBe(false));
    expect(leavingAsks()).toBe(false);
  });

  it("marks a file the library already had, with the photo stored before, and adds nothing to the gallery", async () => {
    const { result, fetches } = renderQueue();
    await waitFor(() => expect(fetches()).toBe(1));

    act(() => result.current.addFiles([photo("again.jpg")]));
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
    const before = makeImage({ id: "a0a0a0a0-0000-4000-8000-00000000000b", filename: "first.jpg" });
    act(() => FakeXhr.instances[0].respond(201, { images: [{ ...before, duplicate: true }], errors: [] }));

    await waitFor(() => expect(result.current.uploads[0].status).toBe("duplicate"));
    expect(result.current.uploads[0]).toMatchObject({ imageId: before.id, progress: 1 });
    expect(result.current.uploads[0].error).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fetches()).toBe(1);
  });

  it("stores the copy listed first when one upload holds two copies, and says the other is the same photo", async () => {
    const { result } = renderQueue();

    act(() => result.current.addFiles([photo("first.jpg", 5000), photo("other.jpg"), photo("copy.jpg", 5000)]));
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(2)); // the copy waits for the first to land
    expect(FakeXhr.instances.map((request) => request.fileName)).toEqual(["first.jpg", "other.jpg"]);

    const kept = makeImage({ id: "a0a0a0a0-0000-4000-8000-00000000000c", filename: "first.jpg" });
    act(() => FakeXhr.instances[0].respond(201, { images: [kept], errors: [] }));
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(3));
    expect(FakeXhr.instances[2].fileName).toBe("copy.jpg");
    act(() => FakeXhr.instances[2].respond(201, { images: [{ ...kept, duplicate: true }], errors: [] }));

    await waitFor(() => expect(result.current.uploads[2].status).toBe("duplicate"));
    expect(result.current.uploads[2]).toMatchObject({ imageId: kept.id, sameAs: "first.jpg" });
  });
});
