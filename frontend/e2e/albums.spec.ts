import { expect, test } from "@playwright/test";
import { manyPhotoPaths, photoCards, saveScreenshot, signUpFreshUser, uploadPhotos } from "./helpers";

test("selected photos go into a new album, which is opened, renamed, and a search is kept as a live album", async ({
  page,
}) => {
  await signUpFreshUser(page);
  await uploadPhotos(page, manyPhotoPaths().slice(0, 4));

  await photoCards(page).nth(0).getByRole("button").first().click();
  await photoCards(page).nth(1).getByRole("button").first().click();
  await page.getByRole("button", { name: "Add to album" }).click();
  await page.getByRole("button", { name: "New album…" }).click();
  await page.getByLabel("Title").fill("Holidays");
  await page.getByRole("button", { name: "Create album" }).click();
  await expect(page.getByText("Added 2 photos to Holidays")).toBeVisible();

  await page.getByRole("link", { name: "Albums" }).click();
  await expect(page).toHaveTitle("Albums — Spotter");
  const holidays = page.getByRole("listitem", { name: "Holidays" });
  await expect(holidays.getByText("2 photos")).toBeVisible();
  await saveScreenshot(page, "albums");

  await holidays.getByRole("link", { name: "Holidays" }).click();
  await expect(page.getByRole("heading", { name: "Album: Holidays" })).toBeVisible();
  await expect(photoCards(page)).toHaveCount(2);

  await page.getByRole("button", { name: "Edit album" }).click();
  await page.getByLabel("Title").fill("Summer holidays");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: "Album: Summer holidays" })).toBeVisible();

  // photo-00 and photo-03 are one picture at two sizes: duplicates of each other.
  await page.goto("/?q=is%3Aduplicate");
  await expect(photoCards(page)).toHaveCount(2);
  await page.getByRole("button", { name: "Save as album" }).click();
  await page.getByLabel("Title").fill("Copies");
  await page.getByRole("button", { name: "Save as album" }).click();
  await page.getByRole("link", { name: "Open Copies" }).click();
  await expect(page.getByRole("heading", { name: "Album: Copies" })).toBeVisible();
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  await expect(photoCards(page)).toHaveCount(2);
});
