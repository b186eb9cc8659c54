// Accessibility check of a page by axe-core (the npm package, pinned in package.json), with the
// WCAG 2.1 A and AA rules, plus two checks of the project's own that axe's WCAG rules leave out:
// the page is in Vietnamese (lang="vi", not merely some valid language) and it has exactly one h1.
//   checkA11y(page, label)  resolves to a list of readable problems, empty when the page passes;
//                           each axe violation is "label: rule (impact) help: target, target …".
// axe's source is evaluated in the page through the DevTools protocol, which the page's
// Content-Security-Policy does not stop. A page without JavaScript (a context with
// javaScriptEnabled: false) runs neither timers nor promise callbacks, so axe cannot finish there:
// such a page is checked as a copy, its HTML served again at its address to a new page of the same
// size in a context with JavaScript, the page's own scripts blocked, its styles and images loaded.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

// Whether the page runs promise callbacks: false in a context without JavaScript.
async function scriptsRun(page) {
  const probe = page.evaluate(() => new Promise((r) => queueMicrotask(() => r(true)))).catch(() => false);
  return Promise.race([probe, new Promise((r) => setTimeout(() => r(false), 1000))]);
}

export async function checkA11y(page, label) {
  if (await scriptsRun(page)) return run(page, label);
  const html = await page.content(), url = page.url();
  const ctx = await page.context().browser().newContext({ viewport: page.viewportSize() });
  try {
    const copy = await ctx.newPage();
    await copy.route("**/*", (r) => {
      if (r.request().url() === url) return r.fulfill({ contentType: "text/html; charset=utf-8", body: html });
      if (r.request().resourceType() === "script") return r.abort();
      return r.continue();
    });
    await copy.goto(url);
    return await run(copy, label);
  } finally {
    await ctx.close();
  }
}

async function run(page, label) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    const own = [];
    if (document.documentElement.lang !== "vi") own.push(`html lang is "${document.documentElement.lang}", not "vi"`);
    const h1 = document.querySelectorAll("h1").length;
    if (h1 !== 1) own.push(`${h1} h1 elements, not one`);
    return {
      own,
      violations: r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map((n) => n.target.map(String).join(" ")),
      })),
    };
  }, TAGS);
  const problems = found.own.map((p) => `${label}: ${p}`);
  for (const v of found.violations) {
    const shown = v.targets.slice(0, 5).join(", ") + (v.targets.length > 5 ? ` and ${v.targets.length - 5} more` : "");
    problems.push(`${label}: ${v.id} (${v.impact}) ${v.help}: ${shown}`);
  }
  return problems;
}
