import { expect, test, type Page } from "@playwright/test";
import { latestTask, photoCards, saveScreenshot, signUpFreshUser, startTask } from "./helpers";

// Reading runs on CPU, and the worker may need to load the reader first.
const TASK_TIMEOUT = 120_000;
const READ = "Read text";
const FILENAME = "bakery-sign.png";

test.describe.configure({ timeout: 300_000 });

/** A photo of a sign, drawn in the page: two lines of large black text on white, as a PNG. */
async function signPhoto(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = 1200;
    canvas.height = 800;
    const context = canvas.getContext("2d")!;
    context.fillStyle = "#fff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.fillStyle = "#000";
    context.font = "bold 60px sans-serif";
    context.fillText("Lisboa Bakery", 120, 280);
    context.fillText("Wi-Fi password sunflower", 120, 520);
    return canvas.toDataURL("image/png");
  });
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(",") + 1), "base64");
}

test("text read in a photo is found by a search, shown on its card, and outlined in the photo", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUpFreshUser(page);
  await page
    .getByLabel("Upload photos", { exact: true })
    .setInputFiles({ name: FILENAME, mimeType: "image/png", buffer: await signPhoto(page) });
  await expect(page.getByText("1 of 1 uploaded")).toBeVisible({ timeout: 120_000 });
  await page.getByRole("button", { name: "Dismiss" }).click(); // the finished upload

  await page.getByRole("button", { name: FILENAME, exact: true }).click();
  await expect(page.getByText("1 photo selected")).toBeVisible();
  // Reading finds no objects: none of the options of finding them.
  await page.getByLabel("Task", { exact: true }).selectOption({ label: READ });
  const bar = page.getByRole("form", { name: "Run a task on the selected photos" });
  await expect(bar.getByLabel("Min. confidence")).toHaveCount(0);
  await startTask(page, READ);
  const task = latestTask(page);
  await expect(task.getByRole("progressbar", { name: `${READ} progress` })).toHaveAttribute("aria-valuenow", "100", {
    timeout: TASK_TIMEOUT,
  });
  await expect(task.getByText("succeeded", { exact: true })).toBeVisible();
  await expect(task.getByText("Text in 1 photo", { exact: true })).toBeVisible();

  const box = page.getByRole("combobox", { name: "Search photos" });
  await box.fill("text:sunflower");
  await box.press("Enter");
  await expect(page.getByRole("heading", { name: "Photos matching “text:sunflower”" })).toBeVisible();
  await expect(photoCards(page)).toHaveCount(1);
  const card = photoCards(page).first();
  await expect(card.getByRole("img", { name: "Has text" })).toBeVisible();
  await expect(card.locator("p").filter({ hasText: /^Matched:/ })).toContainText(/text:sunflower: “[^”]*sunflower”/i);

  await page.getByRole("link", { name: `Open ${FILENAME}` }).click();
  const photo = page.getByRole("dialog", { name: FILENAME });
  const lines = photo.getByRole("list", { name: "Text" }).getByRole("listitem");
  await expect(lines).toHaveCount(2);
  await expect(lines.first()).toHaveText(/lisboa bakery/i);
  // The line the search matched is outlined on the photo from the start.
  const matched = lines.filter({ hasText: "(matches the search)" });
  await expect(matched).toHaveText(/sunflower/i);
  await expect(matched).toHaveAttribute("data-highlighted");
  await expect(photo.getByTestId("text-box")).toHaveCount(1);
  await saveScreenshot(page, "text");

  // Pointing at another line outlines that one instead.
  await lines.first().hover();
  await expect(lines.first()).toHaveAttribute("data-highlighted");
  await expect(matched).not.toHaveAttribute("data-highlighted");
  await expect(photo.getByTestId("text-box")).toHaveCount(1);

  await photo.getByRole("button", { name: "Copy text" }).click();
  await expect(photo.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/^Lisboa Bakery\n.*sunflower$/i);
  await page.keyboard.press("Escape");
  await expect(photo).toBeHidden();

  // A word that is no object or tag is looked for in the text.
  await box.fill("lisboa");
  await box.press("Enter");
  await expect(page.getByRole("heading", { name: "Photos matching “lisboa”" })).toBeVisible();
  await expect(
    photoCards(page)
      .first()
      .locator("p")
      .filter({ hasText: /^Matched:/ }),
  ).toContainText(/lisboa: “lisboa bakery”/i);
});
