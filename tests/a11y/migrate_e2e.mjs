// End-to-end in headless Chromium: an administrator carries the register through the municipal
// changes to a year: makes the plan, answers the split that needs a decision in the form, and
// confirms. Every page on the way is checked with axe-core, and the site's Content-Security-Policy
// must block nothing of its own. Prints a JSON line per step; exit 0 when all pass.
// Usage: node migrate_e2e.mjs BASE USER PASSWORD YEAR SUCCESSOR_LABEL
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const [base, user, password, year, successor] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run"],
});
let ok = true;
const step = (name, pass, extra = {}) => { ok &&= pass; console.log(JSON.stringify({ step: name, pass, ...extra })); };
// Phone-sized first, only looking; then wide, confirming (after which nothing is left to do).
for (const viewport of [{ width: 375, height: 740 }, { width: 1280, height: 900 }]) {
  const page = await browser.newPage({ viewport });
  const external = [];
  const blocked = [];
  page.on("request", (r) => { if (!r.url().startsWith(base) && !/^(data|about|blob):/.test(r.url())) external.push(r.url()); });
  page.on("console", (m) => { if (m.type() === "error" && /Content Security Policy/.test(m.text())) blocked.push(m.text()); });
  const axe = async (name) => {
    await page.evaluate(axeSource);  // not a script tag: the site's CSP forbids inline scripts
    const v = await page.evaluate(async () => (await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }))
      .violations.map((x) => ({ id: x.id, nodes: x.nodes.slice(0, 3).map((n) => n.target.join(" ")) })));
    step(`axe ${name} ${viewport.width}`, v.length === 0, { violations: v });
  };
  const wide = viewport.width > 1000;
  try {
    await page.goto(`${base}/logg-inn/`);
    await page.getByLabel("Brukernavn").fill(user);
    await page.getByLabel("Passord").fill(password);
    await page.getByRole("button", { name: "Logg inn" }).click();
    await page.waitForLoadState();
    await page.goto(`${base}/kommuneendringer/`);
    await axe("year form");
    await page.getByLabel("Før registeret fram til 1. januar i år").fill(year);
    await page.getByRole("button", { name: "Lag planen", exact: true }).click();
    await page.waitForLoadState();
    let html = await page.content();
    step(`plan shown ${viewport.width}`, html.includes("→") && html.includes("Beslutninger som trengs"));
    step(`no confirm before the decision ${viewport.width}`, (await page.getByRole("button", { name: /^Bekreft/ }).count()) === 0);
    await axe("plan with decisions");
    // SAMKART_SCREENSHOTS=DIR keeps a picture of the page, to look at it as a user does.
    if (process.env.SAMKART_SCREENSHOTS) await page.screenshot({ path: `${process.env.SAMKART_SCREENSHOTS}/migrate-${viewport.width}.png`, fullPage: true });
    await page.getByLabel(successor).check();
    await page.getByRole("button", { name: "Lag planen med beslutningene" }).click();
    await page.waitForLoadState();
    html = await page.content();
    step(`decision taken ${viewport.width}`, html.includes("(beslutning)") && !html.includes("Beslutninger som trengs"));
    await axe("complete plan");
    if (wide) {
      await page.getByRole("button", { name: /^Bekreft/ }).click();
      await page.waitForLoadState();
      step("confirmed", page.url().endsWith("/ordninger/") && (await page.content()).includes("Ført gjennom kommuneendringene"));
    }
    step(`nothing loaded from the network ${viewport.width}`, external.length === 0, { external });
    step(`CSP blocked nothing ${viewport.width}`, blocked.length === 0, { blocked });
  } catch (error) {
    step("script", false, { error: String(error) });
  }
  await page.close();
}
await browser.close();
process.exit(ok ? 0 : 1);
