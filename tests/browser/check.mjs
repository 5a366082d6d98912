// Opens each HTML report in headless Chromium (Debian's package) and checks it: no console
// errors and no network requests (the file is self-contained), one h1 and chapters as h2,
// tables with captions and scoped header cells, every contents link leads to a heading,
// every chart drawing an SVG named by its caption and described by its text, and axe-core finds no violations (all rules,
// WCAG 2.1 A/AA and best practices). With `--screenshot FILE` the first report's first
// screen is saved as PNG.
//
// Usage: node check.mjs [--screenshot out.png] report.html...
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const args = process.argv.slice(2);
let screenshot = null;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--screenshot') screenshot = args[++i];
  else files.push(args[i]);
}
if (files.length === 0) {
  console.error('usage: node check.mjs [--screenshot out.png] report.html...');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
let failed = 0;
for (const file of files) {
  const problems = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const url = pathToFileURL(resolve(file)).href;
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (r.url() !== url && !r.url().startsWith('data:')) problems.push(`request: ${r.url()}`); });
  await page.goto(url, { waitUntil: 'load' });
  const facts = await page.evaluate(() => {
    const q = (s) => Array.from(document.querySelectorAll(s));
    const links = q('nav a[href^="#"]');
    return {
      lang: document.documentElement.lang,
      title: document.title,
      h1: q('h1').length,
      h2: q('main h2').length,
      landmarks: ['header', 'nav', 'main'].filter((t) => document.querySelector(t)),
      tables: q('table').length,
      captioned: q('main table caption').length,
      scoped: q('table th[scope]').length,
      unscopedHeaders: q('table th:not([scope])').length,
      brokenLinks: links.filter((a) => !document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)))).map((a) => a.getAttribute('href')),
      tocLinks: links.length,
      figures: q('figure.diagram').length,
      svgs: q('figure.diagram svg').length,
      namedSvgs: q('figure.diagram svg[role="img"][aria-labelledby][aria-describedby]').length,
      scripts: q('script').length,
    };
  });
  if (facts.lang !== 'sv') problems.push(`lang is "${facts.lang}", expected "sv"`);
  if (!facts.title) problems.push('no <title>');
  if (facts.h1 !== 1) problems.push(`${facts.h1} h1 elements, expected 1`);
  if (facts.h2 < 1) problems.push('no chapter headings (h2) in main');
  if (facts.landmarks.length !== 3) problems.push(`landmarks: ${facts.landmarks.join(', ')}`);
  if (facts.tables < 1 || facts.captioned < 1 || facts.scoped < 1) problems.push(`tables ${facts.tables}, captioned ${facts.captioned}, scoped header cells ${facts.scoped}`);
  if (facts.unscopedHeaders > 0) problems.push(`${facts.unscopedHeaders} th without scope`);
  if (facts.tocLinks < 1) problems.push('no contents links');
  if (facts.brokenLinks.length) problems.push(`contents links without target: ${facts.brokenLinks.join(' ')}`);
  // A chart type the SVG renderer does not know is shown as its description and figures.
  if (facts.namedSvgs !== facts.svgs) problems.push(`${facts.svgs} chart drawings but only ${facts.namedSvgs} named and described`);
  if (facts.scripts) problems.push('the page has scripts');
  await page.addScriptTag({ content: axeSource });
  const axe = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return { violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })), rules: r.passes.length + r.violations.length + r.incomplete.length + r.inapplicable.length };
  });
  for (const v of axe.violations) problems.push(`axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.join(', ')}`);
  if (screenshot && file === files[0]) {
    await page.screenshot({ path: screenshot });
  }
  await page.close();
  const summary = `${facts.h2} chapters, ${facts.tables} tables, ${facts.figures} charts, ${axe.rules} axe rules`;
  if (problems.length) {
    failed++;
    console.log(`FAIL ${file} (${summary})`);
    for (const p of problems) console.log(`  - ${p}`);
  } else {
    console.log(`ok   ${file} (${summary}, no violations)`);
  }
}
await browser.close();
process.exit(failed ? 1 : 0);
