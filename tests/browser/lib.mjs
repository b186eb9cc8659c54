// What every browser test program shares (journey.mjs, test_*.mjs). scripts/test.sh runs each
// program once per build flavour with MOTCUA_BIN set; a program prints one line per test and ends
// with "N passed, N failed", exiting non-zero when anything failed.
//   MOTCUA_BIN   the binary (default bin/motcua)      CHROMIUM   the browser (default /usr/bin/chromium)
//
//   startServer()         a motcua server of its own on a fresh demo database (init --demo) and a
//                         free port, fast password hashing: { base, proc, dir } (dir: a temp dir)
//   stopServer(server)    SIGTERM, then its exit code (0 when it stopped cleanly) or signal
//   launchBrowser()       Debian's chromium through playwright-core (no browser download)
//   phone(browser, opts)  a new context with the 360 × 740 viewport of a small phone
//   shot(page, name)      a numbered full-page screenshot in build/screenshots; the file name is
//                         prefixed by the program's name (test_ratings.mjs: "ratings-01-name.png")
//   accessible(page, name)  checkA11y (a11y.mjs: axe-core, WCAG 2.1 AA) must find nothing
//   look(page, name)      accessible, then shot: for each page a test shows
//   runTests(tests, { before })  starts the server and browser, calls before({ server, browser }),
//                         runs each async function of the object tests in order (its key is the
//                         test's name), stops them and prints the summary; exits the process.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { checkA11y } from "./a11y.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = process.env.MOTCUA_BIN || path.join(ROOT, "bin/motcua");
export const SHOTS = path.join(ROOT, "build/screenshots");
export const PASSWORD = "CaoBang@2026"; // every demo account's

export function assert(cond, msg) {
  if (!cond) throw new Error("assertion failed: " + msg);
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function startServer() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "motcua-browser-"));
  const env = { ...process.env, MOTCUA_PWHASH: "test", MOTCUA_WEB: path.join(ROOT, "web") };
  const db = path.join(dir, "motcua.db");
  const init = spawnSync(BIN, ["init", "--db", db, "--demo", "--data", path.join(ROOT, "data")], { env });
  if (init.status !== 0) throw new Error("motcua init failed: " + init.stderr);
  const port = await freePort();
  const proc = spawn(BIN, ["serve", "--db", db, "--listen", `127.0.0.1:${port}`, "--files", path.join(dir, "files"),
    "--quiet"], { env, stdio: ["ignore", "inherit", "inherit"] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(base + "/api/v1/health");
      if (r.ok) return { base, proc, dir };
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill();
  throw new Error("motcua serve did not start");
}

export async function stopServer(server) {
  const exited = new Promise((r) => server.proc.once("exit", (code, signal) => r(code ?? signal)));
  server.proc.kill("SIGTERM");
  return exited;
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

export function phone(browser, opts = {}) {
  return browser.newContext({ viewport: { width: 360, height: 740 }, ...opts });
}

const program = path.basename(process.argv[1] || "", ".mjs");
const PREFIX = program.startsWith("test_") ? program.slice(5) + "-" : "";
let shotNo = 0;

export async function shot(page, name) {
  shotNo++;
  await page.screenshot({ path: path.join(SHOTS, `${PREFIX}${String(shotNo).padStart(2, "0")}-${name}.png`), fullPage: true });
}

// Checks the page as a person with assistive technology would meet it.
export async function accessible(page, name) {
  const problems = await checkA11y(page, name);
  assert(problems.length === 0, `${name}: accessibility problems:\n  ${problems.join("\n  ")}`);
}

// The same, then keeps a picture of it.
export async function look(page, name) {
  await accessible(page, name);
  await shot(page, name);
}

export async function runTests(tests, { before } = {}) {
  let server, browser;
  try {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
    if (before) await before({ server, browser });
  } catch (e) {
    console.log("FAIL browser tests could not run: " + (e.stack || e));
    if (browser) await browser.close().catch(() => {});
    if (server) server.proc.kill();
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
  let passed = 0, failed = 0;
  for (const [name, fn] of Object.entries(tests)) {
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
  const exit = await stopServer(server);
  if (exit !== 0) { // a sanitizer report or a crash on the way out
    failed++;
    console.log("FAIL the server stopped cleanly (exit " + exit + ")");
  }
  rmSync(server.dir, { recursive: true, force: true });
  console.log(`screenshots: ${SHOTS}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
