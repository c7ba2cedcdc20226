// Checks built jaring sites the way a visitor meets them.
//
//   node check.mjs SITE_DIR [SITE_DIR ...]
//
// For every page, opened from file:// and from a static server on 127.0.0.1,
// in headless Chromium at 375 px: no console error, no failed request, no
// request leaving the site, no horizontal scroll, every chart visible with a
// non-zero size, no table wider than its box without a scroll cue (the edge
// shadow, and the "scroll sideways" hint on pages with tables.js), a figure's
// table showing its key column beside the row names, and the links and
// buttons of the page's chrome and downloads at least 24 x 24 px (WCAG 2.2,
// 2.5.8). Without JavaScript, every table wider than its box still shows its
// edge shadow. axe-core on every page: no serious or critical violation.
// The Nu HTML Checker on every page and SVG: no error. Every internal link
// and #anchor resolves (links to the site's own address, base_url, too).
// Where the site has an address, every chart's embed code, pasted into a
// page of another origin at a phone's and a desktop's width, with its
// script and without, shows the whole embedded page: the chart and its
// source line. The search page lists pages by their titles and stays
// within 375 px. Exits 1 and lists every failure when anything fails.

import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const VNU_JAR = require.resolve("vnu-jar/build/dist/vnu.jar");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const PHONE = { width: 375, height: 812 };
const MIN_TARGET = 24;
// The links and buttons of the page's chrome (header, navigation, footer,
// contents, back-to-top) and of its downloads, which must be easy to tap.
const TAP_TARGETS = [
  ".site-header a",
  ".site-footer a",
  ".breadcrumb a",
  ".page-contents a",
  ".back-to-top a",
  ".downloads a",
  ".download-list a",
  ".see-table a",
  ".figure .note a",
  ".report-links a",
  ".data-links a",
  ".file-links a",
  ".table-scroll td a",
  ".search-results a",
  "thead button",
].join(", ");

/// What a page shows of its tables at the current width: per table box,
/// whether it is wider than the box, whether its scroll cues show, and for a
/// figure's table whether its second (key) column is in view.
function tableLayout() {
  const scripted = Boolean(document.querySelector('script[src$="tables.js"]'));
  return [...document.querySelectorAll(".table-scroll")].map((box) => {
    const hint = box.previousElementSibling?.classList.contains("scroll-hint") ? box.previousElementSibling : null;
    const head = box.querySelector("thead tr") || box.querySelector("tr");
    const key = head?.cells[1];
    return {
      name: box.getAttribute("aria-label") || box.querySelector("caption")?.textContent.trim() || "?",
      overflows: box.scrollWidth > box.clientWidth + 1,
      shadow: getComputedStyle(box).backgroundImage.includes("gradient"),
      scripted,
      hint: Boolean(hint && !hint.hidden && hint.getClientRects().length),
      keyInView: !box.closest("figure") || !key || key.getBoundingClientRect().right <= box.getBoundingClientRect().right + 1,
    };
  });
}

const failures = [];
const fail = (site, page, message) => failures.push(`${site}: ${page}: ${message}`);
// A page's console errors, script errors and failed requests are failures.
const reportErrors = (tab, site, label) => {
  tab.on("console", (message) => {
    if (message.type() === "error") fail(site, label, `console error: ${message.text()}`);
  });
  tab.on("pageerror", (error) => fail(site, label, `script error: ${error.message}`));
  tab.on("requestfailed", (request) => fail(site, label, `failed request: ${request.url()}`));
};

function filesUnder(dir, extension) {
  return fs
    .readdirSync(dir, { recursive: true })
    .filter((name) => name.endsWith(extension))
    .map((name) => name.split(path.sep).join("/"))
    .sort();
}

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".pdf": "application/pdf",
  ".xml": "application/xml",
};

function serve(root, pages = {}) {
  const server = http.createServer((request, response) => {
    if (pages[request.url]) {
      response.writeHead(200, { "Content-Type": CONTENT_TYPES[".html"] }).end(pages[request.url]);
      return;
    }
    const url = new URL(request.url, "http://127.0.0.1");
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) {
      response.writeHead(404).end("not found");
      return;
    }
    const type = CONTENT_TYPES[path.extname(file)] || "application/octet-stream";
    response.writeHead(200, { "Content-Type": type });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/// The site's address (base_url, with a final slash), from the canonical
/// link of its home page; null when it has none.
function siteAddress(root) {
  const home = fs.readFileSync(path.join(root, "index.html"), "utf8");
  const canonical = home.match(/<link rel="canonical" href="([^"]*)index\.html">/);
  return canonical ? unescapeHtml(canonical[1]) : null;
}

function unescapeHtml(text) {
  const entities = { "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&#x27;": "'", "&#x2F;": "/", "&amp;": "&" };
  return text.replace(/&(?:lt|gt|quot|#39|#x27|#x2F|amp);/g, (entity) => entities[entity]);
}

/// Every href/src of every page resolves to a published file, and every
/// fragment to an id in its target page. A link to the site's own address
/// is a link into the site.
function checkLinks(site, root, pages, address) {
  const ids = new Map();
  const idsOf = (file) => {
    if (!ids.has(file)) {
      const html = fs.readFileSync(file, "utf8");
      ids.set(file, new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])));
    }
    return ids.get(file);
  };
  for (const page of pages) {
    const file = path.join(root, page);
    const html = fs.readFileSync(file, "utf8");
    for (const [, link] of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      const own = address && unescapeHtml(link).startsWith(address);
      const target = own ? path.relative(path.dirname(file), path.join(root, unescapeHtml(link).slice(address.length))) || "." : link;
      if (/^[a-z]+:/i.test(target)) {
        if (!target.startsWith("data:")) fail(site, page, `links outside the site: ${target}`);
        continue;
      }
      const [pathPart, fragment] = target.split("#");
      const resolved = pathPart ? path.resolve(path.dirname(file), decodeURIComponent(pathPart)) : file;
      if (!resolved.startsWith(root) || !fs.existsSync(resolved) || fs.statSync(resolved).isDirectory()) {
        fail(site, page, `broken link: ${target}`);
      } else if (fragment && resolved.endsWith(".html") && !idsOf(resolved).has(fragment)) {
        fail(site, page, `broken anchor: ${target}`);
      }
    }
  }
}

async function checkInBrowser(site, root, pages, browser, origin, withAxe) {
  for (const page of pages) {
    const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1 });
    const tab = await context.newPage();
    const url = new URL(page, origin).href;
    const label = `${page} (${origin.startsWith("file:") ? "file://" : "http"})`;
    reportErrors(tab, site, label);
    tab.on("request", (request) => {
      const target = request.url();
      if (!target.startsWith(origin) && !target.startsWith("data:")) fail(site, label, `request leaves the site: ${target}`);
    });
    tab.on("response", (response) => {
      if (response.status() >= 400) fail(site, label, `HTTP ${response.status()} for ${response.url()}`);
    });
    await tab.goto(url, { waitUntil: "load" });
    const layout = await tab.evaluate((selectors) => ({
      tapTargets: [...document.querySelectorAll(selectors)]
        .map((element) => ({ element, box: element.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && box.height > 0)
        .map(({ element, box }) => ({
          text: (element.textContent || element.getAttribute("aria-label") || "").trim().slice(0, 40),
          width: Math.round(box.width * 10) / 10,
          height: Math.round(box.height * 10) / 10,
        })),
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      charts: [...document.querySelectorAll("svg.chart-svg")].map((svg) => {
        const box = svg.getBoundingClientRect();
        const style = getComputedStyle(svg);
        return {
          id: svg.closest("figure")?.id || "?",
          width: box.width,
          height: box.height,
          visible: style.display !== "none" && style.visibility !== "hidden" && Number(style.opacity) > 0,
        };
      }),
    }), TAP_TARGETS);
    const tables = await tab.evaluate(tableLayout);
    if (layout.scrollWidth > layout.innerWidth) {
      fail(site, label, `scrolls sideways at ${PHONE.width} px: the page is ${layout.scrollWidth} px wide`);
    }
    for (const target of layout.tapTargets) {
      if (target.width < MIN_TARGET || target.height < MIN_TARGET) {
        fail(site, label, `tap target "${target.text}" is ${target.width}×${target.height} px, under ${MIN_TARGET}×${MIN_TARGET}`);
      }
    }
    for (const table of tables) {
      if (table.overflows && !(table.shadow && (table.hint || !table.scripted))) {
        fail(site, label, `table "${table.name}" is wider than ${PHONE.width} px without a scroll cue (shadow ${table.shadow}, hint ${table.hint})`);
      }
      if (!table.overflows && table.hint) fail(site, label, `table "${table.name}" fits but shows the scroll hint`);
      if (!table.keyInView) fail(site, label, `table "${table.name}" hides its key column at ${PHONE.width} px`);
    }
    for (const chart of layout.charts) {
      if (!chart.visible || chart.width <= 0 || chart.height <= 0) {
        fail(site, label, `chart ${chart.id} is not visible (${chart.width}×${chart.height})`);
      }
    }
    if (withAxe) {
      await tab.addScriptTag({ content: AXE_SOURCE });
      const results = await tab.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
      for (const violation of results.violations) {
        if (violation.impact === "serious" || violation.impact === "critical") {
          const where = violation.nodes.slice(0, 3).map((node) => node.target.join(" ")).join("; ");
          fail(site, label, `axe ${violation.impact}: ${violation.id}: ${violation.help} (${where})`);
        }
      }
    }
    await context.close();
  }
}

/// Without JavaScript, every table wider than a phone still shows that it
/// scrolls (the stylesheet's edge shadow).
async function checkWithoutScripts(site, root, pages, browser) {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
  for (const page of pages) {
    const tab = await context.newPage();
    await tab.goto(pathToFileURL(path.join(root, page)).href, { waitUntil: "load" });
    for (const table of await tab.evaluate(tableLayout)) {
      if (table.overflows && !table.shadow) {
        fail(site, `${page} (no script)`, `table "${table.name}" is wider than ${PHONE.width} px without its edge shadow`);
      }
    }
    await tab.close();
  }
  await context.close();
}

/// In every language, the search page finds the first sector named in that
/// language's coverage table, and lists the coverage page, each result's
/// anchor (the figure its first match is in) on its page; results are
/// named by their pages' titles, never by an address, and neither they nor
/// a query matching long file names widen the page at 375 px.
async function checkSearch(site, root, pages, browser) {
  for (const searchPage of pages.filter((page) => page.endsWith("cari/index.html"))) {
    const prefix = searchPage.slice(0, -"cari/index.html".length);
    const context = await browser.newContext({ viewport: PHONE });
    const tab = await context.newPage();
    await tab.goto(pathToFileURL(path.join(root, prefix, "cakupan/index.html")).href);
    const sector = await tab.evaluate(() => document.querySelector("#coverage_by_sector table tbody th")?.textContent?.trim());
    if (!sector) {
      fail(site, `${prefix}cakupan/index.html`, "no sector table to search for");
      await context.close();
      continue;
    }
    await tab.goto(pathToFileURL(path.join(root, searchPage)).href);
    await tab.fill("#search-input", sector);
    try {
      await tab.waitForSelector("#search-results li a", { timeout: 5000 });
    } catch {
      fail(site, searchPage, `search finds nothing for "${sector}"`);
      await context.close();
      continue;
    }
    const links = await tab.$$eval("#search-results li a", (anchors) => anchors.map((a) => a.href));
    const coverage = links.find((href) => /cakupan\/index\.html(#[\w-]+)?$/.test(href));
    if (!coverage) {
      fail(site, searchPage, `search for "${sector}" does not list the coverage page: ${links.join(", ")}`);
    }
    // A result links to the figure its first match is in: one on the page.
    for (const href of links.filter((link) => link.includes("#"))) {
      const [page, id] = href.split("#");
      const other = await context.newPage();
      await other.goto(page);
      if (!(await other.evaluate((id) => document.getElementById(id) !== null, id))) {
        fail(site, searchPage, `a result for "${sector}" links to #${id}, which ${page} does not have`);
      }
      await other.close();
    }
    for (const query of [sector, "csv"]) {
      await tab.fill("#search-input", query);
      await tab.waitForFunction(
        (text) => document.getElementById("search-status").textContent.includes(text),
        query,
        { timeout: 5000 },
      );
      const shown = await tab.evaluate(() => ({
        names: [...document.querySelectorAll("#search-results li a")].map((a) => a.textContent.trim()),
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      for (const name of shown.names) {
        if (!name || /\.html\b|^\.\.?\//.test(name)) fail(site, searchPage, `a result for "${query}" is named "${name}", not by its title`);
      }
      if (shown.scrollWidth > shown.innerWidth) {
        fail(site, searchPage, `results for "${query}" widen the page to ${shown.scrollWidth} px`);
      }
    }
    await context.close();
  }
}

const EMBED_WIDTHS = [375, 1280];

/// Every chart's embed code, as a journalist pastes it into a page of
/// another origin: the site is served on one port, the host page on
/// another, the embed code's address (base_url) replaced by the site's
/// server. With the code's script the iframe fits the height the embedded
/// page posts; without it, the height the code sets must do: either way
/// the iframe is at least as tall as the embedded page, whose source line
/// shows in it.
async function checkEmbeds(site, root, pages, browser, address) {
  const server = await serve(root);
  const siteOrigin = `http://127.0.0.1:${server.address().port}/`;
  const hostPages = {};
  const chartPages = pages.filter((page) => /(^|\/)grafik\/[^/]+\/index\.html$/.test(page));
  for (const page of chartPages) {
    const html = fs.readFileSync(path.join(root, page), "utf8");
    const code = html.match(/<pre class="embed-code"[^>]*><code>([\s\S]*?)<\/code><\/pre>/);
    if (!code) {
      fail(site, page, "no embed code, though the site has an address");
      continue;
    }
    const pasted = unescapeHtml(code[1]).split(address).join(siteOrigin);
    const host = (body) =>
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Host</title><link rel="icon" href="data:,"></head><body><h1>A story</h1><p>Before the chart.</p>${body}<p>After the chart.</p></body></html>`;
    hostPages[`/${page}/with-script.html`] = host(pasted);
    hostPages[`/${page}/without-script.html`] = host(pasted.replace(/<script>[\s\S]*?<\/script>/g, ""));
  }
  const hostServer = await serve(root, hostPages);
  const hostOrigin = `http://127.0.0.1:${hostServer.address().port}`;
  try {
    for (const [hostPath] of Object.entries(hostPages)) {
      for (const width of EMBED_WIDTHS) {
        const label = `${hostPath.slice(1)} at ${width} px`;
        const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
        const tab = await context.newPage();
        reportErrors(tab, site, label);
        tab.on("request", (request) => {
          const target = request.url();
          if (!target.startsWith(siteOrigin) && !target.startsWith(hostOrigin)) fail(site, label, `request leaves the two sites: ${target}`);
        });
        await tab.goto(hostOrigin + hostPath, { waitUntil: "load" });
        const frame = await waitForEmbed(tab);
        if (!frame) {
          fail(site, label, "the embedded chart does not load");
          await context.close();
          continue;
        }
        const measure = async () => {
          const iframe = await tab.evaluate(() => document.querySelector("iframe").getBoundingClientRect().height);
          const inside = await frame.evaluate(() => {
            const attribution = document.querySelector(".attribution")?.getBoundingClientRect();
            return {
              document: document.documentElement.getBoundingClientRect().height,
              viewport: window.innerHeight,
              source: attribution ? attribution.bottom : Infinity,
              chart: !!document.querySelector("svg.chart-svg"),
            };
          });
          return { iframe, ...inside };
        };
        // The script resizes the iframe once the embedded page has posted
        // its height: give it a moment.
        let sizes = await measure();
        for (let tries = 0; tries < 20 && sizes.iframe + 1 < sizes.document; tries++) {
          await tab.waitForTimeout(100);
          sizes = await measure();
        }
        if (!sizes.chart) fail(site, label, "the embedded page shows no chart");
        if (sizes.iframe + 1 < sizes.document) {
          fail(site, label, `the iframe is ${sizes.iframe} px tall, the embedded page ${Math.ceil(sizes.document)} px: the chart is cut`);
        }
        if (sizes.source > sizes.viewport + 1) {
          fail(site, label, `the source line ends at ${Math.ceil(sizes.source)} px, below the iframe's ${sizes.viewport} px`);
        }
        if (hostPath.endsWith("with-script.html") && sizes.iframe > sizes.document + 2) {
          fail(site, label, `the script leaves the iframe ${sizes.iframe} px tall for a page of ${Math.ceil(sizes.document)} px`);
        }
        await context.close();
      }
    }
  } finally {
    server.close();
    hostServer.close();
  }
  return chartPages.length;
}

/// The embedded page's frame once it has loaded, or null.
async function waitForEmbed(tab) {
  for (let tries = 0; tries < 50; tries++) {
    const frame = tab.frames().find((candidate) => candidate.url().endsWith("/embed.html"));
    if (frame && (await frame.evaluate(() => document.readyState === "complete").catch(() => false))) return frame;
    await tab.waitForTimeout(100);
  }
  return null;
}

function checkMarkup(site, root, pages) {
  const files = [...pages, ...filesUnder(root, ".svg")].map((name) => path.join(root, name));
  try {
    execFileSync("java", ["-jar", VNU_JAR, "--errors-only", "--also-check-svg", "--format", "json", ...files], {
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 << 20,
    });
  } catch (error) {
    const report = JSON.parse(error.stderr.toString() || "{\"messages\":[]}");
    if (!report.messages.length) fail(site, "vnu", error.message);
    for (const message of report.messages) {
      const file = message.url ? path.relative(root, fileURLToPath(message.url)) : "?";
      fail(site, `${file}:${message.lastLine ?? "?"}`, `HTML checker: ${message.message}`);
    }
  }
}

async function main() {
  const sites = process.argv.slice(2);
  if (!sites.length) {
    console.error("usage: node check.mjs SITE_DIR [SITE_DIR ...]");
    process.exit(2);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    for (const site of sites) {
      const root = fs.realpathSync(site);
      const pages = filesUnder(root, ".html");
      if (!pages.length) fail(site, "-", "no pages");
      const address = siteAddress(root);
      checkLinks(site, root, pages, address);
      checkMarkup(site, root, pages);
      await checkInBrowser(site, root, pages, browser, pathToFileURL(root + "/").href, false);
      const server = await serve(root);
      try {
        await checkInBrowser(site, root, pages, browser, `http://127.0.0.1:${server.address().port}/`, true);
      } finally {
        server.close();
      }
      await checkWithoutScripts(site, root, pages, browser);
      await checkSearch(site, root, pages, browser);
      const embeds = address ? await checkEmbeds(site, root, pages, browser, address) : 0;
      console.log(`checked ${pages.length} pages of ${site}${embeds ? `, and ${embeds} charts embedded in another site` : ""}`);
    }
  } finally {
    await browser.close();
  }
  if (failures.length) {
    console.error(failures.join("\n"));
    console.error(`${failures.length} browser and standards failures`);
    process.exit(1);
  }
  console.log("browser and standards checks: all passed");
}

await main();
