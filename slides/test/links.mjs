// test/links.mjs: the links between the lecture and the labs.
//
// - lecture.md has a section "Lab NN: topic" (anchor lab-NN-topic) for each
//   of the seven labs, in lab order, and each names its lab and links to
//   ../labs/NN-topic/README.md, which exists;
// - each labs/NN-topic/README.md links to ../../slides/lecture.md#lab-NN-topic,
//   and every link of a README into the slides lands on a section;
// - every other relative link and #anchor in lecture.md resolves.

import fs from 'node:fs';
import path from 'node:path';
import { linksOf } from './markdown.mjs';

export const LABS = ['01-create', '02-reopen', '03-attach', '04-detach',
                     '05-remove', '06-semaphores', '07-ring'];

function splitTarget(target) {
  const hash = target.indexOf('#');
  return hash === -1 ? [target, ''] : [target.slice(0, hash), target.slice(hash + 1)];
}

const isExternal = (t) => /^[a-z][a-z0-9+.-]*:/i.test(t);

export function checkLinks(parsed, { slidesDir, kitDir }) {
  const results = [];
  const ids = new Set(parsed.headings.map((h) => h.id));
  const sections = parsed.headings.filter((h) => h.level === 1);

  // The lab sections, in order.
  const labSections = sections.filter((h) => /^lab-\d\d-/.test(h.id)).map((h) => h.id);
  const wanted = LABS.map((lab) => `lab-${lab}`);
  results.push({
    name: 'lecture.md has one section per lab, in lab order (lab-01-create ... lab-07-ring)',
    ok: JSON.stringify(labSections) === JSON.stringify(wanted),
    detail: `sections found: ${labSections.join(', ') || 'none'}\nwanted: ${wanted.join(', ')}\n` +
            'A lab section\'s heading is "# Lab NN: topic", which makes the anchor lab-NN-topic.',
  });

  for (const lab of LABS) {
    const id = `lab-${lab}`;
    const section = sections.find((h) => h.id === id);
    if (!section) continue;               // reported above
    const next = sections.find((h) => h.line > section.line);
    const inSection = parsed.links.filter(
      (l) => l.line > section.line && (!next || l.line < next.line));
    const want = `../labs/${lab}/README.md`;
    const readme = path.join(kitDir, 'labs', lab, 'README.md');
    const linked = inSection.some((l) => l.target === want);
    results.push({
      name: `section ${id} names lab ${lab.slice(0, 2)} and links to ${want}`,
      ok: linked && fs.existsSync(readme) &&
          new RegExp(`\\bLab ${lab.slice(0, 2)}\\b`).test(section.text),
      detail: !linked ? `no link to ${want} in the section (lecture.md:${section.line})`
            : !fs.existsSync(readme) ? `the link does not resolve: labs/${lab}/README.md does not exist`
            : `the heading "${section.text}" does not name "Lab ${lab.slice(0, 2)}"`,
    });
  }

  // Each lab README links back to its section, and all its slide links resolve.
  for (const lab of LABS) {
    const readme = path.join(kitDir, 'labs', lab, 'README.md');
    const name = `labs/${lab}/README.md links to ../../slides/lecture.md#lab-${lab}`;
    if (!fs.existsSync(readme)) {
      results.push({ name, ok: false, detail: `labs/${lab}/README.md does not exist` });
      continue;
    }
    const links = linksOf(fs.readFileSync(readme, 'utf8'));
    const own = links.some((l) => l.target === `../../slides/lecture.md#lab-${lab}`);
    const bad = links.filter((l) => {
      const [file, frag] = splitTarget(l.target);
      if (isExternal(l.target) || !/slides\/lecture\.md$/.test(file)) return false;
      const resolved = path.resolve(path.dirname(readme), file);
      return resolved !== path.join(slidesDir, 'lecture.md') || (frag && !ids.has(frag));
    });
    results.push({
      name,
      ok: own && bad.length === 0,
      detail: !own ? `no link [..](../../slides/lecture.md#lab-${lab}) in labs/${lab}/README.md`
                   : bad.map((l) => `README.md:${l.line}: ${l.target} lands on no section`).join('\n'),
    });
  }

  // Every other link of lecture.md resolves.
  const broken = [];
  for (const l of parsed.links) {
    if (isExternal(l.target)) continue;
    if (/^\.\.\/labs\/[^/]+\/README\.md$/.test(l.target)) continue;   // checked per lab above
    const [file, frag] = splitTarget(l.target);
    if (!file) {
      if (!ids.has(frag)) broken.push(`lecture.md:${l.line}: #${frag} is no heading's anchor`);
      continue;
    }
    const resolved = path.resolve(slidesDir, file);
    if (!fs.existsSync(resolved)) broken.push(`lecture.md:${l.line}: ${l.target} does not exist`);
  }
  results.push({
    name: `every link of lecture.md resolves (${parsed.links.length} links)`,
    ok: broken.length === 0,
    detail: broken.join('\n'),
  });
  results.push(checkTestNumbers(parsed, kitDir));
  return results;
}

/** The test numbers the slides cite in bold (**1.9**, **1.1 to 1.3**) are
 *  tests that exist: GRADED(..., "1.9", ...) in the lab tests of labs/NN-topic/tests. */
function checkTestNumbers(parsed, kitDir) {
  const graded = new Set();
  for (const lab of LABS) {
    const dir = path.join(kitDir, 'labs', lab, 'tests');
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('_tests.c'))) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const m of text.matchAll(/GRADED\(\s*\w+\s*,\s*"(\d+\.\d+)"/g)) graded.add(m[1]);
    }
  }
  const cited = [];
  for (const m of parsed.source.matchAll(/\*\*(\d+\.\d+(?:(?:,\s*|\s+to\s+)\d+\.\d+)*)\*\*/g)) {
    const line = parsed.source.slice(0, m.index).split('\n').length;
    const parts = m[1].split(/,\s*/);
    for (const part of parts) {
      const range = part.split(/\s+to\s+/);
      const [lab, first] = range[0].split('.').map(Number);
      const last = range[1] ? Number(range[1].split('.')[1]) : first;
      for (let k = first; k <= last; k++) cited.push({ number: `${lab}.${k}`, line });
    }
  }
  const unknown = cited.filter((c) => !graded.has(c.number));
  return {
    name: `the test numbers the slides cite are tests of the labs (${cited.length} cited)`,
    ok: cited.length > 0 && unknown.length === 0,
    detail: cited.length === 0 ? 'no **N.M** test number found in lecture.md'
      : unknown.map((c) => `lecture.md:${c.line}: test ${c.number} is in no lab's tests table ` +
                           '(GRADED(..., "N.M", ...) in labs/NN-topic/tests/)').join('\n'),
  };
}
