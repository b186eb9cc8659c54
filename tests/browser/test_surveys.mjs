// SIPAS surveys in Debian's Chromium (issue 14): a respondent answers through a one-time link on a
// 360 px phone (and the link then says it was used); a supervisor uploads a paper CSV with bad rows
// and sees the faults line by line, nothing imported; the results page of a campaign at 1280 px.
// Each page is audited (axe-core, tests/browser/a11y.mjs) and
// photographed (build/screenshots/surveys-*.png).
//   MOTCUA_BIN      the binary (default bin/motcua)
//   CHROMIUM        the browser (default /usr/bin/chromium)
// Prints one line per test and ends with "N passed, N failed".
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { checkA11y } from "./a11y.mjs";
import { assert, launchBrowser, PASSWORD, SHOTS, startServer } from "./lib.mjs";

const ITEMS = Array.from({ length: 19 }, (_, i) => `Q9.${15 + i}`);
const PROFILE = ["gioi_tinh", "do_tuoi", "dan_toc", "hoc_van", "nghe_nghiep", "noi_song", "noi_song_cu_the"];

let server, browser;

async function api(method, p, token, body, ctype = "application/json") {
  const headers = { Authorization: "Bearer " + token };
  if (body !== undefined) headers["Content-Type"] = ctype;
  const r = await fetch(server.base + p, {
    method, headers, body: body === undefined ? undefined : ctype === "application/json" ? JSON.stringify(body) : body,
  });
  const text = await r.text();
  return { status: r.status, json: text.startsWith("{") ? JSON.parse(text) : null };
}

async function login(username) {
  const r = await fetch(server.base + "/api/v1/auth/login", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username, password: PASSWORD }),
  });
  return (await r.json()).token;
}

// A dossier of ward 01273 processed to its return, now.
async function returnedDossier() {
  const [rcv, spec, lead] = await Promise.all(["tiepnhan.thucphan", "chuyenvien.thucphan", "lanhdao.thucphan"].map(login));
  const d = await api("POST", "/api/v1/dossiers", rcv, {
    procedure: "1.001193", channel: "direct", documents: [4, 6], outcome: "accept",
    applicant: { name: "Nông Thị Khảo", id_number: "004190008888", phone: "0987000888" },
  });
  assert(d.status === 201, "intake " + d.status);
  for (const [action, tok, body] of [["claim", spec, {}], ["forward", spec, {}], ["claim", lead, {}], ["approve", lead, {}],
    ["result_ready", rcv, {}], ["return", rcv, { method: "counter" }]]) {
    const r = await api("POST", `/api/v1/dossiers/${d.json.code}/actions/${action}`, tok, body);
    assert(r.status === 200, `${action}: ${r.status}`);
  }
}

function csvOf(rows) {
  return ["don_vi", ...PROFILE, ...ITEMS].join(",") + "\r\n" + rows.map((r) => r.join(",")).join("\r\n") + "\r\n";
}

function answers(seed, unit, n) {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: n }, () => [unit, ...PROFILE.map(() => ""),
    ...ITEMS.map(() => ["", 2, 3, 4, 4, 5, 5][Math.floor(next() * 7)])]);
}

function month() {
  const d = new Date(Date.now() + 7 * 3600 * 1000); // Vietnam's date
  const y = d.getUTCFullYear(), m = d.getUTCMonth() + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const pad = (v) => String(v).padStart(2, "0");
  return [`${y}-${pad(m)}-01`, `${y}-${pad(m)}-${pad(last)}`];
}

const state = {};

async function look(page, name) {
  const problems = await checkA11y(page, name);
  assert(problems.length === 0, `${name}: accessibility problems:\n  ${problems.join("\n  ")}`);
  await page.screenshot({ path: path.join(SHOTS, `surveys-${name}.png`), fullPage: true });
}

async function pageLogin(page, username) {
  await page.goto(server.base + "/dang-nhap");
  await page.fill("#username", username);
  await page.fill("#password", PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/dang-nhap")), page.click("button[type=submit]")]);
}

const tests = {
  async "a respondent answers through the one-time link at 360 px"() {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "vi-VN" });
    const page = await ctx.newPage();
    await page.goto(`${server.base}/khao-sat/${state.token}`);
    assert(await page.locator("fieldset.likert").count() === 19 + PROFILE.length, "19 items and the profile questions");
    assert(await page.locator("h2").count() === 6, "five elements and the profile");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 360, "no sideways scrolling at 360 px: " + width);
    await look(page, "tra-loi-360");
    await page.screenshot({ path: path.join(SHOTS, "surveys-tra-loi-360-man-dau.png") }); // what the phone shows first
    for (const [i, code] of ITEMS.entries()) {
      if (i === 3) continue; // one item left unanswered ("không trả lời")
      await page.locator(`input[name="${code}"][value="${i % 3 === 0 ? 3 : 4}"]`).check();
    }
    await page.getByLabel("Nữ", { exact: true }).check();
    await page.locator("fieldset.likert").nth(20).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, "surveys-tra-loi-360-giua.png") }); // chosen answers, the profile
    await Promise.all([page.waitForLoadState("load"), page.click("button[type=submit]")]);
    assert(await page.locator(".ok").count() === 1, "thanks shown");
    await look(page, "cam-on-360");
    await page.goto(`${server.base}/khao-sat/${state.token}`);
    assert((await page.locator(".alert").textContent()).includes("Phiếu khảo sát này đã được trả lời"), "used link");
    assert(await page.locator("input[type=radio]").count() === 0, "no form the second time");
    await look(page, "da-tra-loi-360");
    const res = await api("GET", `/api/v1/surveys/${state.ward}/results`, state.g);
    assert(res.json.scope.respondents === 1, "one online answer counted");
    await ctx.close();
  },

  async "a supervisor uploads a CSV with bad rows and reads the faults line by line"() {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
    const page = await ctx.newPage();
    await pageLogin(page, "giamsat");
    await page.goto(`${server.base}/can-bo/khao-sat/${state.ward}`);
    const rows = answers(5, "01273", 4);
    rows[1][1 + PROFILE.length] = 9; // line 3
    rows[3][0] = "99999";            // line 5
    await page.setInputFiles("#tep", { name: "phieu.csv", mimeType: "text/csv", buffer: Buffer.from(csvOf(rows)) });
    await Promise.all([page.waitForLoadState("load"), page.click("form[action$='/nhap'] button[type=submit]")]);
    assert((await page.locator(".alert").textContent()).includes("không phiếu nào được nhập"), "refused as a whole");
    const cells = await page.locator("#loi-nhap + div table tbody tr").evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)));
    assert(JSON.stringify(cells.map((c) => [c[0], c[1]])) === JSON.stringify([["3", "Q9.15"], ["5", "don_vi"]]),
      "faults: " + JSON.stringify(cells));
    await look(page, "loi-nhap-phieu");
    const res = await api("GET", `/api/v1/surveys/${state.ward}/results`, state.g);
    assert(res.json.scope.respondents === 1, "nothing imported");
    await ctx.close();
  },

  async "the results of a province campaign at 1280 px"() {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
    const page = await ctx.newPage();
    await pageLogin(page, "giamsat");
    await page.goto(`${server.base}/can-bo/khao-sat/${state.province}`);
    const rows = await page.locator("table.results tbody tr").count();
    assert(rows === 4, "three units and the province: " + rows);
    assert((await page.locator("table.results").textContent()).includes("không đủ số phiếu"), "the small unit marked");
    await look(page, "ket-qua-1280");
    await page.goto(`${server.base}/can-bo/khao-sat`);
    await look(page, "danh-sach");
    await ctx.close();
  },
};

async function main() {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  let passed = 0, failed = 0;
  try {
    await returnedDossier();
    state.g = await login("giamsat");
    const [from, to] = month();
    const ward = await api("POST", "/api/v1/surveys", state.g,
      { name: "Khảo sát Phường Thục Phán tháng này", from, to, unit: "01273", sample_size: 5 });
    state.ward = ward.json.id;
    const drawn = await api("POST", `/api/v1/surveys/${state.ward}/draw`, state.g);
    assert(drawn.json.invites.length === 1, "one dossier returned this month");
    state.token = drawn.json.invites[0].token;
    const prov = await api("POST", "/api/v1/surveys", state.g,
      { name: "Khảo sát SIPAS toàn tỉnh", from, to, unit: "04", sample_size: 100 });
    state.province = prov.json.id;
    const csv = csvOf([...answers(1, "01273", 36), ...answers(2, "01279", 31), ...answers(3, "01288", 9)]);
    const imp = await api("POST", `/api/v1/surveys/${state.province}/import`, state.g, csv, "text/csv");
    assert(imp.status === 200, "paper answers imported: " + imp.status);
  } catch (e) {
    failed++;
    console.log("FAIL setting up: " + (e.stack || e));
  }
  for (const [name, fn] of Object.entries(tests)) {
    if (failed) break;
    try {
      await fn();
      passed++;
      console.log("ok   " + name);
    } catch (e) {
      failed++;
      console.log("FAIL " + name + "\n     " + String(e.stack || e).split("\n").slice(0, 6).join("\n     "));
    }
  }
  await browser.close();
  server.proc.kill("SIGTERM");
  const exit = await new Promise((r) => server.proc.once("exit", (code, signal) => r(code ?? signal)));
  if (exit !== 0) {
    failed++;
    console.log("FAIL the server stopped cleanly (exit " + exit + ")");
  }
  rmSync(server.dir, { recursive: true, force: true });
  console.log(`screenshots: ${SHOTS}/surveys-*.png`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.log("FAIL browser test could not run: " + (e.stack || e));
  console.log("0 passed, 1 failed");
  process.exit(1);
});
