// The network page in headless Chromium: choosing a municipality in the figure lists its partners
// and the arrangements they share, by mouse and by keyboard, and the page passes axe-core with the
// panel open. Nothing is loaded from the network.
// Usage: node network_e2e.mjs PAGE_URL KOMMUNENUMMER PARTNER_NAME ARRANGEMENT_NAME
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const [url, number, partner, arrangement] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const external = [];
page.on("request", (r) => { if (!r.url().startsWith(new URL(url).origin) && !/^(data|about|blob):/.test(r.url())) external.push(r.url()); });
let ok = true;
const step = (name, pass, extra = {}) => { ok &&= pass; console.log(JSON.stringify({ step: name, pass, ...extra })); };
try {
  await page.goto(url);
  const node = page.locator(`svg.network a.node[data-k="${number}"]`);
  await node.click();
  const panel = page.locator("#nettverk-panel");
  const text = await panel.textContent();
  step("click lists partners and shared arrangements", text.includes(partner) && text.includes(arrangement), { text: text.slice(0, 300) });
  step("partners stay lit, others dim", await page.evaluate((k) => {
    const svg = document.querySelector("svg.network");
    return svg.classList.contains("focused") && svg.querySelector(`a.node[data-k="${k}"]`).classList.contains("on")
      && svg.querySelectorAll("line.hot").length > 0;
  }, number));
  await page.evaluate(axeSource);  // not a script tag: the site's CSP forbids inline scripts
  const v = await page.evaluate(async () => (await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })).violations.map((x) => x.id));
  step("axe with the panel open", v.length === 0, { violations: v });
  await page.getByRole("button", { name: "Vis hele nettverket" }).click();
  step("reset", !(await page.evaluate(() => document.querySelector("svg.network").classList.contains("focused"))));
  await node.focus();
  await page.keyboard.press("Enter");
  step("keyboard: Enter on a municipality", (await panel.textContent()).includes(partner));
  step("nothing from the network", external.length === 0, { external });
} catch (error) {
  step("script", false, { error: String(error) });
}
await browser.close();
process.exit(ok ? 0 : 1);
