import { describe, expect, it, vi } from "vitest";
import { formatBytes, formatConfidence, formatDate, formatDay, formatDuration, quotedQuery } from "./format";

describe("formatDuration", () => {
  it.each([
    [0.2, "less than a second"],
    [45, "45 s"],
    [60, "1 min"],
    [185, "3 min 5 s"],
    [7800, "2 h 10 min"],
  ])("formats %s seconds as %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe("formatBytes", () => {
  it.each([
    [0, "0 bytes"],
    [512, "512 bytes"],
    [240_000, "240 KB"],
    [3_400_000, "3.4 MB"],
    [1_250_000_000, "1.3 GB"],
  ])("formats %s bytes as %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe("formatDate", () => {
  it("writes the day a photo was taken as people do", () => {
    expect(formatDate("2024-05-01T10:00:00Z", "en-GB")).toBe("1 May 2024");
    expect(formatDate("2024-05-01T10:00:00Z", "en-US")).toBe("May 1, 2024");
  });

  it("keeps the day the camera wrote, late in the evening too, wherever the reader is", () => {
    vi.stubEnv("TZ", "Pacific/Kiritimati"); // UTC+14: a day ahead of the camera, read in local time
    expect(formatDate("2024-05-01T23:30:00Z", "en-GB")).toBe("1 May 2024");
    vi.stubEnv("TZ", "America/Los_Angeles");
    expect(formatDate("2024-05-01T00:10:00Z", "en-GB")).toBe("1 May 2024");
    vi.unstubAllEnvs();
  });

  it("writes a date field's day the same way", () => {
    expect(formatDay("2024-12-31", "en-GB")).toBe("31 December 2024");
  });
});

describe("quotedQuery", () => {
  it("quotes a query in a sentence, but not one already in quotes", () => {
    expect(quotedQuery("cat -dog")).toBe("“cat -dog”");
    expect(quotedQuery('dog "golden retriever"')).toBe('“dog "golden retriever"”');
    expect(quotedQuery('"golden retriever"')).toBe('"golden retriever"');
    expect(quotedQuery('"')).toBe('“"”');
  });
});

describe("formatConfidence", () => {
  it.each([
    [0.86, "86%"],
    [0.9949, "99%"],
    [0.9955, "99.6%"],
    [0.9999, "99.9%"],
    [1, "100%"],
  ])("writes a confidence of %s as %s, never rounded up to a certainty", (score, text) => {
    expect(formatConfidence(score)).toBe(text);
  });
});
