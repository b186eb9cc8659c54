// Periodic CCHC reports (issue 16) in Debian's Chromium, through the pages' forms only (no script).
// On a 360 px phone the ward's specialist (chuyenvien.thucphan, ward 01273) opens the first-quarter
// report of this year from the nav, writes the header and the narrative sections and saves the
// draft; the ward's leader tries to submit it with a section empty and reads the Vietnamese message
// beside that section, writes it, confirms and submits; the page then says "Đã gửi", is read only, and
// its PDF link answers a PDF. The supervisor sees the ward as sent in the province's overview and the
// units not reported on the province's report. Every page is audited by axe-core (a11y.mjs) and
// photographed (build/screenshots/reports-*.png).
//   MOTCUA_BIN      the binary (default bin/motcua)
//   CHROMIUM        the browser (default /usr/bin/chromium)
// Prints one line per test and ends with "N passed, N failed".
import { accessible, assert, look, PASSWORD, runTests, shot } from "./lib.mjs";

let server, browser;
const PHONE = { width: 360, height: 740 }, DESK = { width: 1280, height: 900 };
const YEAR = new Date(Date.now() + 7 * 3600 * 1000).getUTCFullYear(); // the year in Vietnam today
const REPORT = `/can-bo/bao-cao-cchc/01273/${YEAR}/q1`;
const HEAD = { "#so": "15/BC-UBND", "#dia-danh": "Thục Phán", "#chuc-vu": "Chủ tịch UBND phường",
  "#nguoi-ky": "Hà Văn Quang", "#noi-nhan": "UBND tỉnh Cao Bằng;\nSở Nội vụ;\nLưu: VT, VP." };
const SECTIONS = {
  chi_dao: "Ban hành Kế hoạch CCHC năm của phường; kiểm tra 4 bộ phận chuyên môn.",
  the_che: "Rà soát 3 văn bản quy phạm pháp luật; không phát hiện văn bản trái pháp luật.",
  tthc: "Niêm yết công khai đầy đủ thủ tục hành chính tại bộ phận một cửa.\nTrả lời phản ánh đúng hạn.",
  bo_may: "Ổn định tổ chức bộ máy của phường sau sắp xếp đơn vị hành chính.",
  cong_vu: "Đánh giá, xếp loại công chức hằng tháng trên phần mềm.",
  tai_chinh: "Thực hiện cơ chế tự chủ tài chính theo quy định.",
  danh_gia: "Hoàn thành cơ bản nhiệm vụ cải cách hành chính quý I.",
  phuong_huong: "Nâng tỷ lệ hồ sơ nộp trực tuyến trong quý II.",
  kien_nghi: "Không.",
};
const SO_HOA = "Đẩy mạnh nộp hồ sơ trực tuyến và thanh toán qua VietQR; số hóa 100% hồ sơ tiếp nhận.";

async function pageLogin(page, username) {
  await page.goto(server.base + "/dang-nhap");
  await page.fill("#username", username);
  await page.fill("#password", PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/dang-nhap")), page.click("button[type=submit]")]);
}

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

async function text(page, selector) {
  return (await page.locator(selector).innerText()).replace(/\s+/g, " ");
}

// Audited and photographed at 360 px: nothing wider than the phone, every textarea the width of the form.
async function phoneLook(page, name) {
  await look(page, name);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(width <= 360, `${name}: page wider than 360 px: ${width}`);
  const narrow = await page.evaluate(() => [...document.querySelectorAll("textarea")]
    .filter((t) => t.getBoundingClientRect().width < t.parentElement.clientWidth - 32).map((t) => t.id));
  assert(narrow.length === 0, `${name}: textareas narrower than their form: ${narrow}`);
}

async function phoneContext() {
  return browser.newContext({ viewport: PHONE, javaScriptEnabled: false, locale: "vi-VN" });
}

const tests = {
  async "the ward's specialist writes the first-quarter report on a phone and saves it"() {
    const ctx = await phoneContext();
    const page = await ctx.newPage();
    await pageLogin(page, "chuyenvien.thucphan");
    await submit(page, "nav a[href='/can-bo/bao-cao-cchc']");
    assert(/\/can-bo\/bao-cao-cchc\?year=\d{4}&kind=(q1|h1|q3|year)$/.test(page.url()), "the period due next: " +
      page.url());
    await page.selectOption("#ky", "q1");
    await page.selectOption("#nam", String(YEAR));
    await submit(page, "form[action='/can-bo/bao-cao-cchc'] button[type=submit]");
    assert(page.url().endsWith(`?kind=q1&year=${YEAR}`), page.url());
    assert((await text(page, "#cua-don-vi")).includes(`Báo cáo quý I năm ${YEAR} của Phường Thục Phán`), "own");
    assert((await text(page, "section.status")).includes("Chưa soạn"), "not started");
    await phoneLook(page, "tong-quan-chuyen-vien");
    await submit(page, `section.status a[href='${REPORT}']`);
    assert((await text(page, "main")).includes("hạn gửi 20/03/" + YEAR), "the due day");
    assert(await page.locator("button[formaction$='/gui']").count() === 0, "a specialist does not submit");
    await phoneLook(page, "soan-trong");

    for (const [sel, v] of Object.entries(HEAD)) await page.fill(sel, v);
    for (const [key, v] of Object.entries(SECTIONS)) await page.fill(`#muc-${key}`, v);
    await submit(page, "form.form button:not([formaction])");
    assert(page.url().endsWith(REPORT + "?xong=luu"), page.url());
    assert((await text(page, "p.ok")).includes("Đã lưu bản nháp"), "saved");
    assert((await text(page, "#tinh-trang")) === "Đang soạn", "a draft");
    assert(await page.inputValue("#so") === "15/BC-UBND", "the number kept");
    assert(await page.inputValue("#muc-tthc") === SECTIONS.tthc, "lines kept");
    assert(await page.inputValue("#noi-nhan") === HEAD["#noi-nhan"], "recipients, one a line");
    await phoneLook(page, "da-luu");
    await ctx.close();
  },

  async "the leader is told which section is missing, completes it and submits"() {
    const ctx = await phoneContext();
    const page = await ctx.newPage();
    await pageLogin(page, "lanhdao.thucphan");
    await page.goto(server.base + REPORT);
    assert(await page.locator("#gui .warn").count() === 1, "the warning that the report freezes");
    assert((await text(page, "#gui .warn")).includes("không sửa được nữa"), "it says so");
    await page.check("#xac-nhan");
    await submit(page, "button[formaction$='/gui']");
    const msg = page.locator("#loi-so_hoa");
    assert(await msg.count() === 1, "a message beside the missing section");
    const said = await msg.innerText();
    assert(said.includes("Vui lòng viết mục") && said.includes("7. Xây dựng và phát triển Chính phủ điện tử"), said);
    assert(await page.$eval("#muc-so_hoa", (t) => t.previousElementSibling.id) === "loi-so_hoa", "next to the field");
    assert((await page.getAttribute("#muc-so_hoa", "aria-describedby")).includes("loi-so_hoa"), "and tied to it");
    assert(await page.getAttribute("#muc-so_hoa", "aria-invalid") === "true", "marked invalid");
    assert(await page.locator("p[role=alert] a[href='#muc-so_hoa']").count() === 1, "the message on top links it");
    assert((await text(page, "#tinh-trang")) === "Đang soạn", "not sent");
    await phoneLook(page, "thieu-muc");

    await page.fill("#muc-so_hoa", SO_HOA);
    await page.check("#xac-nhan");
    await submit(page, "button[formaction$='/gui']");
    assert(page.url().endsWith(REPORT + "?xong=gui"), page.url());
    assert((await text(page, "#tinh-trang")) === "Đã gửi", "sent");
    const words = await text(page, "main");
    assert(words.includes("số 15/BC-UBND") && words.includes("bởi Hà Văn Quang"), "who and what");
    assert(words.includes(SO_HOA) && words.includes("giữ nguyên khi gửi"), "read only, the figures frozen");
    assert(await page.locator("textarea").count() === 0, "nothing to edit any more");
    await phoneLook(page, "da-gui");

    const href = await page.getAttribute("a[href$='/report.pdf']", "href");
    const res = await page.request.get(server.base + href);
    const body = await res.body();
    assert(res.status() === 200 && body.subarray(0, 5).toString("latin1") === "%PDF-", "the PDF: " + res.status());
    await ctx.close();
  },

  async "the province sees the ward's report sent and who has not reported"() {
    const ctx = await browser.newContext({ viewport: DESK, locale: "vi-VN" });
    const page = await ctx.newPage();
    await pageLogin(page, "giamsat");
    await page.goto(server.base + `/can-bo/bao-cao-cchc?year=${YEAR}&kind=q1`);
    const row = page.locator("tr", { has: page.locator(`a[href='${REPORT}']`) });
    const r = (await row.innerText()).replace(/\s+/g, " ");
    assert(r.includes("Đã gửi") && r.includes("15/BC-UBND"), r);
    assert(/Các đơn vị cấp dưới: đã gửi 1\/\d+/.test(await text(page, "#cap-duoi")), "the count");
    await accessible(page, "tong-quan-tinh");
    await shot(page, "tong-quan-tinh");
    await page.setViewportSize(PHONE);
    await phoneLook(page, "tong-quan-tinh-360");
    await page.setViewportSize(DESK);
    await submit(page, "section.status a.button");
    const prov = await text(page, "#cap-duoi");
    assert(prov.startsWith("Đơn vị cấp dưới đã gửi báo cáo: 1/"), prov);
    const missing = await text(page, "section.track");
    assert(missing.includes("Đơn vị chưa gửi:") && !missing.includes("Phường Thục Phán"), missing.slice(0, 300));
    await look(page, "bao-cao-tinh");
    await ctx.close();
  },
};

runTests(tests, { before: (x) => ({ server, browser } = x) });
