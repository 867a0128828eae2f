import { expect, test } from "@playwright/test";
import {
  latestTask,
  photoCards,
  photoPaths,
  saveScreenshot,
  signUpFreshUser,
  startTask,
  uploadPhotos,
} from "./helpers";

// Faces are found and told apart on the CPU, and the worker may need to load both models first.
const TASK_TIMEOUT = 120_000;
const FIND_FACES = "Find people's faces";

test.describe.configure({ timeout: 300_000 });

test("finding faces, naming a person, and finding her photo by her name", async ({ page }) => {
  await signUpFreshUser(page);
  await uploadPhotos(page, photoPaths(["astronaut.png", "grace_hopper.jpg"]));
  await page.getByRole("button", { name: "Dismiss" }).click(); // the finished uploads

  // Before any faces are found, People says how to find them.
  await page.getByRole("link", { name: "People" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "People" })).toBeVisible();
  await expect(page.getByText(/run “Find people’s faces”/)).toBeVisible();
  await page.getByRole("link", { name: "All photos" }).click();

  await page.getByRole("button", { name: "Select all on this page" }).click();
  await startTask(page, FIND_FACES);
  const task = latestTask(page);
  await expect(task.getByRole("progressbar", { name: `${FIND_FACES} progress` })).toHaveAttribute(
    "aria-valuenow",
    "100",
    { timeout: TASK_TIMEOUT },
  );
  await expect(task.getByText("succeeded", { exact: true })).toBeVisible();

  // Two portraits, two people, both still to name.
  await page.getByRole("link", { name: "People" }).click();
  const people = page.getByRole("list", { name: "People" }).getByRole("listitem");
  await expect(people).toHaveCount(2);
  await expect(page.getByText("2 people found")).toBeVisible();
  // Each shows the face found, cut out of the photo.
  const faceLoaded = (index: number) =>
    people
      .nth(index)
      .locator("img")
      .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
  await expect.poll(() => faceLoaded(0)).toBe(true);
  await expect.poll(() => faceLoaded(1)).toBe(true);
  await saveScreenshot(page, "people");

  // Which one is Grace Hopper: the person whose photo is grace_hopper.jpg.
  const theirPhoto = page.getByRole("list", { name: "Photos" }).getByRole("img");
  for (const index of [0, 1]) {
    await people.nth(index).getByRole("link", { name: "Unnamed" }).click();
    await expect(theirPhoto).toHaveCount(1);
    if ((await theirPhoto.getAttribute("alt")) === "grace_hopper.jpg") break;
    await page.getByRole("link", { name: "People", exact: true }).click();
  }
  await expect(theirPhoto).toHaveAttribute("alt", "grace_hopper.jpg");
  await page.getByRole("combobox", { name: "Who is this?" }).fill("Grace Hopper");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Grace Hopper" })).toBeVisible();
  await expect(page).toHaveTitle("Grace Hopper — Spotter");
  await saveScreenshot(page, "person");

  // People lists her by name; the other is still to name.
  await page.getByRole("link", { name: "People", exact: true }).click();
  await expect(page.getByRole("listitem", { name: "Grace Hopper" })).toBeVisible();
  await page.getByRole("radio", { name: "To name" }).check();
  await expect(page.getByText("1 person to name")).toBeVisible();

  // Her name is a search term: exactly her photo.
  await page.getByRole("link", { name: "All photos" }).click();
  const box = page.getByRole("combobox", { name: "Search photos" });
  await box.fill('"Grace Hopper"');
  await box.press("Escape"); // closes any suggestions, keeps the text
  await box.press("Enter");
  await expect(page.getByRole("heading", { name: 'Photos matching "Grace Hopper"' })).toBeVisible();
  await expect(photoCards(page)).toHaveCount(1);
  await expect(page.getByRole("button", { name: "grace_hopper.jpg", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "astronaut.png", exact: true })).toHaveCount(0);

  // The photo view draws her face, named.
  await page.getByRole("link", { name: "Open grace_hopper.jpg" }).click();
  const photo = page.getByRole("dialog", { name: "grace_hopper.jpg" });
  const face = photo.getByRole("button", { name: "Face: Grace Hopper" });
  await expect(face).toBeVisible();
  await expect(face).toHaveText("Grace Hopper");
  await saveScreenshot(page, "photo-faces", { fullPage: false });
});
