// Directives, plans and tasks in Debian's Chromium (issue 16): a commune officer on a 360 px phone updates a
// task of the ward's sub-plan (percent, text, an evidence file) and the assigning body (the province's
// People's Committee, which issued the plan the sub-plan implements) sees it; the public sees the progress
// from the public board. Only the pages' forms, no script; each page audited by axe-core (a11y.mjs) and
// photographed (build/screenshots/tasks-*.png).
//   MOTCUA_BIN      the binary (default bin/motcua)
//   CHROMIUM        the browser (default /usr/bin/chromium)
// Prints one line per test and ends with "N passed, N failed".
import { assert, look, PASSWORD, phone, runTests } from "./lib.mjs";

let server, browser;

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
  async "a commune officer updates a task and the assigning body sees it"() {
    const ctx = await phone(browser, { locale: "vi-VN" });
    const page = await ctx.newPage();
    await pageLogin(page, "chuyenvien.thucphan");
    await page.goto(server.base + "/can-bo");
    await Promise.all([page.waitForNavigation(), page.click("nav a[href='/can-bo/nhiem-vu']")]);
    await look(page, "cua-phuong");
    const link = page.locator(".tasklist a", { hasText: "TP26.2" });
    assert(await link.count() === 1, "the ward's sub-plan task is listed");
    await Promise.all([page.waitForNavigation(), link.click()]);
    const url = page.url();
    assert(/\/can-bo\/nhiem-vu\/\d+$/.test(url), "the task's page: " + url);
    // No horizontal scrolling on the phone.
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(wide <= 360, "fits 360 px: " + wide);
    await page.fill("#tien-do", "60");
    await page.fill("#bc-text", "Đã số hóa 60% hồ sơ tiếp nhận trong tháng 12");
    await page.setInputFiles("#minh-chung", { name: "so-hoa-thang-12.pdf", mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n") });
    await submit(page, "form[action$='/bao-cao'] button[type=submit]");
    assert(page.url().startsWith(url), "back on the task: " + page.url());
    assert((await page.locator("h1 + p strong").innerText()) === "60%", "60% shown");
    assert(await page.locator("#bao-cao ~ ol a", { hasText: "so-hoa-thang-12.pdf" }).count() === 1, "evidence linked");
    await look(page, "da-bao-cao");
    await ctx.close();

    // The province's People's Committee (the plan's issuer) sees the report among the tasks it assigned.
    const ctx2 = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
    const lp = await ctx2.newPage();
    await pageLogin(lp, "lanhdao.ubnd");
    await lp.goto(server.base + "/can-bo/nhiem-vu?view=assigned");
    const row = lp.locator(".tasklist li", { hasText: "TP26.2" });
    assert(await row.count() === 1, "listed among the tasks it assigned (through the sub-plan)");
    assert((await row.innerText()).includes("60%"), "with its percent");
    await look(lp, "da-giao");
    await Promise.all([lp.waitForNavigation(), row.locator("a").click()]);
    assert((await lp.locator("#bao-cao ~ ol").innerText()).includes("Đã số hóa 60%"), "the report is read");
    const ev = lp.locator("#bao-cao ~ ol a", { hasText: "so-hoa-thang-12.pdf" });
    const res = await lp.request.get(server.base + (await ev.getAttribute("href")));
    assert(res.status() === 200 && (await res.body()).toString().startsWith("%PDF"), "the evidence downloads");
    assert(await lp.locator("form[action$='/bao-cao']").count() === 0, "the assigning body does not report");
    await look(lp, "nhiem-vu-da-giao");
    // The plan that was assigned, with the sub-plan under its task.
    await lp.goto(server.base + "/can-bo/van-ban-chi-dao");
    await Promise.all([lp.waitForNavigation(), lp.click("a:has-text('KH CCHC 2026 (minh họa)')")]);
    assert(await lp.locator("a", { hasText: "Kế hoạch thực hiện KH CCHC 2026 phường Thục Phán" }).count() === 1,
      "the sub-plan is linked from the task it implements");
    await look(lp, "ke-hoach");
    await ctx2.close();
  },

  async "the public reads the progress and the news, no login"() {
    const ctx = await phone(browser, { locale: "vi-VN" });
    const page = await ctx.newPage();
    await page.goto(server.base + "/bang-cong-khai");
    await Promise.all([page.waitForNavigation(), page.click("a[href='/tien-do-nhiem-vu']")]);
    assert((await page.locator("h1").innerText()).includes("Tiến độ nhiệm vụ"), "the progress page");
    assert(await page.locator("text=Ban cán sự đảng Ủy ban nhân dân tỉnh").count() > 0, "the directive's bodies");
    await look(page, "tien-do");
    await page.goto(server.base + "/tin-cai-cach");
    await look(page, "tin");
    await ctx.close();
  },

  async "the People's Committee issues a plan and assigns tasks through the forms"() {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
    const page = await ctx.newPage();
    await pageLogin(page, "lanhdao.ubnd");
    await page.goto(server.base + "/can-bo/van-ban-chi-dao");
    await page.selectOption("#loai", "plan");
    await page.fill("#so", "KH thử 2027");
    await page.fill("#ngay", "2027-01-08");
    await page.fill("#trich-yeu", "Kế hoạch thử giao nhiệm vụ qua biểu mẫu");
    await submit(page, "form[action='/can-bo/van-ban-chi-dao'] button[type=submit]");
    assert(/\/can-bo\/van-ban-chi-dao\/\d+$/.test(page.url()), "the document's page: " + page.url());
    // A quarterly task, led by a ward, with a department cooperating.
    await page.fill("#ten", "Báo cáo tiến độ số hóa hằng quý");
    await page.fill("#ma", "THU27.1");
    await page.selectOption("#chu-tri", "01273");
    await page.selectOption("#phoi-hop", ["S02", "S08"]);
    await page.check("input[name=deadline][value=every]");
    await page.selectOption("#ky", "quarter");
    await page.fill("#den", "2027-06-30");
    await submit(page, "form[action$='/nhiem-vu'] button[type=submit]");
    const tree = await page.locator("#nhiem-vu ~ ul.tasklist").innerText();
    assert(tree.includes("THU27.1-2027-Q1") && tree.includes("THU27.1-2027-Q2"), "two quarters: " + tree);
    assert(tree.includes("22/03/2027"), "Q1 due Mon 22/03/2027 (20/03 is a Saturday): " + tree);
    // A bad one: no deadline given; the form shows the error in Vietnamese and keeps what was typed.
    await page.fill("#ten", "Nhiệm vụ thiếu hạn");
    await page.check("input[name=deadline][value=day]");
    await page.fill("#han", "");
    await submit(page, "form[action$='/nhiem-vu'] button[type=submit]");
    assert((await page.locator(".alert").innerText()).includes("hạn"), "the error names the deadline");
    assert((await page.inputValue("#ten")) === "Nhiệm vụ thiếu hạn", "what was typed is kept");
    await look(page, "giao-nhiem-vu");
    await ctx.close();
  },

  async "an officer publishes reform news"() {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
    const page = await ctx.newPage();
    await pageLogin(page, "chuyenvien.noivu");
    await page.goto(server.base + "/can-bo/tin-tuc");
    await page.fill("#tieu-de", "Cao Bằng triển khai Kế hoạch cải cách hành chính năm 2026");
    await page.fill("#tom-tat", "Các sở, ngành và 56 xã, phường nhận nhiệm vụ cải cách hành chính năm 2026.");
    await page.fill("#tin-body", "Đoạn thứ nhất của tin.\n\nĐoạn thứ hai của tin.");
    await submit(page, "form[action='/can-bo/tin-tuc'] button[type=submit]");
    await look(page, "quan-ly-tin");
    await Promise.all([page.waitForNavigation(), page.click("a:has-text('Cao Bằng triển khai Kế hoạch')")]);
    assert(await page.locator("article p").count() >= 3, "summary and two paragraphs");
    await look(page, "mot-tin");
    await ctx.close();
  },
};

runTests(tests, { before: (x) => ({ server, browser } = x) });
