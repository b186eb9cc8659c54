// The public board and the officers' pages of the Decision 766 index (issue 14), in Debian's
// Chromium: the board at 360 px (no login, no JavaScript needed: four charts drawn as SVG, each
// with its table, nothing wider than the phone), then the officers' breakdown, ranking and the
// dossiers that cost points. axe-core (a11y.mjs) must find nothing on any of them.
import { assert, look, phone, PASSWORD, runTests } from "./lib.mjs";

let server, browser;

async function api(method, path, token, body) {
  const r = await fetch(server.base + path, {
    method, headers: { "Content-Type": "application/json", ...(token ? { Authorization: "Bearer " + token } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: r.status, json: await r.json().catch(() => null) };
}

async function login(page, username) {
  await page.goto(server.base + "/dang-nhap");
  await page.fill("#username", username);
  await page.fill("#password", PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/dang-nhap")), page.click("main button[type=submit]")]);
}

await runTests({
  async board_at_360_px() {
    const ctx = await phone(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(server.base + "/");
    await Promise.all([page.waitForURL("**/bang-cong-khai"), page.click("text=Bảng công khai chất lượng phục vụ")]);
    assert(await page.locator("main svg.chart").count() === 4, "four charts");
    assert(await page.locator("main table").count() === 4, "a table beside each chart");
    assert(await page.locator("svg.chart rect.bar").count() > 0, "bars drawn");
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(wide <= 360, "nothing wider than the phone: " + wide);
    await look(page, "bang-cong-khai-360");
    await ctx.close();
  },
  async officers_pages() {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await login(page, "giamsat");
    await page.goto(server.base + "/can-bo/chi-so-766?unit=01273");
    assert(await page.locator("h2", { hasText: "Tiến độ, kết quả giải quyết" }).count() === 1, "the progress group");
    await look(page, "chi-so-766");
    await page.click("text=Hồ sơ làm mất điểm >> nth=0");
    await page.waitForURL(/\/can-bo\/chi-so-766\/ho-so/);
    await look(page, "ho-so-mat-diem");
    await page.goto(server.base + "/can-bo/chi-so-766/xep-hang?unit=04&kind=commune,ward");
    assert(await page.locator("tbody tr").count() >= 50, "every commune and ward ranked or listed");
    await look(page, "xep-hang");
    await ctx.close();
  },
}, {
  async before(env) {
    ({ server, browser } = env);
    // A dossier received and left overdue-free: the ward has data this month, one decided late.
    const rcv = (await api("POST", "/api/v1/auth/login", null, { username: "tiepnhan.thucphan", password: PASSWORD })).json.token;
    const r = await api("POST", "/api/v1/dossiers", rcv, {
      procedure: "1.001193", channel: "direct", documents: [4, 6], outcome: "accept",
      applicant: { name: "Nông Thị Lan", id_number: "004190001111", phone: "0987654321" },
    });
    if (r.status !== 201) throw new Error("intake: " + r.status);
    // A fee asked and not paid by transfer: 3.6 has a dossier that costs points.
    const spec = (await api("POST", "/api/v1/auth/login", null, { username: "chuyenvien.thucphan", password: PASSWORD })).json.token;
    await api("POST", `/api/v1/dossiers/${r.json.code}/actions/claim`, spec, {});
    const p = await api("POST", `/api/v1/dossiers/${r.json.code}/actions/request_payment`, spec, { amount: 20000 });
    if (p.status !== 200) throw new Error("request_payment: " + p.status);
  },
});
