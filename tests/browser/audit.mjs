// A small accessibility audit run inside the page (WCAG 2.1 AA checks that
// can be decided from the DOM): language, one h1 and no skipped heading
// levels, a label for every form control, a name for every link and button,
// unique ids, alt text on images, and text contrast of at least 4.5:1 (3:1
// for large text). Returns a list of problems, empty when the page passes.
export async function audit(page) {
  return page.evaluate(() => {
    const problems = [];
    const visible = (el) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return s.display !== "none" && s.visibility !== "hidden" && r.width > 0 && r.height > 0;
    };
    const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
      (el.name ? `[name=${el.name}]` : "") + ` "${(el.textContent || "").trim().slice(0, 40)}"`;

    if (document.documentElement.lang !== "vi") problems.push("html lang is not vi");
    if (!document.title.trim()) problems.push("no title");
    const h1 = document.querySelectorAll("h1");
    if (h1.length !== 1) problems.push(`${h1.length} h1 elements`);
    let last = 0;
    for (const h of document.querySelectorAll("h1,h2,h3,h4,h5,h6")) {
      const level = Number(h.tagName[1]);
      if (last && level > last + 1) problems.push(`heading level skipped: ${describe(h)}`);
      last = level;
    }
    for (const el of document.querySelectorAll("input,select,textarea")) {
      if (["hidden", "submit", "button"].includes(el.type)) continue;
      const named = (el.labels && el.labels.length) || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
      if (!named) problems.push(`form control without a label: ${describe(el)}`);
    }
    for (const el of document.querySelectorAll("a[href],button")) {
      if (!visible(el)) continue;
      if (!(el.textContent.trim() || el.getAttribute("aria-label"))) problems.push(`no accessible name: ${describe(el)}`);
    }
    const ids = new Map();
    for (const el of document.querySelectorAll("[id]")) ids.set(el.id, (ids.get(el.id) || 0) + 1);
    for (const [id, n] of ids) if (n > 1) problems.push(`id "${id}" used ${n} times`);
    for (const img of document.querySelectorAll("img")) if (!img.hasAttribute("alt")) problems.push("img without alt");

    // Contrast: each element that holds text of its own, against the first opaque background behind it.
    const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] >= 0.99)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    for (const el of document.querySelectorAll("body *")) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own || !visible(el)) continue;
      const s = getComputedStyle(el);
      const fg = rgb(s.color).slice(0, 3), bg = background(el);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      const ratio = (a + 0.05) / (b + 0.05);
      const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
      const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      if (ratio < need) problems.push(`contrast ${ratio.toFixed(2)} < ${need}: ${describe(el)}`);
    }
    return problems;
  });
}
