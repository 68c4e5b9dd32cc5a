#!/usr/bin/env node
// What a reader's browser makes of the tool's HTML, for tests/test_browser_checks.py: one
// headless Chromium (Debian's, never a browser playwright would download) opens every file,
// runs axe-core in it, measures its tables as they are laid out on A4, and prints the
// files asked for to PDF as a reader would.
//
//   node check.js JOB.json    prints one JSON object on stdout
//
// JOB.json: {"axe": [HTML, ...], "measure": [HTML, ...], "pdf": [{"html": HTML, "pdf": OUT}, ...]}
// Output:   {"chromium": VERSION,
//            "axe": {HTML: [{"id", "impact", "help", "nodes": [{"target", "html", "summary"}]}]},
//            "print": {HTML: {"printable_width": PX, "widest": {"index", "width", "caption"},
//                             "tables": [...]}},
//            "pdf": [OUT, ...]}
// REVISION_CHECK_TIMES=1 writes how long each file took to stderr.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const AXE = require.resolve('axe-core/axe.min.js');
// The rules the checks hold the HTML to: WCAG 2.0 and 2.1, levels A and AA (what Swedish
// public bodies must meet under the law on accessible digital public services).
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const CHROMIUM = process.env.REVISION_CHROMIUM || '/usr/bin/chromium';
const A4_WIDTH_MM = 210;

async function axe(page, file) {
  await page.goto('file://' + path.resolve(file));
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    TAGS,
  );
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
  }));
}

// The width the page leaves for its content on A4: the paper less the @page rule's side margins
// (a rule inside @media print too), measured by the browser itself so that cm, mm and pt count
// as they print. Without an @page rule, Chromium prints with no margin of its own here.
function printableWidth(paperWidth) {
  let left = '0px';
  let right = '0px';
  let paper = paperWidth;
  const walk = (rules) => {
    for (const rule of rules) {
      if (rule instanceof CSSPageRule && !rule.selectorText) {
        left = rule.style.marginLeft || left;
        right = rule.style.marginRight || right;
        // a page laid on its side (the side-by-side comparison): A4's long edge across
        if (/landscape/.test(rule.style.size || '')) paper = '297mm';
      } else if (rule.cssRules) {
        walk(rule.cssRules);
      }
    }
  };
  for (const sheet of document.styleSheets) walk(sheet.cssRules);
  const px = (length) => {
    const probe = document.createElement('div');
    probe.style.cssText = `position:absolute;visibility:hidden;width:${length}`;
    document.body.appendChild(probe);
    const width = probe.getBoundingClientRect().width;
    probe.remove();
    return width;
  };
  return px(paper) - px(left) - px(right);
}

function tableWidths() {
  return Array.from(document.querySelectorAll('table'), (table, index) => {
    const caption = table.caption ? table.caption.textContent.trim() : '';
    const heading = caption || (table.querySelector('th') ? table.querySelector('th').textContent.trim() : '');
    // The wider of what the table takes and what it would need: a table squeezed into its
    // box overflows it (scrollWidth), one that pushes its box out is wide itself.
    const width = Math.max(table.scrollWidth, table.getBoundingClientRect().width);
    return { index, width: Math.ceil(width), caption: heading.slice(0, 80) };
  });
}

// Every table measured as the page is laid out on paper: print media, and a viewport exactly
// as wide as the printable width (read from the page's own @page rule, so the page is loaded
// again when its margins differ from the last one's).
async function measure(page, file) {
  await page.goto('file://' + path.resolve(file));
  const width = Math.floor(await page.evaluate(printableWidth, `${A4_WIDTH_MM}mm`));
  if (page.viewportSize().width !== width) {
    await page.setViewportSize({ width, height: 1100 });
    await page.goto('file://' + path.resolve(file));
  }
  const tables = await page.evaluate(tableWidths);
  const widest = tables.reduce((a, b) => (a && a.width >= b.width ? a : b), null);
  return { printable_width: width, widest, tables };
}

async function main() {
  const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf-8'));
  const times = process.env.REVISION_CHECK_TIMES ? [] : null;
  const timed = async (what, file, work) => {
    const start = Date.now();
    const result = await work();
    if (times) times.push(`${Date.now() - start} ms ${what} ${file}`);
    return result;
  };
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  try {
    const out = { chromium: browser.version(), axe: {}, print: {}, pdf: [] };
    const screen = await browser.newContext();
    // axe-core is put into every page before the page's own parsing starts, once for all.
    await screen.addInitScript({ path: AXE });
    // Two pages at a time: axe spends most of its time in the page (colour contrast), so a
    // second core, where there is one, halves the wait.
    const queue = [...(job.axe || [])];
    const worker = async () => {
      const page = await screen.newPage();
      for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
        out.axe[file] = await timed('axe', file, () => axe(page, file));
      }
    };
    const cores = os.availableParallelism ? os.availableParallelism() : os.cpus().length; // Node 18.13 lacks the first
    await Promise.all(Array.from({ length: Math.min(2, cores) }, worker));
    await screen.close();

    const paper = await browser.newContext({ viewport: { width: 642, height: 1100 } });
    const printed = await paper.newPage();
    await printed.emulateMedia({ media: 'print' });
    for (const file of job.measure || []) out.print[file] = await timed('measure', file, () => measure(printed, file));
    for (const item of job.pdf || []) {
      await timed('pdf', item.html, async () => {
        await printed.goto('file://' + path.resolve(item.html));
        await printed.pdf({ path: item.pdf, format: 'A4', preferCSSPageSize: true, printBackground: true });
      });
      out.pdf.push(item.pdf);
    }
    await paper.close();
    if (times) process.stderr.write(times.join('\n') + '\n');
    process.stdout.write(JSON.stringify(out));
  } finally {
    await browser.close();
  }
}
main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + '\n');
  process.exit(1);
});
