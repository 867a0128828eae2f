import { describe, expect, it } from "vitest";
import { contrast, cssRules, declarationsOf, over, readCss, resolveColor, themes } from "@/testing/stylesheet";
import type { TaskStatus } from "@/types/api";
import { statusText, taskTone } from "./status-badge";

const STATUSES: TaskStatus[] = ["queued", "running", "paused", "cancelling", "succeeded", "failed", "cancelled"];

describe("StatusBadge", () => {
  it("says how many photos failed in a task that ended without failing as a whole", () => {
    expect(statusText({ status: "succeeded", failed: 2 })).toBe("succeeded · 2 failed");
    expect(statusText({ status: "cancelled", failed: 1 })).toBe("stopped · 1 failed");
    expect(statusText({ status: "succeeded", failed: 0 })).toBe("succeeded");
    expect(statusText({ status: "failed", failed: 3 })).toBe("failed");
    expect(statusText({ status: "running", failed: 1 })).toBe("running");
    expect(taskTone({ status: "succeeded", failed: 2 })).toBe("partial");
    expect(taskTone({ status: "succeeded", failed: 0 })).toBe("succeeded");
    expect(taskTone({ status: "cancelled", failed: 2 })).toBe("cancelled");
  });

  it("says a task the user stopped is stopped, whatever the API calls it", () => {
    expect(statusText({ status: "cancelling", failed: 0 })).toBe("stopping");
    expect(statusText({ status: "cancelled", failed: 0 })).toBe("stopped");
  });

  it("reads at 4.5:1 at least on its tint, for every status, in both themes", () => {
    const rules = cssRules(readCss(import.meta.url, "./status-badge.module.css"));
    const badge = declarationsOf(rules, ".status");
    for (const [theme, tokens] of Object.entries(themes())) {
      for (const tone of [...STATUSES, "partial"]) {
        const toneRule = rules.find((rule) => rule.selector === `.status[data-tone="${tone}"]`);
        const statusColor = toneRule?.declarations["--status-color"] ?? badge["--status-color"];
        const vars = { ...tokens, "--status-color": statusColor };
        // On a task's card and on the started-task strip.
        const background = over(resolveColor(badge.background, vars), resolveColor("var(--surface-raised)", vars));
        const ratio = contrast(resolveColor(badge.color, vars), background);
        expect(ratio, `${tone}, ${theme} theme`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});
