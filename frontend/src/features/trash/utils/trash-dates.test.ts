import { describe, expect, it } from "vitest";
import { timeAgo } from "./trash-dates";

describe("timeAgo", () => {
  const now = new Date("2025-06-10T12:00:00Z");

  it("says how long ago, in the largest unit that fits", () => {
    expect(timeAgo("2025-06-10T11:59:30Z", now)).toBe("just now");
    expect(timeAgo("2025-06-10T11:55:00Z", now)).toBe("5 minutes ago");
    expect(timeAgo("2025-06-10T09:00:00Z", now)).toBe("3 hours ago");
    expect(timeAgo("2025-06-09T10:00:00Z", now)).toBe("yesterday");
    expect(timeAgo("2025-06-06T12:00:00Z", now)).toBe("4 days ago");
    expect(timeAgo("2025-05-20T12:00:00Z", now)).toBe("3 weeks ago");
  });
});
