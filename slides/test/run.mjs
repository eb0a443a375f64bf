// test/run.mjs: `make -C slides test`. Run after `make all` (the Makefile does).
//
//   snippets  every ```c block compiles; programs print their ```output
//   links     lecture.md <-> labs/NN-topic/README.md, both ways
//   build     the deck and the handout exist and stand on their own
//   render    headless Chromium: every slide fits its frame
//
// Prints one line per check, then "slides: N passed, M failed"; exits 1 when
// a check failed. Environment: SNIPPET_CC, SNIPPET_CFLAGS (the Makefile passes
// the kit's), CHROMIUM (default /usr/bin/chromium), SLIDES_SHOTS=DIR to save a
// PNG of every slide, SLIDES_ONLY=snippets,links,... to run some parts only.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from './markdown.mjs';
import { checkSnippets } from './snippets.mjs';
import { checkLinks, LABS } from './links.mjs';
import { checkRender } from './render.mjs';

const slidesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const kitDir = path.resolve(slidesDir, '..');
const build = path.join(slidesDir, 'build');
const deck = path.join(build, 'lecture.html');
const handout = path.join(build, 'handout.pdf');
const only = process.env.SLIDES_ONLY ? process.env.SLIDES_ONLY.split(',') : null;
const wants = (part) => !only || only.includes(part);
const colour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, s) => (colour ? `\x1b[${code}m${s}\x1b[0m` : s);

let passed = 0;
let failed = 0;
function report(part, results) {
  for (const r of results) {
    if (r.ok) {
      passed++;
      console.log(`${part}: ${r.name}: ${paint(32, 'OK')}`);
    } else {
      failed++;
      console.log(`${part}: ${r.name}: ${paint(31, 'FAIL')}`);
      if (r.detail) console.log(r.detail.replace(/^/gm, '    '));
    }
  }
}

function checkBuild(parsed, cflags) {
  const results = [];
  // Every ```output block belongs to the program just before it.
  parsed.blocks.forEach((b, i) => {
    if (b.info !== 'output') return;
    const prev = parsed.blocks[i - 1];
    results.push({
      name: `the output block at lecture.md:${b.line} follows a program`,
      ok: Boolean(prev && prev.info === 'c' && /\bint\s+main\s*\(/.test(prev.code)),
      detail: 'an ```output block must come right after the ```c block of the program that prints it',
    });
  });
  // The slide that lists the left-out #include lines lists test/prelude.h's.
  const prelude = fs.readFileSync(path.join(slidesDir, 'test', 'prelude.h'), 'utf8');
  const included = [...prelude.matchAll(/^#include <([^>]+)>/gm)].map((m) => m[1]).sort();
  const slide = parsed.source.split(/^#{1,2} /m).find((t) => t.startsWith('How to read the code')) || '';
  const listed = [...slide.matchAll(/`<([^>`]+)>`/g)].map((m) => m[1]).sort();
  results.push({
    name: 'the slide "How to read the code" lists the headers of test/prelude.h',
    ok: JSON.stringify(included) === JSON.stringify(listed),
    detail: `test/prelude.h: ${included.join(' ')}\nthe slide:      ${listed.join(' ') || '(no slide)'}`,
  });
  // ... and shows the kit's compiler flags, as mk/flags.mk sets them (less -O and -g).
  const shown = (slide.match(/```text\n([\s\S]*?)```/) || ['', ''])[1].split(/\s+/).filter(Boolean);
  const kit = cflags.filter((f) => !/^-O/.test(f) && f !== '-g');
  results.push({
    name: 'the slide "How to read the code" shows the kit\'s compiler flags (mk/flags.mk)',
    ok: kit.length > 0 && JSON.stringify(shown) === JSON.stringify(kit),
    detail: `KIT_CFLAGS: ${kit.join(' ') || '(unknown: run make -C slides test)'}\n` +
            `the slide:  ${shown.join(' ') || '(no ```text block)'}`,
  });
  const html = fs.existsSync(deck) ? fs.readFileSync(deck, 'utf8') : '';
  results.push({ name: 'the deck was built (build/lecture.html)', ok: html.length > 0,
                 detail: 'run `make -C slides` first' });
  const remote = [...html.matchAll(/<(?:script|link|img)\b[^>]*\b(?:src|href)="(https?:[^"]*)"/g)]
    .map((m) => m[1]);
  results.push({ name: 'the deck is one self-contained file (no remote scripts, styles or images)',
                 ok: html.length > 0 && remote.length === 0, detail: remote.slice(0, 5).join('\n') });
  const pdf = fs.existsSync(handout) ? fs.readFileSync(handout) : Buffer.alloc(0);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  results.push({
    name: `the handout was built (build/handout.pdf, ${pages} pages)`,
    ok: pdf.subarray(0, 5).toString() === '%PDF-' &&
        pdf.subarray(-1024).toString('latin1').includes('%%EOF') && pages >= LABS.length,
    detail: pdf.length ? `a PDF of ${pdf.length} bytes and ${pages} pages: too short, or not a PDF`
                       : 'missing: run `make -C slides handout`',
  });
  return results;
}

const started = Date.now();
const parsed = parse(fs.readFileSync(path.join(slidesDir, 'lecture.md'), 'utf8'));

const cflags = (process.env.SNIPPET_CFLAGS || '').split(/\s+/).filter(Boolean);

if (wants('snippets')) {
  report('snippets', await checkSnippets(parsed, {
    cc: process.env.SNIPPET_CC || 'cc',
    cflags,
    prelude: path.join(slidesDir, 'test', 'prelude.h'),
  }));
}
if (wants('links')) report('links', checkLinks(parsed, { slidesDir, kitDir }));
if (wants('build')) report('build', checkBuild(parsed, cflags));
if (wants('render')) {
  report('render', await checkRender({
    deck,
    chromiumPath: process.env.CHROMIUM || '/usr/bin/chromium',
    shotsDir: process.env.SLIDES_SHOTS || null,
    sectionIds: LABS.map((lab) => `lab-${lab}`),
  }));
}

console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
console.log(`slides: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
