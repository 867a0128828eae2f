import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Page } from "@playwright/test";

const ARTIFACTS_DIR = fileURLToPath(new URL("./artifacts/", import.meta.url));
const README_SCREENSHOT = fileURLToPath(new URL("../../docs/screenshot.png", import.meta.url));
export const PASSWORD = "Spotter-e2e-Passw0rd!";

function photosDir(): string {
  const dir = process.env.E2E_PHOTOS_DIR;
  if (!dir)
    throw new Error("Set E2E_PHOTOS_DIR to the folder with astronaut.png, chelsea.png, grace_hopper.jpg and many/.");
  return dir;
}

export const THREE_PHOTOS = ["astronaut.png", "chelsea.png", "grace_hopper.jpg"];

export function photoPaths(names: string[]): string[] {
  return names.map((name) => join(photosDir(), name));
}

export function manyPhotoPaths(folder = "many"): string[] {
  const dir = join(photosDir(), folder);
  return readdirSync(dir)
    .filter((name) => /\.jpe?g$/i.test(name))
    .sort()
    .map((name) => join(dir, name));
}

export async function saveScreenshot(page: Page, name: string, { fullPage = true } = {}) {
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage });
}

/** With E2E_README_SCREENSHOT=1, the screen as it is becomes the README's picture (docs/screenshot.png). */
export async function saveReadmeScreenshot(page: Page) {
  if (process.env.E2E_README_SCREENSHOT) await page.screenshot({ path: README_SCREENSHOT });
}

export async function signUpFreshUser(page: Page): Promise<string> {
  const username = `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  await page.goto("/");
  await page.getByRole("button", { name: "Create an account" }).click();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("button", { name: "Log out" })).toBeVisible();
  return username;
}

export async function uploadPhotos(page: Page, paths: string[]) {
  await page.getByLabel("Upload photos", { exact: true }).setInputFiles(paths);
  await expect(page.getByText(`${paths.length} of ${paths.length} uploaded`)).toBeVisible({ timeout: 120_000 });
  await expect(
    page.getByText(`${paths.length} ${paths.length === 1 ? "photo" : "photos"}`, { exact: true }),
  ).toBeVisible();
}

export function photoCards(page: Page) {
  return page
    .getByRole("list", { name: "Photos" })
    .getByRole("listitem")
    .filter({ has: page.getByRole("button") });
}

/** Selects every photo, page by page: the selection is kept across gallery pages. */
export async function selectAllPhotos(page: Page) {
  const selectAll = page.getByRole("button", { name: "Select all on this page" });
  const nextPage = page.getByRole("button", { name: /next page/i });
  for (;;) {
    await expect(photoCards(page).first()).toBeVisible();
    if (await selectAll.isEnabled()) await selectAll.click();
    if (!(await nextPage.isVisible()) || !(await nextPage.isEnabled())) return;
    await nextPage.click();
  }
}

/** Runs a task of the given type ("Find objects", "Tag photos"…) on the selected photos. */
export async function startTask(page: Page, title = "Find objects") {
  const bar = page.getByRole("form", { name: "Run a task on the selected photos" });
  // On a phone the task's options are folded behind "Options".
  const options = bar.getByRole("button", { name: "Options" });
  if ((await options.isVisible()) && (await options.getAttribute("aria-expanded")) === "false") await options.click();
  await page.getByLabel("Task", { exact: true }).selectOption({ label: title });
  // "Find objects in 3 photos", "Tag 3 photos": the button says what it does to how many.
  await bar.getByRole("button", { name: / \d+ photos?$/ }).click();
}

export const startDetection = (page: Page) => startTask(page, "Find objects");

export function taskList(page: Page) {
  return page
    .getByRole("list", { name: "Task list" })
    .getByRole("listitem")
    .filter({ has: page.getByRole("progressbar") });
}

export function latestTask(page: Page) {
  return taskList(page).first();
}
