import { expect, test, type Page } from "@playwright/test";
import {
  THREE_PHOTOS,
  latestTask,
  manyPhotoPaths,
  photoCards,
  photoPaths,
  saveScreenshot,
  selectAllPhotos,
  signUpFreshUser,
  startDetection,
  uploadPhotos,
} from "./helpers";

// Detection runs on CPU (about 0.1 s a photo) and the worker may need to load its model first.
const TASK_TIMEOUT = 120_000;

test.describe.configure({ timeout: 300_000 });

async function uploadThreeAndDetect(page: Page) {
  await uploadPhotos(page, photoPaths(THREE_PHOTOS));
  await expect(photoCards(page)).toHaveCount(3);
  await page.getByRole("button", { name: "Select all on this page" }).click();
  await expect(page.getByText("3 photos selected")).toBeVisible();
  await startDetection(page);
  const task = latestTask(page);
  await expect(task.getByRole("progressbar", { name: "detect task progress" })).toHaveAttribute(
    "aria-valuenow",
    "100",
    { timeout: TASK_TIMEOUT },
  );
  await expect(task.getByText("succeeded", { exact: true })).toBeVisible();
  return task;
}

test("a new user uploads photos, runs detection, watches it finish and sees the cat", async ({ page }) => {
  await signUpFreshUser(page);
  await expect(page.getByText("Your library is empty")).toBeVisible();

  const task = await uploadThreeAndDetect(page);
  await expect(task.getByText("3 / 3")).toBeVisible();
  await saveScreenshot(page, "gallery");

  await page.getByRole("link", { name: "Open chelsea.png" }).click();
  const photo = page.getByRole("dialog", { name: "chelsea.png" });
  await expect(photo.getByRole("img", { name: /^cat, \d+% confidence$/ }).first()).toBeVisible();
  await expect(photo.getByRole("link", { name: "Download annotated image" })).toHaveAttribute(
    "href",
    /\/api\/images\/[0-9a-f-]+\/annotated\?min_confidence=/,
  );
  await saveScreenshot(page, "photo-view");

  await page.keyboard.press("Escape");
  await expect(photo).toBeHidden();
});

test("stopping a running task leaves it cancelled with fewer than all photos processed", async ({ page }) => {
  const many = manyPhotoPaths();
  expect(many).toHaveLength(48);
  await signUpFreshUser(page);
  await uploadPhotos(page, many);

  await selectAllPhotos(page);
  await expect(page.getByText("48 photos selected")).toBeVisible();
  await startDetection(page);

  const task = latestTask(page);
  await expect(task.getByText("running", { exact: true })).toBeVisible({ timeout: TASK_TIMEOUT });
  await saveScreenshot(page, "task-running", { fullPage: false }); // quick: the task is still running
  await task.getByRole("button", { name: "Stop detect task" }).click();

  await expect(task.getByText("cancelled", { exact: true })).toBeVisible({ timeout: TASK_TIMEOUT });
  await expect(task.getByRole("button", { name: /stop/i })).toHaveCount(0);
  const progress = Number(await task.getByRole("progressbar").getAttribute("aria-valuenow"));
  expect(progress).toBeLessThan(100);
  const processedText = await task.getByText(/^\d+ \/ 48$/).textContent();
  expect(Number(processedText?.split(" / ")[0])).toBeLessThan(48);
  await saveScreenshot(page, "task-cancelled");
});

test("filtering the gallery by person shows only the photos with people", async ({ page }) => {
  await signUpFreshUser(page);
  await uploadThreeAndDetect(page);

  const filters = page.getByRole("group", { name: "Filter by object" });
  await filters.getByRole("button", { name: /^person \d+$/ }).click();

  await expect(page.getByRole("heading", { name: "Photos with “person”" })).toBeVisible();
  await expect(photoCards(page)).toHaveCount(2);
  await expect(page.getByRole("button", { name: "astronaut.png", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "grace_hopper.jpg", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "chelsea.png", exact: true })).toHaveCount(0);
  await saveScreenshot(page, "gallery-person");

  await filters.getByRole("button", { name: "All photos" }).click();
  await expect(photoCards(page)).toHaveCount(3);
});
