import { describe, expect, it } from "vitest";
import { runTaskText } from "./run-task-text";

describe("runTaskText", () => {
  it("reads as a sentence for every task type the API has", () => {
    expect(runTaskText("Find objects", 94)).toBe("Find objects in 94 photos");
    expect(runTaskText("Find people", 1)).toBe("Find people in 1 photo");
    expect(runTaskText("Find animals", 2)).toBe("Find animals in 2 photos");
    expect(runTaskText("Find vehicles", 2)).toBe("Find vehicles in 2 photos");
    expect(runTaskText("Tag photos", 94)).toBe("Tag 94 photos");
    expect(runTaskText("Tag photos", 1)).toBe("Tag 1 photo");
    expect(runTaskText("Find objects and tag", 94)).toBe("Find objects and tag 94 photos");
    expect(runTaskText("Find objects, tag and read", 94)).toBe("Find objects, tag and read 94 photos");
    expect(runTaskText("Read text", 3)).toBe("Read text in 3 photos");
  });
});
