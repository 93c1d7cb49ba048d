// Run axe-core (WCAG 2.0/2.1 A and AA rules) on each page given on the command line, in Debian's
// headless Chromium. Prints one JSON object per page: {url, violations: [{id, impact, nodes}]}.
// Exit 0 when every page has no violation, 1 otherwise, 2 when the browser cannot start.
// Usage: node axe.mjs URL [URL ...]   (file:// URLs work: the report is a single file)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

let browser;
try {
  browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-component-update", "--disable-sync"],
  });
} catch (error) {
  console.error(`cannot start ${executablePath}: ${error.message}`);
  process.exit(2);
}
let failed = false;
// A logged-in session (cookie value in SAMKART_SESSION) for the pages behind the login.
const session = process.env.SAMKART_SESSION;
for (const url of process.argv.slice(2)) {
  for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 740 }]) {
    const context = await browser.newContext({ viewport });
    if (session && !url.startsWith("file:")) {
      await context.addCookies([{ name: "sessionid", value: session, url: new URL(url).origin }]);
    }
    const page = await context.newPage();
    const external = [];
    // The site's Content-Security-Policy must never have to block anything of its own.
    const blocked = [];
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy/.test(message.text())) {
        blocked.push(message.text());
      }
    });
    // Anything not from the page's own server (or file) is a load from the network.
    const own = url.startsWith("file:") ? "file:" : new URL(url).origin;
    page.on("request", (request) => {
      const u = request.url();
      if (!u.startsWith(own) && !/^(data|about|blob):/.test(u)) external.push(u);
    });
    await page.goto(url, { waitUntil: "load" });
    await page.evaluate(axeSource);  // not a script tag: the site's CSP forbids inline scripts
    const result = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      });
      return r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
      }));
    });
    // The sortable tables must sort: click the first numeric heading twice.
    const sorted = await page.evaluate(() => {
      const th = document.querySelector("table.sortable th[data-type=num] button");
      if (!th) return true;
      th.click();
      const first = th.closest("th").getAttribute("aria-sort");
      th.click();
      return first === "ascending" && th.closest("th").getAttribute("aria-sort") === "descending";
    });
    const ok = result.length === 0 && external.length === 0 && sorted && blocked.length === 0;
    failed ||= !ok;
    console.log(JSON.stringify({ url, viewport: viewport.width, violations: result, external, sorted,
                                 blocked }));
    await context.close();
  }
}
await browser.close();
process.exit(failed ? 1 : 0);
