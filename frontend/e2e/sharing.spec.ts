import { expect, test, type Page } from "@playwright/test";
import { manyPhotoPaths, photoCards, saveScreenshot, signUpFreshUser, uploadPhotos } from "./helpers";

/** Selects the first `count` photos of the gallery and puts them in a new album, which it opens. */
async function makeAlbum(page: Page, title: string, count: number) {
  for (let index = 0; index < count; index += 1) await photoCards(page).nth(index).getByRole("button").first().click();
  await page.getByRole("button", { name: "Add to album" }).click();
  await page.getByRole("button", { name: "New album…" }).click();
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: "Create album" }).click();
  await page.getByRole("link", { name: `Open ${title}` }).click();
  await expect(page.getByRole("heading", { name: `Album: ${title}` })).toBeVisible();
}

test("an album shared by link opens in a fresh browser without an account, until the link is revoked", async ({
  page,
  context,
  browser,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUpFreshUser(page);
  await uploadPhotos(page, manyPhotoPaths().slice(0, 2));
  await makeAlbum(page, "Picnic", 2);

  await page.getByRole("button", { name: "Share" }).click();
  const share = page.getByRole("dialog", { name: "Share “Picnic”" });
  await expect(share.getByText("No links yet.")).toBeVisible();
  await share.getByLabel("Allow downloading originals").check();
  await share.getByRole("button", { name: "Create link" }).click();
  const link = share.getByRole("listitem", { name: "Link 1" });
  await expect(link.getByText("Never expires · Originals can be downloaded")).toBeVisible();
  await link.getByRole("button", { name: "Copy link" }).click();
  await expect(link.getByRole("button", { name: "Copied" })).toBeVisible();
  const url = await page.evaluate(() => navigator.clipboard.readText());
  expect(url).toBe(await link.getByLabel("Link 1").inputValue());
  expect(url).toMatch(/\/shared\/[\w-]{22,}$/);
  await saveScreenshot(page, "share-dialog", { fullPage: false });

  // Someone else, with no account and no cookie, on a phone.
  const visitor = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
  const guest = await visitor.newPage();
  const asked: string[] = [];
  guest.on("request", (request) => asked.push(new URL(request.url()).pathname));
  await guest.goto(url);
  await expect(guest.getByRole("heading", { name: "Picnic", level: 1 })).toBeVisible();
  await expect(guest.getByText("2 photos", { exact: true })).toBeVisible();
  const thumbnails = guest.getByRole("list", { name: "Photos" }).getByRole("listitem");
  await expect(thumbnails).toHaveCount(2);
  await expect(thumbnails.first().locator("img")).toHaveJSProperty("complete", true);
  expect(
    await thumbnails
      .first()
      .locator("img")
      .evaluate((img: HTMLImageElement) => img.naturalWidth),
  ).toBeGreaterThan(0);
  expect(await guest.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await saveScreenshot(guest, "shared-album-phone");

  await guest.getByRole("link", { name: "Open Photo 1 of 2" }).click();
  const photo = guest.getByRole("dialog", { name: "Photo 1 of 2" });
  const preview = photo.getByRole("img", { name: "Photo 1 of 2" });
  await expect(preview).toHaveJSProperty("complete", true);
  expect(await preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(photo.getByRole("link", { name: "Download" })).toBeVisible();
  await photo.getByRole("button", { name: "Next photo" }).click();
  await expect(guest.getByRole("img", { name: "Photo 2 of 2" })).toHaveJSProperty("complete", true);
  await saveScreenshot(guest, "shared-photo-phone", { fullPage: false });
  await guest.keyboard.press("Escape");
  await expect(guest.getByRole("dialog")).toHaveCount(0);
  // Nothing of an account was asked for: no login, no session.
  expect(asked.filter((path) => path.startsWith("/api/") && !path.startsWith("/api/shared/"))).toEqual([]);

  await link.getByRole("button", { name: "Revoke" }).click();
  await link.getByRole("button", { name: "Yes, revoke it" }).click();
  await expect(share.getByText("No links yet.")).toBeVisible();

  await guest.reload();
  await expect(guest.getByRole("heading", { name: "This link doesn’t work any more" })).toBeVisible();
  await expect(guest.getByRole("list", { name: "Photos" })).toHaveCount(0);
  await visitor.close();
});

test("an album shared with another account as viewer is on their Albums page, marked shared, and takes no photos", async ({
  page,
  browser,
  baseURL,
}) => {
  const otherContext = await browser.newContext({ baseURL });
  const other = await otherContext.newPage();
  const viewer = await signUpFreshUser(other);
  await uploadPhotos(other, manyPhotoPaths().slice(2, 3));

  const owner = await signUpFreshUser(page);
  await uploadPhotos(page, manyPhotoPaths().slice(0, 1));
  await makeAlbum(page, "Garden", 1);
  await page.getByRole("button", { name: "Share" }).click();
  const share = page.getByRole("dialog", { name: "Share “Garden”" });
  await share.getByLabel("Username").fill("nobody-has-this-name");
  await share.getByRole("button", { name: "Invite" }).click();
  await expect(share.getByRole("alert")).toHaveText(
    "Nobody is called “nobody-has-this-name” here. Check the username.",
  );
  await share.getByLabel("Username").fill(viewer);
  await share.getByLabel("Role", { exact: true }).selectOption("viewer");
  await share.getByRole("button", { name: "Invite" }).click();
  await expect(share.getByText(`Shared with ${viewer} as a viewer.`)).toBeVisible();
  await expect(share.getByRole("list", { name: "Members" }).getByRole("listitem", { name: viewer })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(share).toHaveCount(0);

  await other.goto("/albums");
  const garden = other.getByRole("listitem", { name: "Garden" });
  await expect(garden.getByText(`Shared by ${owner}`)).toBeVisible();
  await expect(garden.getByText("Viewer", { exact: true })).toBeVisible();
  await expect(garden.getByRole("button", { name: "Leave album" })).toBeVisible();
  await saveScreenshot(other, "albums-shared-with-me");

  await garden.getByRole("link", { name: "Garden" }).click();
  await expect(other.getByRole("heading", { name: "Album: Garden" })).toBeVisible();
  await expect(photoCards(other)).toHaveCount(1);
  for (const ownersOnly of ["Edit album", "Share", "Delete album"])
    await expect(other.getByRole("button", { name: ownersOnly })).toHaveCount(0);
  await photoCards(other).first().getByRole("button").first().click();
  await expect(other.getByText("1 photo selected")).toBeVisible();
  await expect(other.getByRole("button", { name: "Add to album" })).toHaveCount(0);
  await expect(other.getByRole("button", { name: "Remove from album" })).toHaveCount(0);
  await expect(other.getByText("This photo is someone else’s: tasks run on your own photos only.")).toBeVisible();

  // Their own photo cannot go into the album either: it is not among those offered.
  await other.goto("/");
  await photoCards(other).first().getByRole("button").first().click();
  await other.getByRole("button", { name: "Add to album" }).click();
  const menu = other.getByRole("dialog", { name: "Add 1 photo to an album" });
  await expect(menu.getByRole("button", { name: "New album…" })).toBeVisible();
  await expect(menu.getByRole("status")).toHaveCount(0);
  await expect(menu.getByRole("button", { name: /^Garden/ })).toHaveCount(0);
  await otherContext.close();
});
