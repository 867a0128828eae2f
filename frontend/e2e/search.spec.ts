import { expect, test, type Locator } from "@playwright/test";
import {
  latestTask,
  photoCards,
  photoPaths,
  saveScreenshot,
  signUpFreshUser,
  startTask,
  uploadPhotos,
} from "./helpers";

// Detection and tagging run on CPU, and the worker may need to load both models first.
const TASK_TIMEOUT = 120_000;
const ANALYZE = "Find everything";

test.describe.configure({ timeout: 300_000 });

async function waitForTaskToSucceed(task: Locator, title: string) {
  await expect(task.getByRole("progressbar", { name: `${title} progress` })).toHaveAttribute("aria-valuenow", "100", {
    timeout: TASK_TIMEOUT,
  });
  await expect(task.getByText("succeeded", { exact: true })).toBeVisible();
}

test("searching with the search box completes a word and finds the cat, with why it matched", async ({ page }) => {
  await signUpFreshUser(page);
  await uploadPhotos(page, photoPaths(["chelsea.png", "coffee.png"]));
  await page.getByRole("button", { name: "Dismiss" }).click(); // the finished uploads
  await page.getByRole("button", { name: "Select all on this page" }).click();
  await expect(page.getByText("2 photos selected")).toBeVisible();

  // Tagging finds no objects: no thorough mode for it. Finding objects offers one, with its cost.
  const thorough = page.getByRole("checkbox", { name: "Thorough (small objects)" });
  await page.getByLabel("Task", { exact: true }).selectOption({ label: "Tag photos" });
  await expect(thorough).toHaveCount(0);
  await page.getByLabel("Task", { exact: true }).selectOption({ label: ANALYZE });
  await expect(thorough).not.toBeChecked();
  await expect(page.getByText(/^about \d+× slower$/)).toBeVisible();
  await thorough.check();
  await expect(page.getByText(/^Also reads each photo in \d+ tiles: about \d+× slower$/)).toBeVisible();
  await saveScreenshot(page, "start-task-thorough", { fullPage: false });
  await thorough.uncheck(); // fast: thorough reads each photo many times over

  await startTask(page, ANALYZE);
  await waitForTaskToSucceed(latestTask(page), ANALYZE);

  // "ca" is completed from what the photos have: the cat chelsea.png has a box for.
  const box = page.getByRole("combobox", { name: "Search photos" });
  await box.click();
  await box.pressSequentially("ca", { delay: 50 });
  const cat = page.getByRole("listbox", { name: "Suggestions" }).getByRole("option", { name: /^cat · object · 1$/ });
  await expect(cat).toBeVisible();
  await expect(box).toHaveAttribute("aria-expanded", "true");
  await saveScreenshot(page, "search-suggestions", { fullPage: false });
  await cat.click();
  await expect(box).toHaveValue("cat ");
  await expect(box).toBeFocused();
  await box.press("Enter");

  await expect(page).toHaveURL(/[?&]q=cat(&|$)/);
  await expect(page.getByRole("heading", { name: "Photos matching “cat”" })).toBeVisible();
  await expect(page).toHaveTitle("Search: cat — Spotter");
  await expect(page.getByRole("list", { name: "Search terms" }).getByRole("listitem")).toHaveText(["cat×"]);
  await expect(photoCards(page)).toHaveCount(1);
  const chelsea = photoCards(page).filter({ has: page.getByRole("button", { name: "chelsea.png", exact: true }) });
  await expect(chelsea.getByText(/^Matched:/)).toBeVisible();
  await expect(chelsea.locator("p").filter({ hasText: /^Matched:/ })).toContainText(/cat: .*cat \((box|tag) \d+%\)/);
  await expect(page.getByRole("button", { name: "coffee.png", exact: true })).toHaveCount(0);
  await saveScreenshot(page, "search-results");

  // The photo view lists the tagger's tags with their scores.
  await page.getByRole("link", { name: "Open chelsea.png" }).click();
  const photo = page.getByRole("dialog", { name: "chelsea.png" });
  await expect(photo.getByRole("list", { name: "Tags" }).getByRole("listitem").first()).toHaveText(/^.+ \d+%$/);
  await page.keyboard.press("Escape");
  await expect(photo).toBeHidden();

  // A word Spotter does not know is said under the box, with words it knows instead; one of them searches again.
  await box.fill("cat dgo");
  await box.press("Escape"); // closes any suggestions, keeps the text
  await box.press("Enter");
  const refusal = page.getByRole("search", { name: "Search photos" }).getByRole("alert");
  await expect(refusal).toContainText("Spotter does not know 'dgo'");
  await expect(page.getByText("Change the search above to see photos.")).toBeVisible();
  await saveScreenshot(page, "search-refused", { fullPage: false });
  const instead = refusal.getByRole("group", { name: "Replace “dgo” with" }).getByRole("button");
  const suggestion = (await instead.first().textContent())!;
  await instead.first().click();
  await expect(refusal).toHaveCount(0);
  await expect(box).toHaveValue(new RegExp(`^cat "?${suggestion}"?$`));

  // Removing a chip searches without its term: both photos again.
  await page.getByRole("button", { name: `Remove “${suggestion}” from the search` }).click();
  await expect(page.getByRole("heading", { name: "Photos matching “cat”" })).toBeVisible();
  await page.getByRole("button", { name: "Remove “cat” from the search" }).click();
  await expect(page.getByRole("heading", { name: "All photos" })).toBeVisible();
  await expect(photoCards(page)).toHaveCount(2);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 812 }, hasTouch: true });

  test("the search box and its chips fit the screen", async ({ page }) => {
    await signUpFreshUser(page);
    await page.goto('/?q=cat+-dog+person>%3D2+"golden retriever">0.8');
    const box = page.getByRole("combobox", { name: "Search photos" });
    await expect(box).toBeVisible();
    await expect(page.getByRole("list", { name: "Search terms" }).getByRole("listitem")).toHaveCount(4);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // The box's example shows whole, not cut off.
    const placeholderFits = await box.evaluate((input: HTMLInputElement) => {
      const style = getComputedStyle(input);
      const context = document.createElement("canvas").getContext("2d")!;
      context.font = style.font;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return context.measureText(input.placeholder).width <= room;
    });
    expect(placeholderFits).toBe(true);
    await saveScreenshot(page, "phone-search", { fullPage: false });
  });
});

test("a search of one very long word leaves the box, its button and the slider on screen", async ({ page }) => {
  await signUpFreshUser(page);
  for (const [name, viewport] of [
    ["search-long-word", { width: 1280, height: 800 }],
    ["phone-search-long-word", { width: 375, height: 812 }],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.goto(`/?q=${"x".repeat(300)}`);
    await expect(page.getByRole("list", { name: "Search terms" }).getByRole("listitem")).toHaveCount(1);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, name).toBeLessThanOrEqual(0);
    await expect(page.getByRole("button", { name: "Search", exact: true })).toBeInViewport({ ratio: 1 });
    if (viewport.width > 700) await expect(page.getByRole("slider", { name: /^Min\. confidence/ })).toBeInViewport();
    await saveScreenshot(page, name, { fullPage: false });
  }

  // A term the API will refuse shows as written: a condition without a word, a quote never closed.
  await page.goto(`/?q=${encodeURIComponent('>=3 dog OR "cat')}`);
  await expect(page.getByRole("list", { name: "Search terms" }).getByRole("listitem")).toHaveText([
    ">=3×",
    "dog×",
    "OR×",
    '"cat×',
  ]);
});
