import { act, renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useThrottledCallback } from "./use-throttled-callback";

describe("useThrottledCallback", () => {
  afterEach(() => vi.useRealTimers());

  it("runs at once, then at most once a period, with the calls in between run once at its end", () => {
    vi.useFakeTimers();
    const callback = vi.fn();
    const { result } = renderHook(() => useThrottledCallback(callback, 1000));

    act(() => result.current());
    expect(callback).toHaveBeenCalledTimes(1);
    act(() => {
      result.current();
      result.current();
      vi.advanceTimersByTime(999);
    });
    expect(callback).toHaveBeenCalledTimes(1);
    act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(callback).toHaveBeenCalledTimes(2);
    act(() => {
      vi.advanceTimersByTime(5000);
    });
    expect(callback).toHaveBeenCalledTimes(2);

    act(() => result.current()); // long after: at once again
    expect(callback).toHaveBeenCalledTimes(3);
  });

  it("runs nothing once its component is gone", () => {
    vi.useFakeTimers();
    const callback = vi.fn();
    const { result, unmount } = renderHook(() => useThrottledCallback(callback, 1000));
    act(() => {
      result.current();
      result.current();
    });

    unmount();
    vi.advanceTimersByTime(2000);

    expect(callback).toHaveBeenCalledTimes(1);
  });
});
