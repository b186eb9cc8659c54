// Browser journeys of the motcua portal in Debian's Chromium (playwright-core,
// no browser download). Starts its own motcua server on a fresh demo database,
// walks what a citizen and the officers do, checks each page it visits with axe-core
// (a11y.mjs, WCAG 2.1 AA), and saves a screenshot of each (build/screenshots/).
//   MOTCUA_BIN      the binary (default bin/motcua)
//   CHROMIUM        the browser (default /usr/bin/chromium)
// Prints one line per test and ends with "N passed, N failed". The server, browser and
// runner it shares with the other browser test programs are in lib.mjs.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { PASSWORD, accessible, assert, look, runTests } from "./lib.mjs";

const CITIZEN = "0912345678";
const RECEIVER = "tiepnhan.thucphan", SPECIALIST = "chuyenvien.thucphan", LEADER = "lanhdao.thucphan";
const PROC = "1.001193"; // Thủ tục đăng ký khai sinh: online, at the communes and wards
const WARD = "01273"; // Phường Thục Phán

// A tiny PDF and PNG, real enough for the server's content sniffing.
function sampleFiles(dir) {
  const pdf = path.join(dir, "giay-chung-sinh.pdf");
  writeFileSync(pdf, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
  const png = path.join(dir, "can-cuoc.png");
  writeFileSync(png, Buffer.from(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8ffff3f0005fe02fe" +
    "a7d6a4f60000000049454e44ae426082", "hex"));
  return { pdf, png };
}

let browser, server, files;

async function login(page, username) {
  await page.goto(server.base + "/dang-nhap");
  await page.fill("#username", username);
  await page.fill("#password", PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/dang-nhap")), page.click("button[type=submit]")]);
}

async function logout(page) {
  await Promise.all([page.waitForURL(server.base + "/"), page.click("form.who button")]);
}

// Does an action on the officer's dossier page, by its form, and checks it was done.
async function act(page, code, action, fill) {
  await page.goto(`${server.base}/can-bo/ho-so/${code}`);
  const form = page.locator(`form[action="/can-bo/ho-so/${code}/${action}"]`);
  assert(await form.count() === 1, `action ${action} offered on ${code}`);
  const details = form.locator("xpath=..");
  if (!(await details.getAttribute("open") !== null)) await details.locator("summary").click();
  if (fill) await fill(form);
  await Promise.all([page.waitForURL(/xong=/), form.locator("button[type=submit]").click()]);
  assert(await page.locator(".ok").count() === 1, `${action} confirmed on the page`);
  await accessible(page, `ho-so-can-bo after ${action}`);
}

const state = {};

const tests = {
  async "a citizen finds the procedure from the home page"() {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "vi-VN" });
    const page = await ctx.newPage();
    await page.goto(server.base + "/");
    await look(page, "trang-chu");
    await page.fill("#q", "dang ky khai sinh"); // without marks, as typed on a phone
    await Promise.all([page.waitForURL(/\/thu-tuc\?/), page.press("#q", "Enter")]);
    await look(page, "tim-thu-tuc");
    await Promise.all([page.waitForURL(`**/thu-tuc/${PROC}`), page.click(`a[href="/thu-tuc/${PROC}"]`)]);
    const text = await page.textContent("main");
    assert(text.includes("Thủ tục đăng ký khai sinh"), "procedure name");
    assert(/ngày làm việc/.test(text), "time in working days");
    await look(page, "thu-tuc");
    state.citizen = { ctx, page };
  },

  async "the citizen logs in, submits online with two files and sees the code"() {
    const { page } = state.citizen;
    await Promise.all([page.waitForURL(/\/dang-nhap\?next=/), page.click("text=Nộp hồ sơ trực tuyến")]);
    await look(page, "dang-nhap");
    await page.fill("#username", CITIZEN);
    await page.fill("#password", PASSWORD);
    await Promise.all([page.waitForURL(`**/nop-ho-so/${PROC}`), page.click("main button[type=submit]")]);
    assert(await page.inputValue("#name") === "Nguyễn Văn An", "the form starts with the citizen's own name");
    await page.selectOption("#receiving_unit", WARD);
    await page.fill("#address", "Tổ 1, phường Thục Phán, Cao Bằng");
    await page.setInputFiles("#doc_4", files.pdf);
    await page.setInputFiles("#doc_6", files.png);
    await look(page, "nop-ho-so");
    // Saved as a draft first: nothing is lost if the citizen stops here.
    await Promise.all([page.waitForURL(/\/ho-so-cua-toi\?da_luu=1/), page.click("button[value=luu]")]);
    assert((await page.textContent("main")).includes("Thủ tục đăng ký khai sinh"), "draft listed");
    await accessible(page, "ho-so-cua-toi da luu");
    await Promise.all([page.waitForURL(/\/ho-so-nhap\/\d+$/), page.click("main ul.list a >> nth=0")]);
    const review = await page.textContent("main");
    assert(review.includes("giay-chung-sinh.pdf") && review.includes("can-cuoc.png"), "both files on the review page");
    assert(review.includes("Phường Thục Phán"), "the receiving unit on the review page");
    await look(page, "kiem-tra");
    await Promise.all([page.waitForURL(/\/ho-so-cua-toi\/.+\?moi=1/), page.click('form[action$="/nop"] button')]);
    const code = (await page.textContent(".bigcode")).trim();
    assert(/^01273-\d{6}-\d{4}$/.test(code), "dossier code shown large: " + code);
    const key = (await page.textContent(".key")).trim();
    assert(/^[A-Z2-9]{8}$/.test(key), "tracking key " + key);
    await look(page, "da-nop");
    state.code = code;
    state.key = key;
  },

  async "anyone tracks it with code and key, without JavaScript"() {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(server.base + "/tra-cuu");
    await accessible(page, "tra-cuu form");
    await page.fill("#code", state.code);
    await page.fill("#key", state.key);
    await Promise.all([page.waitForURL(/\/tra-cuu\?/), page.click("main form button")]);
    const text = await page.textContent("main");
    assert(text.includes(state.code) && text.includes("chờ"), "state in plain words: " + text.slice(0, 200));
    assert(!text.includes("004090001234"), "no personal data on the public page");
    await look(page, "tra-cuu");
    await ctx.close();
  },

  async "the receiver finds it in the inbox by name and asks for a supplement"() {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await login(page, RECEIVER);
    assert(page.url().endsWith("/can-bo"), "officers start at the inbox");
    await page.fill("#q", "nguyen van an");
    await Promise.all([page.waitForURL(/q=/), page.press("#q", "Enter")]);
    assert(await page.locator(`a[href="/can-bo/ho-so/${state.code}"]`).count() === 1, "found by name");
    await look(page, "hop-viec");
    await page.click(`a[href="/can-bo/ho-so/${state.code}"]`);
    await look(page, "ho-so-can-bo");
    await act(page, state.code, "request_supplement", async (form) => {
      await form.locator('input[name=item][value^="Giấy chứng sinh"]').check();
      await form.locator("input[name=reason]").fill("Bản chụp mờ, không đọc được");
    });
    state.officer = { ctx, page };
  },

  async "the citizen supplements only the document asked for"() {
    const { page } = state.citizen;
    await page.goto(`${server.base}/ho-so-cua-toi/${state.code}`);
    const inputs = await page.locator("section.supplement input[type=file]").evaluateAll((els) => els.map((e) => e.name));
    assert(JSON.stringify(inputs) === '["doc_4"]', "only the birth certificate can be sent again: " + inputs);
    await look(page, "bo-sung");
    await page.setInputFiles("#doc_4", files.pdf);
    await Promise.all([page.waitForURL(/da_bo_sung=1/), page.click("section.supplement button")]);
    assert(await page.locator(".ok").count() === 1, "supplement confirmed");
    await accessible(page, "da bo sung");
  },

  async "officers process it to the result and return it"() {
    const { page } = state.officer;
    await act(page, state.code, "accept");
    await logout(page);
    await login(page, SPECIALIST);
    await act(page, state.code, "claim");
    await act(page, state.code, "forward", (f) => f.locator("input[name=note]").fill("Đủ điều kiện đăng ký"));
    await logout(page);
    await login(page, LEADER);
    await act(page, state.code, "claim");
    await act(page, state.code, "approve");
    await logout(page);
    await login(page, RECEIVER);
    await act(page, state.code, "result_ready");
    await act(page, state.code, "return");
    const slip = await page.textContent("ol.timeline");
    for (const step of ["Nộp hồ sơ", "Yêu cầu bổ sung", "Tiếp nhận", "Trả kết quả"])
      assert(slip.includes(step), "control slip has " + step);
    await look(page, "phieu-kiem-soat");
    // The documents open in the browser (PDF, images) or download; the picture is the one uploaded.
    const view = page.locator("a", { hasText: "Xem" }).nth(1);
    const href = await view.getAttribute("href");
    assert(/\/files\/\d+\?inline=1$/.test(href), "a view link " + href);
    const resp = await page.goto(server.base + href);
    assert(resp.headers()["content-disposition"].startsWith("inline"), "shown, not downloaded");
    assert(resp.headers()["content-security-policy"].includes("sandbox"), "an uploaded file runs no script");
    const size = await page.evaluate(() => { const i = document.querySelector("img"); return i && i.naturalWidth; });
    assert(size === 1, "the uploaded 1×1 picture is shown: " + size);
  },

  async "the citizen then sees Đã trả kết quả"() {
    const { page } = state.citizen;
    await page.goto(`${server.base}/tra-cuu?code=${state.code}&key=${state.key}`);
    assert((await page.textContent("main h2")).includes("Đã trả kết quả"), "tracking says returned");
    await accessible(page, "tra-cuu da tra");
    await page.goto(`${server.base}/ho-so-cua-toi`);
    assert((await page.textContent("main")).includes("Đã trả kết quả"), "my dossiers say returned");
    await look(page, "ho-so-cua-toi");
  },

  async "counter intake works from the keyboard alone"() {
    const { page } = state.officer;
    await page.goto(server.base + "/can-bo/tiep-nhan");
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === "q"); // focus starts there
    await page.keyboard.type("khai sinh");
    await Promise.all([page.waitForURL(/q=/), page.keyboard.press("Enter")]);
    await accessible(page, "tiep-nhan tim thu tuc");
    await tabTo(page, (el, v) => el.href && el.href.includes("thu_tuc=" + v), PROC);
    await Promise.all([page.waitForURL(/thu_tuc=/), page.keyboard.press("Enter")]);
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === "name");
    await page.keyboard.type("Hoàng Thị Mai");
    await page.keyboard.press("Tab");
    await page.keyboard.type("004190002222");
    await page.keyboard.press("Tab");
    await page.keyboard.type("0987000111"); // a way to reach her is required
    for (const seq of ["4", "6"]) { // the mandatory documents, ticked with the space bar
      await tabTo(page, (el, v) => el.name === "doc" && el.value === v, seq);
      await page.keyboard.press("Space");
    }
    await look(page, "tiep-nhan");
    await tabTo(page, (el) => el.name === "outcome" && el.value === "accept");
    await Promise.all([page.waitForURL(/\/can-bo\/ho-so\/.+\?xong=submit/), page.keyboard.press("Enter")]);
    const text = await page.textContent("main");
    assert(text.includes("Đã tiếp nhận") && text.includes("Hoàng Thị Mai"), "received at the counter");
    await accessible(page, "tiep-nhan xong");
    // The receipt and appointment slip, to print for her: the legal form as PDF.
    const href = await page.getAttribute("text=In giấy tiếp nhận", "href");
    const slip = await page.request.get(server.base + href);
    assert(slip.ok() && slip.headers()["content-type"] === "application/pdf", "the receipt is a PDF");
    assert((await slip.body()).subarray(0, 5).toString() === "%PDF-", "a PDF file");
  },

  async "the statistics page shows the II.06a table"() {
    const { page } = state.officer;
    await page.goto(server.base + "/can-bo/thong-ke");
    const total = page.locator("table.stats tr.total td");
    assert(await total.count() === 12, "twelve number columns");
    const received = Number(await total.nth(0).textContent());
    assert(received >= 2, "both dossiers received this month: " + received);
    await look(page, "thong-ke");
  },

  async "the administrator's pages: units, users, catalog, calendar"() {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await login(page, "admin");
    assert(page.url().endsWith("/quan-tri/don-vi"), "administrators start at administration");
    await look(page, "quan-tri-don-vi");
    await page.click("text=Người dùng, vai trò");
    await look(page, "quan-tri-nguoi-dung");
    await page.click("text=Danh mục thủ tục");
    await look(page, "quan-tri-danh-muc");
    await page.click("nav.tabs >> text=Lịch làm việc");
    assert((await page.textContent("main")).includes("Thứ Hai–Thứ Sáu"), "office hours in words");
    await look(page, "quan-tri-lich");
    await ctx.close();
  },

  async "the officer's pages fit a 360 px screen"() {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await ctx.newPage();
    await login(page, RECEIVER);
    for (const [path, name] of [["/can-bo", "hop-viec-360"], [`/can-bo/ho-so/${state.code}`, "ho-so-360"],
      ["/can-bo/thong-ke", "thong-ke-360"],
      // A month without dossiers: no unit is a link, and the wide table must still be reachable by keyboard.
      ["/can-bo/thong-ke?tu=01/01/2025&den=31/01/2025", "thong-ke-360-thang-trong"]]) {
      await page.goto(server.base + path);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert(wide <= 360, `${path} is ${wide} px wide`);
      await look(page, name);
    }
    await ctx.close();
  },

  async "a form without its CSRF token is refused"() {
    const r = await fetch(server.base + "/dang-nhap", {
      method: "POST", redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `username=${RECEIVER}&password=${encodeURIComponent(PASSWORD)}`,
    });
    assert(r.status === 403, "status " + r.status);
    assert(!r.headers.get("set-cookie")?.includes("motcua_session="), "no session given");
  },
};

// Presses Tab until the focused element satisfies pred (at most 80 times).
async function tabTo(page, pred, arg) {
  const src = pred.toString();
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press("Tab");
    const hit = await page.evaluate(([s, a]) => {
      const f = eval("(" + s + ")"); // eslint-disable-line no-eval
      return !!document.activeElement && f(document.activeElement, a);
    }, [src, arg]);
    if (hit) return;
  }
  throw new Error("not reachable with Tab: " + src);
}

runTests(tests, {
  before(env) {
    ({ server, browser } = env);
    files = sampleFiles(server.dir);
  },
});
