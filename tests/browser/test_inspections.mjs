// CCHC inspections in Debian's Chromium (issue 15): an inspector records a finding and a remedy and
// closes it. The supervisor opens an ad hoc inspection of ward 01273 and records a finding; the ward's
// leader sends the remedy report with an evidence file; the supervisor confirms it remedied. Only the
// pages' forms, no script; each page audited by axe-core (a11y.mjs) and photographed
// (build/screenshots/inspections-*.png).
//   MOTCUA_BIN      the binary (default bin/motcua)
//   CHROMIUM        the browser (default /usr/bin/chromium)
// Prints one line per test and ends with "N passed, N failed".
import { assert, look, PASSWORD, runTests } from "./lib.mjs";

let server, browser;

// Vietnam's date, n days from today, as YYYY-MM-DD.
function day(n) {
  const d = new Date(Date.now() + 7 * 3600 * 1000 + n * 86400 * 1000);
  return d.toISOString().slice(0, 10);
}

async function pageLogin(page, username) {
  await page.goto(server.base + "/dang-nhap");
  await page.fill("#username", username);
  await page.fill("#password", PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/dang-nhap")), page.click("button[type=submit]")]);
}

async function submit(page, selector) {
  await Promise.all([page.waitForLoadState("load"), page.waitForNavigation(), page.click(selector)]);
}

const tests = {
  async "an inspector records a finding and a remedy and closes it"() {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
    const page = await ctx.newPage();
    await pageLogin(page, "giamsat");
    await page.goto(server.base + "/can-bo");
    await Promise.all([page.waitForNavigation(), page.click("nav a[href='/can-bo/kiem-tra']")]);
    await look(page, "danh-sach");

    // An ad hoc inspection of the ward.
    await page.selectOption("#dv", "01273");
    await page.fill("#tu-ky", day(-90));
    await page.fill("#den-ky", day(-1));
    await page.fill("#ngay-kt", day(0));
    await page.fill("#doan", "Sở Nội vụ (trưởng đoàn), Văn phòng UBND tỉnh");
    await submit(page, "form[action='/can-bo/kiem-tra/cuoc'] button[type=submit]");
    assert(/\/can-bo\/kiem-tra\/cuoc\/\d+$/.test(page.url()), "the record's page: " + page.url());
    const record = page.url();
    assert(await page.locator("#so-lieu").count() === 1, "the data drawn from motcua is shown");

    // A finding.
    await page.selectOption("#linh-vuc", "publicity");
    await page.fill("#mo-ta", "Chưa niêm yết công khai 3 thủ tục mới tại bộ phận một cửa");
    await page.fill("#kien-nghi", "Niêm yết đủ thủ tục, gửi ảnh chụp bảng niêm yết");
    await page.fill("#han", day(7));
    await submit(page, "form[action$='/phat-hien'] button[type=submit]");
    assert(await page.locator("#phat-hien-1 .badge").innerText() === "Chưa khắc phục", "the finding is open");
    await look(page, "phat-hien");

    // The ward's leader reports the remedy with a photo of the board.
    const ctx2 = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
    const lp = await ctx2.newPage();
    await pageLogin(lp, "lanhdao.thucphan");
    await lp.goto(record);
    assert(await lp.locator("form[action$='/dong']").count() === 0, "the ward's leader cannot close it");
    await lp.fill("#bc-1", "Đã niêm yết đủ 3 thủ tục tại bộ phận một cửa ngày hôm nay");
    await lp.setInputFiles("#tep-1", { name: "bang-niem-yet.pdf", mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n") });
    await submit(lp, "form[action$='/khac-phuc'] button[type=submit]");
    assert(await lp.locator("#phat-hien-1 .badge").innerText() === "Đang khắc phục", "in progress");
    assert(await lp.locator("#phat-hien-1 a", { hasText: "bang-niem-yet.pdf" }).count() === 1, "the evidence is linked");
    await look(lp, "bao-cao-khac-phuc");
    await ctx2.close();

    // The inspector checks the evidence and closes the finding.
    await page.goto(record);
    const ev = page.locator("#phat-hien-1 a", { hasText: "bang-niem-yet.pdf" });
    const res = await page.request.get(server.base + (await ev.getAttribute("href")));
    assert(res.status() === 200 && (await res.body()).toString().startsWith("%PDF"), "the evidence downloads");
    await page.fill("#xn-1", "Đã kiểm tra ảnh chụp bảng niêm yết");
    await submit(page, "form[action$='/dong'] button[type=submit]");
    assert(await page.locator("#phat-hien-1 .badge").innerText() === "Đã khắc phục đúng hạn", "closed on time");
    assert(await page.locator("form[action$='/khac-phuc']").count() === 0, "no more reports once closed");
    await look(page, "da-khac-phuc");
    await page.goto(server.base + "/can-bo/kiem-tra/thong-ke");
    assert((await page.locator("tr.total").innerText()).includes("1"), "the statistics count it");
    await look(page, "thong-ke");
    await ctx.close();
  },
};

runTests(tests, { before: (x) => ({ server, browser } = x) });
