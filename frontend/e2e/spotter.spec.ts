import { readFileSync } from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import {
  PASSWORD,
  THREE_PHOTOS,
  latestTask,
  manyPhotoPaths,
  photoCards,
  photoPaths,
  saveReadmeScreenshot,
  saveScreenshot,
  selectAllPhotos,
  signUpFreshUser,
  startDetection,
  startTask,
  taskList,
  uploadPhotos,
} from "./helpers";

// Detection runs on CPU (about 0.1 s a photo) and the worker may need to load its model first.
const TASK_TIMEOUT = 120_000;

test.describe.configure({ timeout: 300_000 });

async function waitForTaskToSucceed(task: Locator, title = "Find objects") {
  await expect(task.getByRole("progressbar", { name: `${title} progress` })).toHaveAttribute("aria-valuenow", "100", {
    timeout: TASK_TIMEOUT,
  });
  await expect(task.getByText("succeeded", { exact: true })).toBeVisible();
}

/** A count once it has stayed the same for half a second. */
async function steadyCount(read: () => Promise<number>): Promise<number> {
  let previous = await read();
  const steady = async () => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await read();
    const same = now === previous;
    previous = now;
    return same;
  };
  await expect.poll(steady, { intervals: [0], timeout: 10_000 }).toBe(true);
  return previous;
}

async function uploadThreeAndDetect(page: Page) {
  await uploadPhotos(page, photoPaths(THREE_PHOTOS));
  await expect(photoCards(page)).toHaveCount(3);
  await page.getByRole("button", { name: "Select all on this page" }).click();
  await expect(page.getByText("3 photos selected")).toBeVisible();
  await startDetection(page);
  const task = latestTask(page);
  await waitForTaskToSucceed(task);
  return task;
}

type Detection = { label: string; confidence: number };
type Photo = { id: string; filename: string; detections: Detection[] };

/** Each photo with its detections, as the API has them. */
async function photosWithDetections(page: Page): Promise<Photo[]> {
  const list = (await (await page.request.get("/api/images/?page_size=50")).json()) as { results: { id: string }[] };
  return Promise.all(
    list.results.map(async ({ id }) => (await page.request.get(`/api/images/${id}/`)).json() as Promise<Photo>),
  );
}

/** Label → how many of the detections are at or above the minimum confidence. */
function countsAt(detections: Detection[], minConfidence: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { label, confidence } of detections) {
    if (confidence >= minConfidence) counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts;
}

/** Types a day into a date field with the keyboard, digit by digit, from its first part (the month, in en-US). */
async function typeDay(field: Locator, digits: string) {
  await field.click({ position: { x: 16, y: 12 } });
  await field.page().keyboard.type(digits, { delay: 50 });
}

/** What a card's label chips read, in any order: "person ×2", "tie". */
function chipTexts(counts: Record<string, number>): string[] {
  return Object.entries(counts)
    .map(([label, count]) => (count > 1 ? `${label}×${count}` : label))
    .sort();
}

test("a new user uploads photos, runs detection, watches it finish and sees the cat", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle("Log in — Spotter");
  await signUpFreshUser(page);
  await expect(page).toHaveTitle("All photos — Spotter");
  // Nothing to export or to search yet: the page asks for photos.
  await expect(page.getByText("Your library is empty")).toBeVisible();
  await expect(page.getByRole("button", { name: "Export" })).toBeDisabled();
  await expect(page.getByText(/^No photos yet\. Upload some/)).toBeVisible();
  await expect(page.getByText(/^Nothing found yet/)).toHaveCount(0);
  await saveScreenshot(page, "empty-library");

  const task = await uploadThreeAndDetect(page);
  await expect(task.getByText("3 / 3")).toBeVisible();
  await expect(task.getByText("Min. confidence", { exact: true })).toBeVisible();
  await expect(task.getByText("Model", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Dismiss" }).click(); // the finished uploads
  await saveScreenshot(page, "gallery");
  await saveScreenshot(page, "task-panel", { fullPage: false });
  await saveReadmeScreenshot(page); // the gallery with its labels and the finished task

  // Every thumbnail keeps the same square, whatever the labels below it.
  const thumbnails = await photoCards(page)
    .getByRole("button")
    .evaluateAll((buttons) =>
      buttons.map((button) => button.getBoundingClientRect()).map(({ width, height }) => [width, height]),
    );
  for (const [width, height] of thumbnails) expect(Math.abs(width - height)).toBeLessThan(1);

  // The task says it counts objects; the filters count photos.
  await expect(task.getByText(/^Found \d+ objects?$/)).toBeVisible();
  await expect(
    page.getByRole("group", { name: "Filter by object" }).getByRole("button", { name: /^person \d+ photos?$/ }),
  ).toBeVisible();

  await page.getByRole("link", { name: "Open chelsea.png" }).click();
  const photo = page.getByRole("dialog", { name: "chelsea.png" });
  await expect(page).toHaveTitle("Photo: chelsea.png — Spotter");
  await expect(photo.getByRole("img", { name: /^cat, [\d.]+% confidence$/ }).first()).toBeVisible();
  const download = photo.getByRole("link", { name: "Download annotated image" });
  await expect(download).toHaveAttribute("href", /\/api\/images\/[0-9a-f-]+\/annotated\?min_confidence=0\.5/);
  await expect(download).toHaveAttribute("download", "chelsea-annotated.jpg");
  await saveScreenshot(page, "photo-view");

  // Nothing at or above 100 %: nothing to draw, so no download, and the viewer says so.
  await photo.getByRole("slider", { name: /minimum confidence/i }).fill("1");
  await expect(
    photo.getByText("No objects found by SSD MobileNet v2 (COCO) at ≥ 100%.", { exact: true }),
  ).toBeVisible();
  await expect(download).toHaveCount(0);

  await page.keyboard.press("Escape");
  await expect(photo).toBeHidden();
  await expect(page).toHaveTitle("All photos — Spotter");
});

test("stopping a running task leaves it stopped with fewer than all photos processed", async ({ page }) => {
  const many = manyPhotoPaths();
  expect(many).toHaveLength(48);
  await signUpFreshUser(page);
  await uploadPhotos(page, many);
  await expect(photoCards(page).first().getByText("Not analysed yet")).toBeVisible();

  await selectAllPhotos(page);
  await expect(page.getByText("48 photos selected")).toBeVisible();
  await startDetection(page);

  const task = latestTask(page);
  await expect(task.getByText("running", { exact: true })).toBeVisible({ timeout: TASK_TIMEOUT });
  await saveScreenshot(page, "task-running", { fullPage: false }); // quick: the task is still running
  await task.getByRole("button", { name: "Stop Find objects" }).click();

  // "Stopped", as the user did; the API calls it cancelled.
  await expect(task.getByText("stopped", { exact: true })).toBeVisible({ timeout: TASK_TIMEOUT });
  await expect(task.getByRole("button", { name: /stop/i })).toHaveCount(0);
  const progress = Number(await task.getByRole("progressbar").getAttribute("aria-valuenow"));
  expect(progress).toBeLessThan(100);
  const processedText = await task.getByText(/^\d+ \/ 48$/).textContent();
  expect(Number(processedText?.split(" / ")[0])).toBeLessThan(48);
  await saveScreenshot(page, "task-stopped");
});

test("pausing a task from the web app stops its progress, and resuming finishes it", async ({ page }) => {
  const many = manyPhotoPaths("many-mirrored"); // not the stop test's: none is in the result cache
  expect(many).toHaveLength(48);
  await signUpFreshUser(page);
  await uploadPhotos(page, many);
  await selectAllPhotos(page);
  await expect(page.getByText("48 photos selected")).toBeVisible();
  await startDetection(page);

  const task = latestTask(page);
  const bar = task.getByRole("progressbar", { name: "Find objects progress" });
  const processed = async () => Number((await task.getByText(/^\d+ \/ 48$/).textContent())?.split(" / ")[0]);
  await expect(bar).not.toHaveAttribute("aria-valuenow", "0", { timeout: TASK_TIMEOUT }); // some photos done
  await task.getByRole("button", { name: "Pause Find objects" }).click();

  await expect(task.getByText("paused", { exact: true })).toBeVisible();
  await expect(task.getByRole("button", { name: "Resume Find objects" })).toBeEnabled();
  await expect(task.getByRole("button", { name: "Pause Find objects" })).toHaveCount(0);
  await expect(task.getByText("Time left", { exact: true })).toHaveCount(0);
  // A photo each worker had begun is still recorded; after that, nothing moves.
  const settled = await steadyCount(processed);
  const percent = await bar.getAttribute("aria-valuenow");
  expect(settled).toBeLessThan(48);
  // The photos it has done show what was found in them already, the others are still to do.
  await expect(photoCards(page).filter({ hasText: "Not analysed yet" })).toHaveCount(48 - settled);
  await saveScreenshot(page, "task-paused", { fullPage: false });
  await saveScreenshot(page, "gallery-live-results");
  await page.waitForTimeout(1500);
  expect(await processed()).toBe(settled);
  await expect(bar).toHaveAttribute("aria-valuenow", percent!);
  await expect(task.getByText("paused", { exact: true })).toBeVisible();

  await task.getByRole("button", { name: "Resume Find objects" }).click();
  await waitForTaskToSucceed(task);
  await expect(task.getByText("48 / 48")).toBeVisible();
  await expect(task.getByRole("button", { name: /^(Pause|Resume|Stop) / })).toHaveCount(0);
});

test("filtering the gallery by person shows only the photos with people", async ({ page }) => {
  await signUpFreshUser(page);
  await uploadThreeAndDetect(page);

  const filters = page.getByRole("group", { name: "Filter by object" });
  await filters.getByRole("button", { name: /^person \d+ photos?$/ }).click();

  await expect(page.getByRole("heading", { name: "Photos with “person”" })).toBeVisible();
  await expect(photoCards(page)).toHaveCount(2);
  await expect(page.getByRole("button", { name: "astronaut.png", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "grace_hopper.jpg", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "chelsea.png", exact: true })).toHaveCount(0);
  await saveScreenshot(page, "gallery-person");

  await filters.getByRole("button", { name: "All photos" }).click();
  await expect(photoCards(page)).toHaveCount(3);
});

test("logging out shows the login screen at once, and logging back in shows the library", async ({ page }) => {
  const username = await signUpFreshUser(page);
  await uploadPhotos(page, photoPaths(["chelsea.png"]));

  await page.getByRole("button", { name: "Log out" }).click();

  await expect(page.getByRole("heading", { name: "Log in to Spotter" })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "chelsea.png" })).toHaveCount(0);

  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("button", { name: "chelsea.png", exact: true })).toBeVisible();
});

test("with 100 photos selected the selection bar covers nothing, and all 120 can be selected", async ({ page }) => {
  const small = manyPhotoPaths("small");
  expect(small).toHaveLength(120);
  await signUpFreshUser(page);
  await uploadPhotos(page, small);
  await page.getByRole("button", { name: "Dismiss" }).click();

  const nextPage = page.getByRole("button", { name: "Next page →" });
  await page.getByRole("button", { name: "Select all on this page" }).click();
  await nextPage.click();
  await expect(page.getByText("Page 2 of 3", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Select all on this page" }).click();
  await expect(page.getByText("100 photos selected")).toBeVisible();

  // At the very end of the page, "Next page" is above the bar, not under it.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const bar = page.getByRole("form", { name: "Run a task on the selected photos" });
  const barBox = (await bar.boundingBox())!;
  const nextBox = (await nextPage.boundingBox())!;
  expect(nextBox.y + nextBox.height).toBeLessThanOrEqual(barBox.y);
  expect(barBox.height).toBeLessThan(90); // one line on a desktop
  await saveScreenshot(page, "selection-100", { fullPage: false });
  await nextPage.click();
  await expect(page.getByText("Page 3 of 3", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Select all 120 photos" }).click();
  await expect(page.getByText("120 photos selected")).toBeVisible();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, locale: "en-US" });

  test("starting a task pins its live progress in view, with the way to the task panel", async ({ page }) => {
    const username = await signUpFreshUser(page);
    // Who is signed in shows on a phone too, small, above "Log out".
    await expect(page.getByText(username, { exact: true })).toBeVisible();
    await saveScreenshot(page, "phone-empty-library", { fullPage: false });
    await uploadPhotos(page, photoPaths(THREE_PHOTOS));
    await page.getByRole("button", { name: "Dismiss" }).click();

    // The filters are folded away, so the photos come first.
    await expect(page.getByText(/^Filters · all photos at ≥ 50%$/)).toBeVisible();
    await expect(page.getByRole("group", { name: "Filter by object" })).toBeHidden();

    await page.getByRole("button", { name: "Select all on this page" }).click();
    await saveScreenshot(page, "phone-selection", { fullPage: false });
    await startDetection(page);

    const strip = page.getByRole("region", { name: "Started task" });
    await expect(strip).toBeInViewport();
    await expect(strip.getByRole("progressbar", { name: "Find objects progress" })).toBeVisible();
    await expect(strip.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100", { timeout: TASK_TIMEOUT });
    await expect(strip).toBeInViewport();
    await saveScreenshot(page, "phone-gallery", { fullPage: false });

    await strip.getByRole("button", { name: "Show tasks" }).click();
    await expect(page.getByRole("heading", { name: "Tasks" })).toBeInViewport();
    await expect(latestTask(page).getByText("succeeded", { exact: true })).toBeInViewport();
    await saveScreenshot(page, "phone-task-panel", { fullPage: false });

    await page.getByText(/^Filters/).click();
    await expect(page.getByRole("group", { name: "Filter by object" })).toBeVisible();

    // A day typed digit by digit on a phone's keyboard searches for it once it is whole.
    const from = page.getByRole("group", { name: "Date taken" }).getByLabel("Taken from");
    await typeDay(from, "03152019");
    await expect(page).toHaveURL(/[?&]taken_after=2019-03-15(&|$)/);
    await expect(from).toHaveValue("2019-03-15");
    await expect(photoCards(page)).toHaveCount(3); // uploaded today, so taken (counted) after that day
    await saveScreenshot(page, "phone-date-filter", { fullPage: false });

    await page.getByRole("link", { name: "Open grace_hopper.jpg" }).click();
    const photo = page.getByRole("dialog", { name: "grace_hopper.jpg" });
    await expect(photo.getByRole("img", { name: /^person, [\d.]+% confidence$/ }).first()).toBeVisible();
    await saveScreenshot(page, "phone-photo-view", { fullPage: false });
  });
});

test("one minimum confidence: cards' labels and the photo view follow the gallery's slider", async ({ page }) => {
  await signUpFreshUser(page);
  await uploadThreeAndDetect(page);
  const photos = await photosWithDetections(page);

  // The highest level (on the slider's 5 % steps) where something is still found but less than at 50 %.
  const levels = Array.from({ length: 9 }, (_, n) => (95 - 5 * n) / 100);
  const level = levels.find((candidate) =>
    photos.some(
      (photo) =>
        Object.keys(countsAt(photo.detections, candidate)).length > 0 &&
        chipTexts(countsAt(photo.detections, candidate)).join() !== chipTexts(countsAt(photo.detections, 0.5)).join(),
    ),
  );
  expect(level, "some detection between 50 % and 95 %").toBeDefined();
  const percent = `${Math.round(level! * 100)}%`;

  await page.getByRole("slider", { name: /^Min\. confidence/ }).fill(String(level));
  await expect(page).toHaveURL(new RegExp(`min_confidence=${level}`));
  await expect(page.getByText("3 photos", { exact: true })).toBeVisible();
  for (const photo of photos) {
    const card = photoCards(page).filter({ has: page.getByRole("button", { name: photo.filename, exact: true }) });
    const expected = chipTexts(countsAt(photo.detections, level!));
    if (expected.length === 0) {
      await expect(card.getByText(`Nothing found at ≥ ${percent}`)).toBeVisible();
      continue;
    }
    await expect
      .poll(async () =>
        (await card.getByRole("list", { name: "Objects found" }).getByRole("listitem").allTextContents())
          .map((text) => text.replace(/\s+/g, ""))
          .sort(),
      )
      .toEqual(expected);
  }
  await saveScreenshot(page, "gallery-min-confidence");

  // The photo view opens at the gallery's level, and its per-class counts follow its own slider.
  const busiest = photos.toSorted((a, b) => b.detections.length - a.detections.length)[0];
  await page.getByRole("link", { name: `Open ${busiest.filename}` }).click();
  const view = page.getByRole("dialog", { name: busiest.filename });
  const slider = view.getByRole("slider", { name: /minimum confidence/i });
  await expect(slider).toHaveValue(String(level));
  for (const minimum of [level!, 0.5]) {
    await slider.fill(String(minimum));
    const counts = countsAt(busiest.detections, minimum);
    for (const label of new Set(busiest.detections.map((detection) => detection.label))) {
      await expect(view.getByRole("checkbox", { name: `${label} (${counts[label] ?? 0})` })).toBeVisible();
    }
    const shown = Object.values(counts).reduce((sum, count) => sum + count, 0);
    await expect(view.getByRole("img", { name: /confidence$/ })).toHaveCount(shown);
  }
});

test("a task keeps what it found after another task runs on the same photos", async ({ page }) => {
  await signUpFreshUser(page);
  const first = await uploadThreeAndDetect(page);
  const before = await first.getByRole("list", { name: "Objects found" }).getByRole("listitem").allTextContents();
  expect(before).toContain("cat");

  await page.getByRole("button", { name: "Select all on this page" }).click();
  await startTask(page, "Find people");
  await expect(taskList(page)).toHaveCount(2);
  await waitForTaskToSucceed(latestTask(page), "Find people");
  await expect(latestTask(page).getByRole("list", { name: "Objects found" })).not.toContainText("cat");

  const old = taskList(page).nth(1);
  await expect(old.getByRole("heading", { name: "Find objects" })).toBeVisible();
  await page.reload(); // what the server says now, not what the page remembered
  await expect(old.getByRole("list", { name: "Objects found" }).getByRole("listitem")).toHaveText(before);
});

test("exporting the current search as CSV downloads the photos' detections", async ({ page }) => {
  await signUpFreshUser(page);
  await uploadThreeAndDetect(page);
  const photos = await photosWithDetections(page);

  await page
    .getByRole("group", { name: "Filter by object" })
    .getByRole("button", { name: /^person \d+ photos?$/ })
    .click();
  await expect(page.getByRole("heading", { name: "Photos with “person”" })).toBeVisible();
  await expect(photoCards(page)).toHaveCount(2);
  await expect(page.getByText(/\d+ photos? selected/)).toHaveCount(0); // nothing selected: the search is exported

  await page.getByRole("button", { name: "Export" }).click();
  const menu = page.getByRole("dialog", { name: "Export the 2 photos with “person”" });
  await menu.getByRole("radio", { name: /^CSV spreadsheet/ }).check();
  await saveScreenshot(page, "export-menu", { fullPage: false });
  const downloading = page.waitForEvent("download");
  await menu.getByRole("button", { name: "Download" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Preparing your export…" })).toBeVisible();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("spotter-csv.zip");

  const zip = unzipSync(readFileSync(await download.path()));
  expect(Object.keys(zip)).toEqual(["detections.csv", "text.csv", "faces.csv"]); // no text or faces: headers only
  expect(strFromU8(zip["text.csv"]).trim().split(/\r?\n/)).toHaveLength(1);
  const [header, ...rows] = strFromU8(zip["detections.csv"])
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(","));
  expect(header).toEqual([
    "image_id",
    "filename",
    "taken_at",
    "label",
    "confidence",
    "x_min",
    "y_min",
    "x_max",
    "y_max",
  ]);
  // The person photos only, each with its person, and with all it has at the gallery's 50 %, as the API says.
  expect(new Set(rows.map((row) => row[1]))).toEqual(new Set(["astronaut.png", "grace_hopper.jpg"]));
  for (const name of ["astronaut.png", "grace_hopper.jpg"]) {
    const photo = photos.find((candidate) => candidate.filename === name)!;
    const exported = rows.filter((row) => row[1] === name);
    expect(exported.map((row) => row[0])).toEqual(exported.map(() => photo.id));
    expect(exported.map((row) => row[3])).toContain("person");
    expect(exported.map((row) => row[3]).sort()).toEqual(
      photo.detections
        .filter((detection) => detection.confidence >= 0.5)
        .map((detection) => detection.label)
        .sort(),
    );
  }
});

test("uploading a photo the library already has says so, and stores nothing new", async ({ page }) => {
  await signUpFreshUser(page);
  await uploadPhotos(page, photoPaths(["chelsea.png"]));

  await page.getByLabel("Upload photos", { exact: true }).setInputFiles(photoPaths(["chelsea.png"]));

  const uploads = page.getByRole("region", { name: "Uploads" });
  await expect(uploads.getByRole("status")).toHaveText("0 of 1 uploaded · 1 already in your library");
  await expect(uploads.getByRole("listitem").filter({ hasText: "chelsea.png" })).toContainText(
    "Already in your library",
  );
  await expect(uploads.getByRole("alert")).toHaveCount(0);
  await expect(page.getByText("1 photo", { exact: true })).toBeVisible();
  await expect(photoCards(page)).toHaveCount(1);

  await uploads.getByRole("link", { name: "Show chelsea.png in your library" }).click();
  await expect(page.getByRole("dialog", { name: "chelsea.png" })).toBeVisible();
});

test.describe("typing a date", () => {
  test.use({ locale: "en-US" }); // month, day, year: the order "03152019" is typed in

  test("a day typed digit by digit into the date filter searches for that day", async ({ page }) => {
    await signUpFreshUser(page);
    await uploadPhotos(page, photoPaths(THREE_PHOTOS));
    await page.getByRole("button", { name: "Dismiss" }).click();
    const dates = page.getByRole("group", { name: "Date taken" });

    // On the way to 2019 the field holds years 2, 20 and 201: none is searched for, and none is lost.
    await typeDay(dates.getByLabel("Taken to"), "03152019");
    await expect(page).toHaveURL(/[?&]taken_before=2019-03-15(&|$)/);
    await expect(dates.getByLabel("Taken to")).toHaveValue("2019-03-15");
    await expect(page.getByText(/^No photos taken until /)).toBeVisible(); // uploaded today: none by then
    await expect(photoCards(page)).toHaveCount(0);

    await dates.getByRole("button", { name: "Clear dates" }).click();
    await expect(photoCards(page)).toHaveCount(3);
    await typeDay(dates.getByLabel("Taken from"), "03152019");
    await expect(page).toHaveURL(/[?&]taken_after=2019-03-15(&|$)/);
    await expect(page.getByText(/^· taken from /)).toBeVisible();
    await expect(photoCards(page)).toHaveCount(3);
    await saveScreenshot(page, "date-filter");
  });
});

test("a keyboard user skips to the photos, reaches Run in a few Tabs, and Tab stays in the photo view", async ({
  page,
}) => {
  await signUpFreshUser(page);
  await uploadPhotos(page, manyPhotoPaths("small"));
  await page.reload(); // a page just loaded, as a keyboard user starts from
  await expect(photoCards(page)).toHaveCount(50);
  const focused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

  // From the top of the page: the skip link, the gallery's controls, then the bar of the photos selected.
  let tabs = 0;
  const tab = async () => {
    await page.keyboard.press("Tab");
    tabs += 1;
  };
  await tab();
  await expect(page.getByRole("link", { name: "Skip to photos" })).toBeFocused();
  await saveScreenshot(page, "keyboard-skip-link", { fullPage: false });
  await page.keyboard.press("Enter");
  await tab();
  await expect(page.getByRole("button", { name: "Select all on this page" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByText("50 photos selected")).toBeVisible();
  const run = page
    .getByRole("form", { name: "Run a task on the selected photos" })
    .getByRole("button", { name: / \d+ photos?$/ });
  while (tabs < 10 && !(await focused(run))) await tab();
  await expect(run).toBeFocused();
  expect(tabs).toBeLessThan(10);
  await saveScreenshot(page, "keyboard-run", { fullPage: false });

  // A photo far down the page, opened from the keyboard: a whole round of Tab stays inside the view.
  const open = photoCards(page).nth(44).getByRole("link");
  await open.focus();
  await page.keyboard.press("Enter");
  const close = page.getByRole("dialog").getByRole("button", { name: "Close" });
  await expect(close).toBeFocused();
  let stops = 0;
  do {
    await page.keyboard.press("Tab");
    stops += 1;
    const inside = await page.evaluate(() => document.activeElement?.closest('[role="dialog"]') != null);
    expect(inside, `the focus after Tab ${stops}`).toBe(true);
  } while (!(await focused(close)) && stops < 40);
  expect(stops).toBeGreaterThan(1);
  await expect(close).toBeFocused(); // round to where it started
  await page.keyboard.press("Shift+Tab");
  expect(await page.evaluate(() => document.activeElement?.closest('[role="dialog"]') != null)).toBe(true);
  await saveScreenshot(page, "photo-view-keyboard", { fullPage: false });

  // Closed, it gives the focus back to the card that opened it, in view again.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(open).toBeFocused();
  await expect(open).toBeInViewport();
});
