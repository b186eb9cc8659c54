// Citizens' feedback (phản ánh, kiến nghị; issue 15) in Debian's Chromium, through the pages' forms
// only. On a 360 px phone without JavaScript a person who is not logged in sends feedback agreeing to
// publication (after a refused try that keeps what was typed and says why beside the field) and reads
// the code and tracking key; the ward's receiver (desktop) tries to refuse it without a reason (the
// Vietnamese message beside the field), accepts it with a topic and answers it for publication; the
// person opens the tracking page, reads the answer, says it satisfied them and the question is gone;
// the public list shows the answer without the sender's name, phone or e-mail. The receiver also
// records a phone call. Every page is audited by axe-core (a11y.mjs) and photographed at 360 px and at
// desktop width (build/screenshots/feedback-*.png).
//   MOTCUA_BIN      the binary (default bin/motcua)
//   CHROMIUM        the browser (default /usr/bin/chromium)
// Prints one line per test and ends with "N passed, N failed".
import { accessible, assert, look, PASSWORD, runTests, shot } from "./lib.mjs";

let server, browser;
const PHONE = { width: 360, height: 740 }, DESK = { width: 1280, height: 900 };
const SENDER = { name: "Hoàng Thị Mai", phone: "0912 345 111", email: "mai.hoang@example.vn",
  address: "Tổ 3, phường Thục Phán" };
let item = null; // { code, key } of the feedback sent

// The page at 360 px then at desktop width, each audited and photographed; back to the size it had.
async function both(page, name) {
  const was = page.viewportSize();
  await page.setViewportSize(PHONE);
  await look(page, name + "-360");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(width <= 360, `${name}: page wider than 360 px: ${width}`);
  await page.setViewportSize(DESK);
  await accessible(page, name + "-desktop");
  await shot(page, name + "-desktop");
  await page.setViewportSize(was);
}

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

const tests = {
  async "a person without an account sends feedback on a phone and keeps the code and key"() {
    const ctx = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false, locale: "vi-VN" });
    const page = await ctx.newPage();
    await page.goto(server.base + "/");
    await submit(page, "nav a[href='/phan-anh']");
    await both(page, "gui");
    await page.fill("#fb-name", SENDER.name);
    await page.selectOption("#fb-unit", "01273");
    await page.fill("#fb-title", "Đèn chiếu sáng tổ 3 hỏng");
    await page.fill("#fb-content", "Đèn đường tổ 3 phường Thục Phán hỏng đã hai tuần, đi lại buổi tối nguy hiểm. " +
      "Đề nghị phường sửa sớm.");
    await page.check("input[name=consent_publish]");
    // No way to answer given: refused, with the message beside the phone field and everything kept.
    await submit(page, "form[action='/phan-anh'] button[type=submit]");
    const why = await text(page, "#loi-phone");
    assert(why.includes("Vui lòng ghi số điện thoại, thư điện tử hoặc địa chỉ"), "beside the field: " + why);
    assert(await page.getAttribute("#fb-phone", "aria-invalid") === "true", "the field is marked invalid");
    assert(await page.inputValue("#fb-name") === SENDER.name, "the name kept");
    assert((await page.inputValue("#fb-content")).startsWith("Đèn đường tổ 3"), "the content kept");
    assert(await page.inputValue("#fb-unit") === "01273", "the unit kept");
    assert(await page.isChecked("input[name=consent_publish]"), "the consent kept");
    await both(page, "gui-loi");
    await page.fill("#fb-phone", SENDER.phone);
    await page.fill("#fb-email", SENDER.email);
    await page.fill("#fb-address", SENDER.address);
    await submit(page, "form[action='/phan-anh'] button[type=submit]");
    assert(new URL(page.url()).pathname === "/phan-anh/da-gui", "the code and key page: " + page.url());
    const code = (await text(page, "#ma-phan-anh")).trim(), key = (await text(page, "#ma-tra-cuu")).trim();
    assert(/^PA-01273-\d{6}-\d{4}$/.test(code) && /^[0-9A-Z]{8}$/.test(key), `code ${code}, key ${key}`);
    assert((await text(page, ".done-box")).includes("Hãy ghi lại hai mã này"), "the note to keep them");
    assert((await text(page, "main")).includes("Hạn trả lời"), "the answer deadline");
    item = { code, key };
    await both(page, "da-gui");
    // The link to the tracking page: waiting for acceptance, no question yet.
    await submit(page, "a.button[href^='/phan-anh/tra-cuu']");
    assert((await text(page, "#tt")) === "Chờ tiếp nhận, phân loại", await text(page, "#tt"));
    assert(await page.locator("form.rate").count() === 0, "nothing to rate yet");
    await both(page, "tra-cuu-cho");
    await ctx.close();
  },

  async "the ward's receiver refuses without a reason, then accepts and answers for publication"() {
    assert(item, "feedback was sent");
    const ctx = await browser.newContext({ viewport: DESK, locale: "vi-VN" });
    const page = await ctx.newPage();
    await pageLogin(page, "tiepnhan.thucphan");
    await page.goto(server.base + "/can-bo");
    await submit(page, "nav a[href='/can-bo/phan-anh']");
    const row = page.locator("tr", { has: page.locator(`a[href='/can-bo/phan-anh/${item.code}']`) });
    assert((await row.innerText()).includes("Phường Thục Phán"), "the handling unit in the list");
    assert((await row.innerText()).includes("Chờ tiếp nhận, phân loại"), "its state in the list");
    await both(page, "can-bo-danh-sach");
    await submit(page, `a[href='/can-bo/phan-anh/${item.code}']`);
    const facts = await text(page, "main");
    assert(facts.includes(SENDER.name) && facts.includes("0912345111") && facts.includes(SENDER.email),
      "the sender's contact for the officer");
    assert(facts.includes(item.key), "the tracking key to give the sender");
    await both(page, "can-bo-phan-anh");
    // Refused without a reason: the Vietnamese message beside the reason.
    await page.click("summary:has-text('Không tiếp nhận')");
    await submit(page, "form[action$='/refuse'] button[type=submit]");
    const why = await text(page, "#loi-refuse-reason");
    assert(why.includes("Vui lòng ghi lý do không tiếp nhận"), "beside the reason: " + why);
    assert(await page.locator("details.act[open] form[action$='/refuse']").count() === 1, "the form stays open");
    await both(page, "can-bo-tu-choi-loi");
    // Accepted with a topic.
    await page.click("summary:has-text('Tiếp nhận, phân loại')");
    await page.check("input[name=topic][value=handling]");
    await submit(page, "form[action$='/accept'] button[type=submit]");
    assert((await text(page, "[role=status]")).includes("Đã tiếp nhận và phân loại"), "done");
    assert((await text(page, "#tt")).startsWith("Đang xử lý"), await text(page, "#tt"));
    // Answered, published: the sender agreed.
    await page.fill("#r-answer", "Phường đã giao tổ công tác thay bóng đèn tổ 3 trong tuần này. Cảm ơn bà đã phản ánh.");
    assert(await page.isChecked("input[name=publish]"), "publication offered and ticked: the sender agreed");
    await submit(page, "form[action$='/answer'] button[type=submit]");
    const done = await text(page, "main");
    assert(done.includes("Đã trả lời") && done.includes("đúng hạn") && done.includes("Đã công khai"), done);
    assert(await page.locator("form[action^='/can-bo/phan-anh/']").count() === 0, "nothing more to do");
    assert(done.includes("Tiếp nhận, phân loại") && done.includes("Trả lời"), "the journal");
    await both(page, "can-bo-da-tra-loi");
    await ctx.close();
  },

  async "the person reads the answer and says it satisfied them, once"() {
    assert(item, "feedback was sent");
    const ctx = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false, locale: "vi-VN" });
    const page = await ctx.newPage();
    await page.goto(server.base + "/phan-anh/tra-cuu");
    await page.fill("#code", item.code);
    await page.fill("#key", item.key);
    await submit(page, "form.track button[type=submit]");
    assert((await text(page, "#tt")) === "Đã trả lời", await text(page, "#tt"));
    assert((await text(page, "main")).includes("Phường đã giao tổ công tác thay bóng đèn"), "the answer");
    assert((await text(page, "#dg")) === "Bạn có hài lòng với câu trả lời không?", "the question");
    const boxes = await page.$$eval("form.rate button", (bs) => bs.map((b) => b.getBoundingClientRect())
      .map((r) => ({ h: r.height, right: r.right })));
    assert(boxes.length === 2 && boxes.every((b) => b.h >= 44 && b.right <= 360), "touch targets " +
      JSON.stringify(boxes));
    await both(page, "tra-cuu-tra-loi");
    await submit(page, "form.rate button[value=co]");
    assert((await text(page, ".rating")).includes("Cảm ơn bạn"), "thanks");
    assert((await text(page, ".rating")).includes("Hài lòng"), "the verdict shown");
    assert(await page.locator("form.rate").count() === 0, "the question is gone once answered");
    await both(page, "tra-cuu-da-danh-gia");
    await ctx.close();
  },

  async "the public list shows the answer without the sender's personal data"() {
    const ctx = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false, locale: "vi-VN" });
    const page = await ctx.newPage();
    await page.goto(server.base + "/phan-anh");
    await submit(page, "a[href='/phan-anh/da-tra-loi']");
    const all = await text(page, "main");
    assert(all.includes("Đèn chiếu sáng tổ 3 hỏng") && all.includes("Phường đã giao tổ công tác"), all);
    for (const p of [SENDER.name, SENDER.phone, "0912345111", SENDER.email, SENDER.address, item.key])
      assert(!all.includes(p), "personal data published: " + p);
    await both(page, "cong-khai");
    await ctx.close();
  },

  async "the receiver records feedback from a phone call"() {
    const ctx = await browser.newContext({ viewport: DESK, locale: "vi-VN" });
    const page = await ctx.newPage();
    await pageLogin(page, "tiepnhan.thucphan");
    await page.goto(server.base + "/can-bo/phan-anh");
    await submit(page, "a[href='/can-bo/phan-anh/moi']");
    await both(page, "can-bo-ghi-nhan");
    await page.check("input[name=channel][value=phone]");
    await page.fill("#fb-name", "Lưu Văn Hùng");
    await page.fill("#fb-phone", "0977111222");
    await page.fill("#fb-title", "Hỏi lệ phí chứng thực bản sao");
    await page.fill("#fb-content", "Ông Hùng gọi hỏi lệ phí chứng thực bản sao tại phường.");
    await submit(page, "form[action='/can-bo/phan-anh/moi'] button[type=submit]");
    const all = await text(page, "main");
    assert(all.includes("Đã ghi nhận phản ánh") && all.includes("qua điện thoại"), all.slice(0, 600));
    assert(/Mã tra cứu [0-9A-Z]{8}/.test(all), "the key to read to the caller");
    await both(page, "can-bo-ghi-nhan-xong");
    await ctx.close();
  },
};

runTests(tests, { before: (x) => ({ server, browser } = x) });
