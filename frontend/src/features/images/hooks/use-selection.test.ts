import { act, renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useSelection } from "./use-selection";

const page = ["a", "b", "c", "d", "e"];

describe("useSelection", () => {
  it("toggles a photo on click and selects a range on shift-click", () => {
    const { result } = renderHook(() => useSelection());

    act(() => result.current.toggle("b", page, false));
    act(() => result.current.toggle("d", page, true));
    expect([...result.current.selected].sort()).toEqual(["b", "c", "d"]);

    act(() => result.current.toggle("c", page, false));
    expect([...result.current.selected].sort()).toEqual(["b", "d"]);
  });

  it("keeps photos selected on other pages when selecting all on this one", () => {
    const { result } = renderHook(() => useSelection());

    act(() => result.current.selectAll(["x", "y"]));
    act(() => result.current.selectAll(page));
    expect(result.current.selected.size).toBe(7);

    act(() => result.current.clear());
    expect(result.current.selected.size).toBe(0);
  });
});
