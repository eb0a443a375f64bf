// test/markdown.mjs: the little of lecture.md's structure that the tests need:
// headings with their anchors, fenced code blocks with the snippet comments
// before them, and links. Not a Markdown parser; lecture.md keeps to the
// plain forms it understands (``` fences at the start of a line, ATX headings).

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to
 *  hyphens. Pandoc gives the same for the "Lab NN: topic" headings; the
 *  render test checks the deck's ids as pandoc made them. */
export function slug(text) {
  return text
    .replace(/`/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

/** Parses `source`. Returns { headings, blocks, links }:
 *  headings: { level, text, id, line }
 *  blocks:   { info, code, line (first code line), directive, heading }
 *  links:    { text, target, line, heading }   (images excluded)
 *  Line numbers are 1-based. */
export function parse(source) {
  const lines = source.split('\n');
  const headings = [];
  const blocks = [];
  const links = [];
  const seen = new Map();
  let heading = null;
  let fence = null;          // { marker, info, start, code: [] }
  let inComment = false;
  let pendingDirective = null;
  let inYaml = lines[0] === '---';
  const prose = [];   // { n, text }: lines outside code, comments and YAML

  for (let i = inYaml ? 1 : 0; i < lines.length; i++) {
    const line = lines[i];
    const n = i + 1;
    if (inYaml) {
      if (line === '---' || line === '...') inYaml = false;
      continue;
    }
    if (fence) {
      if (line.startsWith(fence.marker) && line.trim() === fence.marker) {
        blocks.push({ info: fence.info, code: fence.code.join('\n') + '\n',
                      line: fence.start + 1, directive: fence.directive, heading });
        fence = null;
      } else {
        fence.code.push(line);
      }
      continue;
    }
    if (inComment) {
      if (line.includes('-->')) inComment = false;
      continue;
    }
    const directive = line.match(/^<!--\s*snippet:\s*(.*?)\s*-->\s*$/);
    if (directive) {
      pendingDirective = directive[1];
      continue;
    }
    if (line.trimStart().startsWith('<!--')) {
      if (!line.includes('-->')) inComment = true;
      continue;
    }
    const open = line.match(/^(`{3,})\s*([^`\s]*)\s*$/);
    if (open) {
      fence = { marker: open[1], info: open[2], start: n, code: [],
                directive: pendingDirective };
      pendingDirective = null;
      continue;
    }
    if (line.trim() !== '') pendingDirective = null;
    const h = line.match(/^(#{1,6})\s+(.*?)\s*#*\s*$/);
    if (h) {
      let text = h[2];
      let id = null;
      const attr = text.match(/\s*\{#([^}\s]+)[^}]*\}$/);
      if (attr) { id = attr[1]; text = text.slice(0, attr.index); }
      if (!id) {
        const base = slug(text);
        const count = seen.get(base) || 0;
        id = count ? `${base}-${count}` : base;
        seen.set(base, count + 1);
      }
      heading = { level: h[1].length, text, id, line: n };
      headings.push(heading);
      continue;
    }
    prose.push({ n, text: line });
  }
  // Links: [text](target), not images ![alt](src); the text may span lines.
  const plain = prose.map((p) => p.text.replace(/`[^`]*`/g, '``'));
  const text = plain.join('\n');
  const starts = [];
  let offset = 0;
  for (const p of plain) { starts.push(offset); offset += p.length + 1; }
  for (const m of text.matchAll(/(!?)\[([^\]]*)\]\(([^)\s]+)\)/g)) {
    if (m[1] === '!') continue;
    let k = 0;
    while (k + 1 < starts.length && starts[k + 1] <= m.index) k++;
    const n = prose[k].n;
    const under = headings.filter((h) => h.line <= n).pop() || null;
    links.push({ text: m[2].replace(/\s+/g, ' '), target: m[3], line: n, heading: under });
  }
  return { headings, blocks, links, source };
}

/** All [text](target) links of a Markdown file other than lecture.md. */
export function linksOf(source) {
  const out = [];
  source.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/(!?)\[([^\]]*)\]\(([^)\s]+)\)/g)) {
      if (m[1] !== '!') out.push({ text: m[2], target: m[3], line: i + 1 });
    }
  });
  return out;
}
