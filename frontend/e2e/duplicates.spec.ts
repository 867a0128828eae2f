import { expect, test } from "@playwright/test";
import { manyPhotoPaths, saveScreenshot, signUpFreshUser, uploadPhotos } from "./helpers";

test("the same photos at other sizes are shown as groups, the largest suggested to keep", async ({ page }) => {
  await signUpFreshUser(page);
  // photo-00 and photo-03 are one picture at two sizes, and so on: three pictures, each twice.
  await uploadPhotos(page, manyPhotoPaths().slice(0, 6));

  await page.getByRole("link", { name: "Duplicates" }).click();
  await expect(page).toHaveTitle("Duplicates — Spotter");
  await expect(page.getByText("3 groups", { exact: true })).toBeVisible();
  const groups = page.getByRole("list", { name: "Groups" }).locator(":scope > li");
  await expect(groups).toHaveCount(3);
  const first = groups.first();
  await expect(first.getByText("Suggested to keep")).toHaveCount(1);
  await expect(first.getByText(/^the largest \(\d+x\d+\)$/)).toBeVisible();
  await expect(first.getByText(/^smaller \(\d+x\d+\)$/)).toBeVisible();
  await saveScreenshot(page, "duplicates");

  await page.getByRole("link", { name: "Bursts" }).click();
  await expect(page).toHaveURL(/[?&]kind=burst/);
  await expect(page.getByText("No bursts found.")).toBeVisible(); // photos without a time taken are no burst
});

test("keeping the best of a group moves the other to the trash, from where it can be restored", async ({ page }) => {
  await signUpFreshUser(page);
  await uploadPhotos(page, manyPhotoPaths().slice(0, 6));

  await page.getByRole("link", { name: "Duplicates" }).click();
  await expect(page.getByText("3 groups", { exact: true })).toBeVisible();
  const first = page.getByRole("list", { name: "Groups" }).locator(":scope > li").first();
  const copyLabel = await first.getByRole("checkbox", { checked: false }).getAttribute("aria-label");
  const copyName = copyLabel?.replace(/^Keep /, "") ?? "";
  expect(copyName).toMatch(/^photo-\d+\.jpg$/);

  await first.getByRole("button", { name: "Keep best" }).click();

  await expect(page.getByText(/^Kept photo-\d+\.jpg; 1 photo moved to the trash\./)).toBeVisible();
  await expect(page.getByText("2 groups", { exact: true })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: `Keep ${copyName}` })).toHaveCount(0);

  await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Trash", exact: true }).click();
  await expect(page).toHaveTitle("Trash — Spotter");
  await expect(page.getByText("1 photo in the trash", { exact: true })).toBeVisible();
  const trashed = page.getByRole("listitem", { name: copyName });
  await expect(trashed.getByText(/^a copy of photo-\d+\.jpg, which was kept$/)).toBeVisible();
  await expect(trashed.getByText(/^Deleted for good on /)).toBeVisible();
  await saveScreenshot(page, "trash");

  await trashed.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByText(`${copyName} is back in the library.`)).toBeVisible();
  await expect(page.getByText("The trash is empty.")).toBeVisible();

  await page.getByRole("link", { name: "Duplicates" }).click();
  await expect(page.getByText("3 groups", { exact: true })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: `Keep ${copyName}` })).toBeVisible();
});
