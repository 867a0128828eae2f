import { describe, expect, it } from "vitest";
import { fieldDay, typedDay } from "./date-range";

describe("typedDay", () => {
  it("takes a whole day, typed, pasted or picked", () => {
    expect(typedDay("2019-03-15", false)).toBe("2019-03-15");
    expect(fieldDay("2019-03-15")).toBe("2019-03-15");
  });

  it("waits while a year is being typed: years 2, 20 and 201 are on the way to 2019", () => {
    for (const value of ["0002-03-15", "0020-03-15", "0201-03-15"]) {
      expect(typedDay(value, false), value).toBeUndefined();
      expect(fieldDay(value), value).toBeNull();
    }
  });

  it("waits while the field holds part of a day, and opens that end when it is emptied", () => {
    expect(typedDay("", true)).toBeUndefined();
    expect(typedDay("", false)).toBeNull();
  });

  it("waits on what is no day at all", () => {
    expect(typedDay("2019-02-30", false)).toBeUndefined();
    expect(typedDay("20195-03-15", false)).toBeUndefined();
  });
});
