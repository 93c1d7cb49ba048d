// A chief executive answers through the private link in headless Chromium: answers save as they
// are given (no button), survive a reload, and are sent in; the form is checked with axe-core.
// Usage: node survey_e2e.mjs LINK_URL
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const [url] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run"] });
const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
let ok = true;
const step = (name, pass, extra = {}) => { ok &&= pass; console.log(JSON.stringify({ step: name, pass, ...extra })); };
try {
  await page.goto(url);
  await page.evaluate(axeSource);  // not a script tag: the site's CSP forbids inline scripts
  const v = await page.evaluate(async () => (await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })).violations.map((x) => x.id));
  step("axe answer form (phone)", v.length === 0, { violations: v });
  const saved = page.waitForResponse((r) => r.request().method() === "POST");
  await page.getByRole("group", { name: "Legevakt" }).getByLabel("Ja").check();
  await saved;
  const saved2 = page.waitForResponse((r) => r.request().method() === "POST");
  await page.getByLabel("Økonomi og ressursbruk").selectOption("4");
  await saved2;
  step("autosave reported", (await page.locator("#lagret").textContent()).startsWith("Lagret"));
  await page.reload();
  step("answers survive a reload", await page.getByRole("group", { name: "Legevakt" }).getByLabel("Ja").isChecked()
       && (await page.getByLabel("Økonomi og ressursbruk").inputValue()) === "4");
  await page.getByRole("group", { name: "Renovasjon" }).getByLabel("Nei").check();
  await page.getByRole("button", { name: "Send inn" }).click();
  await page.waitForLoadState();
  step("sent in", (await page.content()).includes("Svaret er sendt inn"));
} catch (error) {
  step("script", false, { error: String(error) });
}
await browser.close();
process.exit(ok ? 0 : 1);
