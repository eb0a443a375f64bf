// test/snippets.mjs: every ```c block of lecture.md compiles, and every
// program followed by an ```output block still prints exactly that.
//
// How a block is compiled (README.md, "Code on the slides"):
// - with `-include test/prelude.h` (the #include lines the slides leave out)
//   and the kit's flags, KIT_CFLAGS of mk/flags.mk (the Makefile passes them
//   as SNIPPET_CFLAGS: -std=c11 -D_DEFAULT_SOURCE -Wall ... -Werror);
// - `<!-- snippet: inside SIGNATURE -->`: the block is the body of a function
//   with that signature (declared first, so that no prototype is missing);
// - `<!-- snippet: after previous -->`: the previous C block (with what it
//   came after) is compiled in front of this one;
// - a block with no `main` is a part of a bigger file: compiled with -c, and
//   without -Wmissing-prototypes and -Wunused-function;
// - a block with `main` is linked; if the next fenced block is ```output, the
//   program runs in a private IPC namespace and its stdout must equal that
//   block (trailing blanks on a line ignored), its exit status must be 0, and
//   it must leave no segment or semaphore set behind.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const run = promisify(execFile);
const FRAGMENT_FLAGS = ['-Wno-missing-prototypes', '-Wno-unused-function'];

/** The compile units: one per C block, with the blocks it comes after. */
export function units(parsed) {
  const out = [];
  let previous = null;       // the previous C unit
  const blocks = parsed.blocks;
  blocks.forEach((block, index) => {
    if (block.info !== 'c') return;
    const directive = block.directive || '';
    const parts = directive.split(';').map((s) => s.trim()).filter(Boolean);
    let inside = null;
    let after = false;
    const unknown = [];
    for (const part of parts) {
      if (part === 'after previous') after = true;
      else if (part.startsWith('inside ')) inside = part.slice('inside '.length).trim();
      else unknown.push(part);
    }
    const own = inside
      ? `${inside};\n${inside}\n{\n#line ${block.line} "lecture.md"\n${block.code}}\n`
      : `#line ${block.line} "lecture.md"\n${block.code}`;
    const chain = after && previous ? previous.source : '';
    const next = blocks[index + 1];
    const source = chain + own;
    const isProgram = /\bint\s+main\s*\(/.test(source);
    const unit = {
      line: block.line,
      heading: block.heading ? block.heading.text : '(no heading)',
      source,
      isProgram,
      expected: isProgram && next && next.info === 'output' ? next.code : null,
      errors: [],
    };
    if (unknown.length) unit.errors.push(`unknown snippet directive: "${unknown.join('; ')}"`);
    if (after && !previous) unit.errors.push('"after previous" but no C block comes before it');
    out.push(unit);
    previous = unit;
  });
  return out;
}

function normalise(text) {
  return text.split('\n').map((l) => l.replace(/\s+$/, '')).join('\n').replace(/\n+$/, '');
}

/** The command that runs argv in a private IPC namespace. */
function namespaced(argv) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const unshare = root ? ['unshare', '--ipc'] : ['unshare', '--user', '--map-root-user', '--ipc'];
  return [...unshare, '--', ...argv];
}

// Runs the program, then counts what it left in its namespace (which dies
// with it either way). Prints the program's stdout to $2, the count to stdout.
const RUNNER = `"$1" >"$2"; status=$?
left=$(( $(wc -l </proc/sysvipc/shm) + $(wc -l </proc/sysvipc/sem) - 2 ))
echo "$left"; exit $status`;

async function checkUnit(unit, dir, cc, cflags, prelude, index) {
  const name = `snippet at lecture.md:${unit.line} ("${unit.heading}")`;
  if (unit.errors.length) return { name, ok: false, detail: unit.errors.join('\n') };
  const src = path.join(dir, `snippet-${index}.c`);
  fs.writeFileSync(src, unit.source);
  const flags = [...cflags, ...(unit.isProgram ? [] : FRAGMENT_FLAGS),
                 '-include', prelude];
  const out = path.join(dir, unit.isProgram ? `snippet-${index}` : `snippet-${index}.o`);
  try {
    await run(cc, [...flags, ...(unit.isProgram ? [] : ['-c']), src, '-o', out],
              { timeout: 60000 });
  } catch (e) {
    return { name, ok: false, detail: `does not compile:\n${e.stderr || e.message}` };
  }
  if (!unit.expected) {
    return { name: `${name} compiles`, ok: true };
  }
  const outFile = path.join(dir, `snippet-${index}.out`);
  const [cmd, ...args] = namespaced(['sh', '-c', RUNNER, 'runner', out, outFile]);
  let leftover;
  try {
    const r = await run(cmd, args, { timeout: 15000, cwd: dir });
    leftover = parseInt(r.stdout.trim(), 10);
  } catch (e) {
    const seen = fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8') : '';
    const why = e.killed ? 'was killed after 15 s' : `exited with status ${e.code}`;
    return { name, ok: false,
             detail: `compiles, but the program ${why}.\n${e.stderr || ''}output so far:\n${seen}` };
  }
  const seen = fs.readFileSync(outFile, 'utf8');
  if (normalise(seen) !== normalise(unit.expected)) {
    return { name, ok: false,
             detail: `prints something else than its output block.\n--- the slide says:\n` +
                     `${normalise(unit.expected)}\n--- the program printed:\n${normalise(seen)}` };
  }
  if (leftover !== 0) {
    return { name, ok: false,
             detail: `prints its output, but leaves ${leftover} IPC object(s) behind: remove them in the snippet` };
  }
  return { name: `${name} compiles and prints its output`, ok: true };
}

/** Checks every unit, two at a time. Returns [{ name, ok, detail }]. */
export async function checkSnippets(parsed, { cc = 'cc', cflags = [], prelude }) {
  if (!cflags.includes('-Werror')) {
    return [{ name: 'the kit\'s compiler flags are known', ok: false,
              detail: 'SNIPPET_CFLAGS holds no -Werror: run `make -C slides test`, which ' +
                      'passes KIT_CFLAGS of mk/flags.mk' }];
  }
  const list = units(parsed);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slides-snippets-'));
  const results = new Array(list.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(2, os.cpus().length) }, async () => {
    while (next < list.length) {
      const i = next++;
      results[i] = await checkUnit(list[i], dir, cc, cflags, prelude, i);
    }
  });
  try {
    await Promise.all(workers);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (!list.some((u) => u.expected)) {
    results.push({ name: 'some snippet claims an output', ok: false,
                   detail: 'no ```output block follows any program: the convention is broken' });
  }
  return results;
}
