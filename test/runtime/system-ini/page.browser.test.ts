import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSystemIni } from "../../../genpack/system-ini/check-system-ini.js";
import { readSystemIni } from "../../../genpack/system-ini/read-system-ini.js";
import { systemIniPage } from "../../../runtime/system-ini/page.js";
import { ROOT } from "../../helpers/gp.js";
import { skipFor } from "../../helpers/skip.js";
import { suiteDirectory } from "../../helpers/temp.js";
import { GREETER_SCHEMA } from "./form-schema.js";

const CHROMIUM = "/usr/bin/chromium";
const missing = existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
if (missing !== undefined && process.env["CI"] === "true") throw new Error(`the system.ini form's browser test needs Chromium on CI: ${missing}`);

/** A system.ini as a person writes it: comments, blank lines, CRLF line endings, a misspelled key. */
const ORIGINAL = ["# Greeter settings, edited by hand", "hostname = greeter-1", "", "[greeter]", "; what it says", "gretting = good morning", "repeat = 3", ""].join("\r\n");

/** Where the screenshots go: a folder the test prints, and test-artifacts/ when GP_TEST_ARTIFACTS names it. */
function keepArtifact(name: string, bytes: Buffer): void {
  const folder = mkdtempSync(join(tmpdir(), "gp-form-artifacts-"));
  writeFileSync(join(folder, name), bytes);
  console.log(`system.ini form: ${join(folder, name)}`);
  const shared = process.env["GP_TEST_ARTIFACTS"];
  if (shared !== undefined && shared !== "") {
    const target = resolve(ROOT, shared, "system-ini-form");
    mkdirSync(target, { recursive: true });
    cpSync(join(folder, name), join(target, name));
  }
}

describe("system-ini.html in headless Chromium", skipFor(missing), () => {
  let context: BrowserContext;
  let page: Page;
  let pageUrl: string;
  const strayRequests: string[] = [];

  beforeAll(async () => {
    const folder = suiteDirectory("gp-form-");
    const file = join(folder, "system-ini.html");
    writeFileSync(file, systemIniPage(GREETER_SCHEMA));
    pageUrl = pathToFileURL(file).href;
    context = await chromium.launchPersistentContext(join(folder, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      acceptDownloads: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
    // Every request but the page itself is refused and remembered; so is every request at all that routing does not see.
    await context.route("**/*", (route) => {
      if (route.request().url() === pageUrl) return route.continue();
      strayRequests.push(route.request().url());
      return route.abort();
    });
    context.on("request", (request) => {
      if (request.url() !== pageUrl && !request.url().startsWith("blob:")) strayRequests.push(request.url());
    });
    // The download path is what every browser has; Chromium's save picker would wait for a person.
    await context.addInitScript(() => {
      delete (globalThis as { showSaveFilePicker?: unknown }).showSaveFilePicker;
    });
    page = context.pages()[0] ?? (await context.newPage());
  }, 30_000);

  afterAll(async () => {
    await context?.close();
  });

  it("opens a system.ini, offers the fix of a misspelled key, flags a value out of range, and saves the file with its comments, order and line endings", async () => {
    const pageErrors: string[] = [];
    page.on("pageerror", (problem) => pageErrors.push(problem.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    await page.goto(pageUrl);
    await page.setInputFiles("#gp-open", { name: "system.ini", mimeType: "text/plain", buffer: Buffer.from(ORIGINAL) });

    // The misspelled key is flagged at its place, with the checker's fix as a button.
    const misspelled = page.locator("#gp-findings li", { hasText: "system.ini:6:1" });
    await expect.poll(() => misspelled.count()).toBe(1);
    await expect.poll(() => page.inputValue("#gp-setting-1-2")).toBe("3");
    const fix = misspelled.getByRole("button").last();
    expect(await fix.textContent()).toContain("greeting");
    await fix.click();
    await expect.poll(() => page.locator("#gp-findings li").count()).toBe(0);
    expect(await page.inputValue("#gp-setting-1-0")).toBe("good morning");

    // A value out of range, typed in the form, is an error at its line, on the field and in the list.
    await page.fill("#gp-setting-1-2", "99");
    const outOfRange = page.locator("#gp-findings li", { hasText: "system.ini:7:" });
    await expect.poll(() => outOfRange.count()).toBe(1);
    expect(await outOfRange.locator(".error").count()).toBe(1);
    expect(await page.getAttribute("#gp-setting-1-2", "aria-invalid")).toBe("true");
    expect(await page.inputValue("#gp-raw")).toContain("repeat = 99");
    keepArtifact("out-of-range.png", await page.screenshot({ fullPage: true }));

    // Corrected, and a bool set that the file did not have: it joins its section.
    await page.fill("#gp-setting-1-2", "5");
    await page.selectOption("#gp-setting-1-1", "yes");
    await expect.poll(() => page.locator("#gp-findings li").count()).toBe(0);
    expect(await page.getAttribute("#gp-setting-1-2", "aria-invalid")).toBeNull();
    keepArtifact("clean.png", await page.screenshot({ fullPage: true }));

    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#gp-save")]);
    const saved = readFileSync(await download.path());
    const expected = ORIGINAL.replace("gretting = good morning", "greeting = good morning").replace("repeat = 3\r\n", "repeat = 5\r\nloud = yes\r\n");
    expect(saved.toString("utf8")).toBe(expected);
    expect(download.suggestedFilename()).toBe("system.ini");
    expect(checkSystemIni({ parsed: readSystemIni(new Uint8Array(saved)), schema: GREETER_SCHEMA, file: "system.ini" })).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(strayRequests).toEqual([]);
  }, 20_000);
});
