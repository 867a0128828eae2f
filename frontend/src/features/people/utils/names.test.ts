import { describe, expect, it } from "vitest";
import { findNamed, shownName, tidyName } from "./names";

describe("names", () => {
  it("tidies a name's spaces as the API does", () => {
    expect(tidyName("  Grace   Hopper ")).toBe("Grace Hopper");
  });

  it("finds a person by name, case and spaces aside", () => {
    const people = [
      { id: "1", name: null },
      { id: "2", name: "Grace Hopper" },
    ];
    expect(findNamed(people, " grace  hopper")?.id).toBe("2");
    expect(findNamed(people, "Grace")).toBeUndefined();
  });

  it("calls a person without a name Unnamed", () => {
    expect(shownName({ name: null })).toBe("Unnamed");
    expect(shownName({ name: "Ann" })).toBe("Ann");
  });
});
