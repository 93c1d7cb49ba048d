// End-to-end in headless Chromium: a municipal editor logs in, changes an arrangement of their
// municipality, sees the change in the history, and is refused another municipality's arrangement.
// Pages met on the way are checked with axe-core. Prints a JSON line per step; exit 0 when all pass.
// Usage: node e2e.mjs BASE USER PASSWORD OWN_ID OTHER_ID
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const [base, user, password, own, other] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const external = [];
page.on("request", (r) => { if (!r.url().startsWith(base) && !/^(data|about|blob):/.test(r.url())) external.push(r.url()); });
let ok = true;
const step = (name, pass, extra = {}) => { ok &&= pass; console.log(JSON.stringify({ step: name, pass, ...extra })); };
const axe = async (name) => {
  await page.evaluate(axeSource);  // not a script tag: the site's CSP forbids inline scripts
  const v = await page.evaluate(async () => (await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }))
    .violations.map((x) => ({ id: x.id, nodes: x.nodes.slice(0, 3).map((n) => n.target.join(" ")) })));
  step(`axe ${name}`, v.length === 0, { violations: v });
};

try {
await page.goto(`${base}/logg-inn/`);
await axe("login");
await page.getByLabel("Brukernavn").fill(user);
await page.getByLabel("Passord").fill(password);
await page.getByRole("button", { name: "Logg inn" }).click();
await page.waitForLoadState();
step("logged in", (await page.content()).includes(`Logg ut ${user}`));

await page.goto(`${base}/ordninger/${own}/endre/`);
await axe("edit form");
await page.getByLabel("Navn", { exact: true }).fill("Endret i nettleseren");
await page.getByLabel("Kommentar til endringen").fill("e2e-test");
await page.getByRole("button", { name: "Lagre" }).click();
await page.waitForLoadState();
const detail = await page.content();
step("saved", page.url().endsWith(`/ordninger/${own}/`) && detail.includes("Endret i nettleseren"));
step("history shows the change", detail.includes("«Endret i nettleseren»") && detail.includes(`av ${user}`));
await axe("arrangement page");

await page.goto(`${base}/ordninger/${other}/`);
const otherPage = await page.content();
step("no edit link on another municipality's arrangement", !otherPage.includes("Endre ordningen"));
await page.goto(`${base}/ordninger/${other}/endre/`);
step("edit of another municipality's arrangement is only a proposal", (await page.content()).includes("Foreslå endring"));
// A forged end request with a valid CSRF token is refused by the server.
const csrf = (await page.context().cookies()).find((c) => c.name === "csrftoken")?.value;
const forged = await page.request.post(`${base}/ordninger/${other}/avslutt/`, {
  form: { ar: "2015", version: "1", csrfmiddlewaretoken: csrf }, headers: { Referer: `${base}/` },
});
step("forged end of another municipality's arrangement refused", forged.status() === 403, { status: forged.status() });
step("nothing loaded from the network", external.length === 0, { external });
} catch (error) {
  step("script", false, { error: String(error) });
}
await browser.close();
process.exit(ok ? 0 : 1);
