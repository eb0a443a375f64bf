// test/render.mjs: headless Chromium shows every slide of build/lecture.html,
// and nothing on a slide leaves the slide's frame or is cut off.
//
// The check reads the rendered layout: for each slide, the bounding boxes of
// its elements and of its text (Range.getClientRects) must lie inside the
// reveal.js frame (.reveal .slides, 1280 x 720 scaled to the window), no box
// may hold content wider or taller than itself (scrollWidth > clientWidth:
// cut off or spilling), and every image must have loaded. The page may load
// nothing but file: and data: URLs: the deck works offline.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

// How many slides a lecture of 75 to 90 minutes holds (issue 11).
export const SLIDE_RANGE = [40, 50];

// The flags the kit runs Chromium with (README.md); playwright adds --headless.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
               '--disable-background-networking', '--disable-component-update',
               '--disable-sync'];

// Runs in the page: shows slide i and lists what is wrong with its layout.
function inspectSlide(i) {
  const TOL = 1.5;   // px: sub-pixel rounding of the scaled frame
  /* global Reveal */
  const slide = Reveal.getSlides()[i];
  const { h, v } = Reveal.getIndices(slide);
  Reveal.slide(h, v);
  const frame = document.querySelector('.reveal .slides').getBoundingClientRect();
  const heading = slide.querySelector('h1, h2, .title');
  const title = heading ? heading.textContent.trim().replace(/\s+/g, ' ') : `slide ${i + 1}`;
  const problems = [];
  const describe = (el) => {
    const text = (el.textContent || el.getAttribute('alt') || '').trim().replace(/\s+/g, ' ');
    return `<${el.tagName.toLowerCase()}${el.className ? ` class="${el.className}"` : ''}>` +
           (text ? ` "${text.slice(0, 50)}${text.length > 50 ? '...' : ''}"` : '');
  };
  const outside = (r) => {
    const sides = [];
    if (r.right > frame.right + TOL) sides.push(`${Math.round(r.right - frame.right)} px past the right edge`);
    if (r.bottom > frame.bottom + TOL) sides.push(`${Math.round(r.bottom - frame.bottom)} px below the bottom`);
    if (r.left < frame.left - TOL) sides.push(`${Math.round(frame.left - r.left)} px past the left edge`);
    if (r.top < frame.top - TOL) sides.push(`${Math.round(frame.top - r.top)} px above the top`);
    return sides;
  };
  const hidden = (el) => el.closest('aside.notes') ||
    getComputedStyle(el).display === 'none' || getComputedStyle(el).visibility === 'hidden';

  if (!slide.classList.contains('present')) problems.push('reveal.js did not show it');
  const box = slide.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) problems.push('it renders with no size');
  if (!slide.textContent.trim() && !slide.querySelector('img')) problems.push('it renders empty');

  for (const el of slide.querySelectorAll('*')) {
    if (hidden(el)) continue;
    for (const r of el.getClientRects()) {
      if (r.width === 0 && r.height === 0) continue;
      const sides = outside(r);
      if (sides.length) { problems.push(`${describe(el)} reaches ${sides.join(', ')}`); break; }
    }
    if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 2) {
      problems.push(`${describe(el)} holds content ${el.scrollWidth - el.clientWidth} px wider than its box`);
    }
    if (el.clientHeight > 0 && el.scrollHeight > el.clientHeight + 2 &&
        getComputedStyle(el).overflowY !== 'visible') {
      problems.push(`${describe(el)} cuts off ${el.scrollHeight - el.clientHeight} px of its content`);
    }
    if (el.tagName === 'IMG' && !(el.complete && el.naturalWidth > 0)) {
      problems.push(`${describe(el)} did not load (${(el.getAttribute('src') || '').slice(0, 60)})`);
    }
  }
  // Text itself, which element boxes do not always bound.
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || hidden(node.parentElement)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width === 0 && r.height === 0) continue;
      const sides = outside(r);
      if (sides.length) {
        problems.push(`text "${node.textContent.trim().slice(0, 40)}" reaches ${sides.join(', ')}`);
        break;
      }
    }
  }
  return { title, id: slide.id, problems: [...new Set(problems)].slice(0, 6) };
}

export async function checkRender({ deck, chromiumPath, shotsDir, sectionIds }) {
  const results = [];
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'slides-chromium-'));
  const remote = [];
  const errors = [];
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 720 },
    });
    await context.route(/^(https?|wss?|ftp):/, (route) => {
      remote.push(route.request().url());
      return route.abort();
    });
    const page = context.pages()[0] || await context.newPage();
    page.on('request', (req) => {
      if (!/^(file|data|blob|about):/.test(req.url())) remote.push(req.url());
    });
    page.on('pageerror', (err) => errors.push(String(err)));
    page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });

    await page.goto(pathToFileURL(deck).href, { waitUntil: 'load' });
    await page.waitForFunction(() => window.Reveal && window.Reveal.isReady(), null, { timeout: 15000 });
    await page.evaluate(async () => {
      await document.fonts.ready;
      await Promise.all([...document.images].map((img) => img.decode().catch(() => {})));
    });

    const count = await page.evaluate(() => window.Reveal.getSlides().length);
    const [least, most] = SLIDE_RANGE;
    results.push({
      name: `the deck has ${least} to ${most} slides, a lecture of 75 to 90 minutes (${count})`,
      ok: count >= least && count <= most,
      detail: `${count} slides, as reveal.js counts them (the title, every # and every ## ` +
              `heading): ${count < least ? 'did pandoc split the sections?' : 'cut or merge slides'}`,
    });
    if (shotsDir) fs.mkdirSync(shotsDir, { recursive: true });
    for (let i = 0; i < count; i++) {
      const r = await page.evaluate(inspectSlide, i);
      if (shotsDir) {
        await page.screenshot({ path: path.join(shotsDir, `slide-${String(i + 1).padStart(2, '0')}.png`) });
      }
      results.push({
        name: `slide ${i + 1} "${r.title}" renders within its frame`,
        ok: r.problems.length === 0,
        detail: r.problems.join('\n'),
      });
    }

    // The anchors the lab READMEs use exist in the deck, and its links resolve.
    const found = await page.evaluate((ids) => ids.filter((id) => {
      const el = document.getElementById(id);
      return el && el.tagName === 'SECTION';
    }), sectionIds);
    const missing = sectionIds.filter((id) => !found.includes(id));
    results.push({ name: 'the deck has a slide section for each lab anchor', ok: missing.length === 0,
                   detail: `no <section id=...> for: ${missing.join(', ')}` });
    const hrefs = await page.evaluate(() => [...document.querySelectorAll('.reveal a[href]')]
      .map((a) => a.href).filter((h) => h.startsWith('file:')));
    const dead = [...new Set(hrefs.map((h) => h.replace(/#.*$/, '')))]
      .filter((h) => h !== pathToFileURL(deck).href && !fs.existsSync(fileURLToPath(h)));
    results.push({ name: `the deck's links to other files resolve (${hrefs.length} links)`,
                   ok: dead.length === 0, detail: dead.map((h) => `${h} does not exist`).join('\n') });
  } catch (e) {
    results.push({ name: 'headless Chromium renders the deck', ok: false, detail: String(e.stack || e) });
  } finally {
    if (context) await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  }
  results.push({ name: 'the deck loads nothing from the network', ok: remote.length === 0,
                 detail: [...new Set(remote)].slice(0, 5).join('\n') });
  results.push({ name: 'the deck runs without script errors', ok: errors.length === 0,
                 detail: errors.slice(0, 5).join('\n') });
  return results;
}
