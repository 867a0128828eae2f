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
