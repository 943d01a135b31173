// Drives `archc serve` on a shipped example in headless Chromium: the page loads, an edit in
// the page changes the diagram and the review, a click on a finding highlights its elements,
// an error keeps the last good diagram and shows the diagnostic, a save from the page writes
// the file, and a save from another editor reaches the page. A click on a finding or a
// diagnostic puts the editor's cursor where it is about. Leaves a screenshot beside the
// build (`target/preview/*.png`) for a person to look at.
//
// Environment: ARCHC (the archc binary; default ../../target/debug/archc), CHROMIUM (default
// /usr/bin/chromium), ARCHC_EXAMPLE (default ../../examples/0-simple_web_stack.arch).

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const archc = process.env.ARCHC ?? path.join(root, "target/debug/archc");
const example = process.env.ARCHC_EXAMPLE ?? path.join(root, "examples/0-simple_web_stack.arch");
const shots = path.join(root, "target/preview");
fs.mkdirSync(shots, { recursive: true });

const work = fs.mkdtempSync(path.join(os.tmpdir(), "archc-preview-"));
const file = path.join(work, path.basename(example));
fs.copyFileSync(example, file);
const original = fs.readFileSync(file, "utf8");

const server = spawn(archc, ["serve", file], { stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (chunk) => {
    out += chunk;
    const line = out.split("\n").find((l) => l.startsWith("http://127.0.0.1:"));
    if (line) resolve(line.trim());
  });
  server.on("exit", (code) => reject(new Error(`archc serve exited with ${code}`)));
});

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "archc-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
  viewport: { width: 1400, height: 900 },
});

let failed = false;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(url);
  await page.waitForSelector('#diagram svg [data-id="nginx"]');
  assert.equal(await page.inputValue("#editor"), original);
  const findingsBefore = await page.locator("#findings li").allTextContents();
  assert.ok(findingsBefore.length > 0, "the example has findings");
  await page.screenshot({ path: path.join(shots, "1-loaded.png") });

  // An edit in the page: a cache and a link to it, in the diagram and the review.
  await page.locator("#editor").press("Control+End");
  await page.locator("#editor").pressSequentially("\ncache redis \"Redis\"\napp -> redis : tcp\n");
  await page.waitForSelector('#diagram svg [data-id="redis"]');
  // (Polled from here: the page's CSP forbids the evaluated strings of waitForFunction.)
  let findingsAfter = findingsBefore;
  for (let i = 0; i < 100 && findingsAfter.join("\n") === findingsBefore.join("\n"); i++) {
    await page.waitForTimeout(50);
    findingsAfter = await page.locator("#findings li").allTextContents();
  }
  assert.ok(findingsAfter.some((f) => f.includes("redis")), findingsAfter.join("\n"));
  assert.equal(fs.readFileSync(file, "utf8"), original, "typing does not write the file");

  // A click on a finding highlights its elements.
  const finding = page.locator("#findings li", { hasText: "redis" }).first();
  await finding.click();
  await page.waitForSelector('#diagram [data-id="redis"].archc-highlight');
  // ... and puts the editor's cursor where the design states the element it is about.
  const cursorLine = async () => {
    const [at, value] = await page.$eval("#editor", (e) => [e.selectionStart, e.value]);
    const end = value.indexOf("\n", at);
    return value.slice(value.lastIndexOf("\n", at - 1) + 1, end < 0 ? value.length : end);
  };
  assert.match(await cursorLine(), /^cache redis/, "the cursor is on the finding's element");
  await page.screenshot({ path: path.join(shots, "2-highlight.png") });

  // An error: the diagnostic is shown and the last good diagram stays.
  await page.locator("#editor").press("Control+End");
  await page.locator("#editor").pressSequentially("web_server {\n");
  await page.waitForSelector("#diagnostics:not([hidden])");
  const diagnostics = await page.textContent("#diagnostics");
  assert.match(diagnostics, /error/);
  assert.match(diagnostics, /\.arch:\d+:\d+/, "the diagnostic names file:line:column");
  assert.equal(await page.locator('#diagram svg [data-id="redis"]').count(), 1, "the last good diagram is kept");
  assert.match(await page.textContent("#status"), /invalid/);
  // A click on the diagnostic selects the place it names.
  await page.locator("#editor").press("Control+Home");
  await page.locator("#diagnostics .diag").first().click();
  assert.match(await cursorLine(), /web_server \{/, "the cursor is at the diagnostic's place");
  await page.screenshot({ path: path.join(shots, "3-error.png") });

  // Fix it and save from the page: the file is written.
  const text = (await page.inputValue("#editor")).replace("web_server {\n", "");
  await page.fill("#editor", text);
  await page.waitForSelector("#diagnostics", { state: "hidden" });
  await page.click("#save");
  await page.locator("#status", { hasText: /^saved$/ }).waitFor();
  assert.equal(fs.readFileSync(file, "utf8"), text);

  // A save from another editor reaches the page.
  const started = Date.now();
  fs.writeFileSync(file, text + "monitoring mon \"Monitoring\"\nmon ~> app\n");
  await page.waitForSelector('#diagram svg [data-id="mon"]', { timeout: 5000 });
  console.log(`a save from another editor reached the page in ${Date.now() - started} ms`);
  assert.match(await page.inputValue("#editor"), /monitoring mon/);
  await page.screenshot({ path: path.join(shots, "4-external-save.png"), fullPage: true });

  // The page fetched nothing but its own server.
  const foreign = requests.filter((r) => !r.startsWith(url));
  assert.deepEqual(foreign, [], "requests outside the preview server");
  console.log(`preview test passed; screenshots in ${shots}`);
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  await context.close();
  server.kill();
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
