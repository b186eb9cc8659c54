// The register of legal normative documents in Debian's Chromium (issue 16): an officer of Sở Tư pháp
// expires a document and sees the procedures that cite it flagged for update, then confirms one updated.
// On a phone's width (360 px) too; only the pages' forms, no script; each page audited by axe-core
// (a11y.mjs) and photographed (build/screenshots/legal_docs-*.png).
//   MOTCUA_BIN      the binary (default bin/motcua)
//   CHROMIUM        the browser (default /usr/bin/chromium)
// Prints one line per test and ends with "N passed, N failed".
import { assert, look, phone, PASSWORD, runTests } from "./lib.mjs";

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
  async "an officer expires a document and sees the flagged procedures"() {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
    const page = await ctx.newPage();
    await pageLogin(page, "chuyenvien.tuphap");
    await page.goto(server.base + "/can-bo");
    await Promise.all([page.waitForNavigation(), page.click("nav a[href='/can-bo/van-ban']")]);
    await look(page, "so-van-ban");

    // The decree on civil status, found by its number.
    await page.fill("#tu-khoa", "123/2015");
    await submit(page, "form.filters button[type=submit]");
    await Promise.all([page.waitForNavigation(), page.click("a:text('123/2015/NĐ-CP')")]);
    const doc = page.url();
    assert(/\/can-bo\/van-ban\/\d+$/.test(doc), "the document's page: " + doc);
    const citing = await page.locator("#thu-tuc + p + ul li").count();
    assert(citing > 10, "the procedures that cite it are listed: " + citing);
    await look(page, "van-ban");

    // It expires wholly from next month.
    await page.selectOption("#tac", "expire");
    await page.selectOption("#pv", "whole");
    await page.fill("#tu-ngay", day(30));
    await page.fill("#ly-do", "Được thay thế bởi nghị định mới về hộ tịch (thử nghiệm)");
    await submit(page, "form[action$='/hieu-luc'] button[type=submit]");
    assert(page.url().startsWith(doc), "back on the document: " + page.url());
    assert((await page.locator(".changes li").first().innerText()).includes("Hết hiệu lực toàn bộ"), "the change is listed");
    const flagged = await page.locator("#thu-tuc ~ details table tbody tr").count();
    assert(flagged === citing, `every citing procedure is flagged (${flagged} of ${citing})`);
    await look(page, "da-het-hieu-luc");

    // The list of procedures to update, and one confirmed updated.
    await page.goto(server.base + "/can-bo/thu-tuc-can-cap-nhat");
    const rows = await page.locator("table tbody tr").count();
    assert(rows === citing, `the list holds them (${rows})`);
    assert((await page.locator("p.meta strong").innerText()) === String(citing), "the count of procedures");
    await look(page, "thu-tuc-can-cap-nhat");
    const first = page.locator("table tbody tr").first();
    const code = await first.locator("td a").first().innerText();
    await first.locator("input[name=note]").fill("Đã công bố lại thủ tục (thử nghiệm)");
    await submit(page, "table tbody tr:first-child button[type=submit]");
    assert((await page.locator("table tbody tr").count()) === citing - 1, "one fewer to update");

    // The procedure's page tells an officer while it waits; the cleared one does not.
    const other = await page.locator("table tbody tr").first().locator("td a").first().innerText();
    await page.goto(server.base + "/thu-tuc/" + other);
    assert(await page.locator("#can-cap-nhat").count() === 1, "the procedure shows its flag");
    await look(page, "thu-tuc-co-dau");
    await page.goto(server.base + "/thu-tuc/" + code);
    assert(await page.locator("#can-cap-nhat").count() === 0, "cleared: no flag");
    await ctx.close();

    // On a phone: the register, the document and the public list.
    const pctx = await phone(browser, { locale: "vi-VN" });
    const p = await pctx.newPage();
    await pageLogin(p, "lanhdao.thucphan");
    await p.goto(doc);
    assert(await p.locator("form[action$='/hieu-luc']").count() === 0, "a ward's leader changes no province's document");
    await look(p, "dien-thoai-van-ban");
    await p.goto(server.base + "/can-bo/van-ban/he-thong-hoa?cycle=2019&issuer=04");
    await look(p, "dien-thoai-he-thong-hoa");
    const anon = await (await phone(browser, { locale: "vi-VN" })).newPage();
    await anon.goto(server.base + "/van-ban");
    assert((await anon.locator("ul.docs-public li").count()) > 0, "the public list of documents in force");
    await look(anon, "cong-khai");
    await pctx.close();
  },
};

runTests(tests, { before: (x) => ({ server, browser } = x) });
