// Rating a returned dossier from the public tracking page at 360 px (issue 14),
// in Debian's Chromium (playwright-core): the applicant types the code and key,
// chooses on the large buttons, sends, and sees the thanks and the facts
// computed from the dossier. Each page visited is checked by axe-core
// (checkA11y, tests/browser/a11y.mjs).
//   MOTCUA_BIN   the binary (default bin/motcua)
//   CHROMIUM     the browser (default /usr/bin/chromium)
// Ends with "N passed, N failed".
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { checkA11y } from "./a11y.mjs";
import { assert, launchBrowser, PASSWORD, SHOTS, startServer } from "./lib.mjs";

async function api(base, method, url, body, token) {
  const r = await fetch(base + url, {
    method, body: body ? JSON.stringify(body) : undefined,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: "Bearer " + token } : {}) },
  });
  const j = await r.json();
  if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(j)}`);
  return j;
}

/* A dossier received at the ward's counter and taken through to its return; its code and key. */
async function returnedDossier(base) {
  const login = async (u) => (await api(base, "POST", "/api/v1/auth/login", { username: u, password: PASSWORD })).token;
  const rec = await login("tiepnhan.thucphan"), spec = await login("chuyenvien.thucphan"),
    lead = await login("lanhdao.thucphan");
  const d = await api(base, "POST", "/api/v1/dossiers", {
    procedure: "1.001193", channel: "direct", outcome: "accept", documents: [4, 6],
    applicant: { name: "Lò Thị Dung", id_number: "004190001111", phone: "0987654321" },
  }, rec);
  const act = (a, t, b) => api(base, "POST", `/api/v1/dossiers/${d.code}/actions/${a}`, b || {}, t);
  await act("claim", spec);
  await act("forward", spec);
  await act("claim", lead);
  await act("approve", lead);
  await act("result_ready", rec);
  await act("return", rec, { method: "counter" });
  return { code: d.code, key: d.tracking_key };
}

async function look(page, name) {
  const problems = await checkA11y(page, name);
  assert(problems.length === 0, `${name}: ${problems.join("; ")}`);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name + ".png"), fullPage: true });
}

async function ratingFromTrackingPage(browser, base) {
  const { code, key } = await returnedDossier(base);
  // No JavaScript needed: the form works as plain HTML.
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(base + "/tra-cuu");
  await page.fill("#code", code);
  await page.fill("#key", key);
  await page.click("form.track button[type=submit]");
  await page.waitForSelector("form.rate");
  await look(page, "rating-tracking-form-360");
  // Every choice is a large touch target inside the 360 px page.
  const boxes = await page.$$eval("label.pick", (ls) => ls.map((l) => l.getBoundingClientRect())
    .map((r) => ({ h: r.height, right: r.right })));
  assert(boxes.length >= 3 && boxes.every((b) => b.h >= 44 && b.right <= 360), "touch targets " + JSON.stringify(boxes));
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(width <= 360, "page wider than 360 px: " + width);
  await page.click("label.pick:has(input[name=overall][value=satisfied])");
  await page.click("label.pick:has(input[name=q_convenience][value=very_satisfied])");
  await page.fill("#gop-y", "Cán bộ hướng dẫn tận tình.");
  await page.click("form.rate button[type=submit]");
  await page.waitForSelector(".rating .ok");
  const text = await page.textContent(".rating");
  assert(text.includes("Cảm ơn ông/bà đã đánh giá"), "thanks: " + text);
  assert(text.includes("Hài lòng") && text.includes("Mức độ thuận tiện: Rất hài lòng"), "the rating shown: " + text);
  assert(text.includes("Thời gian giải quyết") && text.includes("Số lần phải bổ sung hồ sơ"), "the facts: " + text);
  assert(!(await page.$("form.rate")), "the form is gone once rated");
  await look(page, "rating-tracking-thanks-360");
  const v = await api(base, "GET", `/api/v1/track/${code}/rating?key=${key}`);
  assert(v.rated && v.rating.channel.name === "tracking" && v.rating.overall.code === "satisfied", JSON.stringify(v));
  await ctx.close();
}

async function main() {
  const server = await startServer();
  const browser = await launchBrowser();
  let passed = 0, failed = 0;
  for (const t of [ratingFromTrackingPage]) {
    try {
      await t(browser, server.base);
      passed++;
      console.log("PASS test_ratings.mjs::" + t.name);
    } catch (e) {
      failed++;
      console.log("FAIL test_ratings.mjs::" + t.name + ": " + e.message);
    }
  }
  await browser.close();
  server.proc.kill();
  rmSync(server.dir, { recursive: true, force: true });
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.log("FAIL test_ratings.mjs: " + e.message);
  console.log("0 passed, 1 failed");
  process.exit(1);
});
