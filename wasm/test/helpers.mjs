// Shared by the wasm tests: paths, the built package, the corpus, and the
// native CLI that the wasm results are compared with.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WASM_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT_DIR = path.dirname(WASM_DIR);
export const DIST_DIR = path.join(WASM_DIR, 'dist');
export const DEFAULT_PACK_FILE = path.join(ROOT_DIR, 'core', 'rules', 'default.json');

const distIndex = path.join(DIST_DIR, 'index.js');
if (!fs.existsSync(distIndex) || !fs.existsSync(path.join(DIST_DIR, 'exemplar.wasm'))) {
  throw new Error(`${path.relative(ROOT_DIR, DIST_DIR)}/ is not built: run \`npm --prefix wasm run build\` first`);
}

// The package under test, imported by its built entry point.
export const api = await import(distIndex);
export const wasmBytes = fs.readFileSync(path.join(DIST_DIR, 'exemplar.wasm'));

export function defaultPackText() {
  return fs.readFileSync(DEFAULT_PACK_FILE, 'utf8');
}

// Every note of the corpus (tests/corpus/*.jsonl) and the sample notes
// (examples/notes/*.txt, examples/c/sample_note.txt), as {id, text}.
export function loadNotes() {
  const notes = [];
  const corpusDir = path.join(ROOT_DIR, 'tests', 'corpus');
  for (const f of fs.readdirSync(corpusDir).filter((f) => f.endsWith('.jsonl')).sort()) {
    const lines = fs.readFileSync(path.join(corpusDir, f), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      const rec = JSON.parse(line);
      if (typeof rec.text !== 'string') throw new Error(`${f}:${i + 1}: record without a "text" string`);
      notes.push({ id: `${f}:${rec.id ?? i + 1}`, text: rec.text });
    });
  }
  const sampleDir = path.join(ROOT_DIR, 'examples', 'notes');
  if (fs.existsSync(sampleDir)) {
    for (const f of fs.readdirSync(sampleDir).filter((f) => f.endsWith('.txt')).sort()) {
      notes.push({ id: `examples/notes/${f}`, text: fs.readFileSync(path.join(sampleDir, f), 'utf8') });
    }
  }
  const cSample = path.join(ROOT_DIR, 'examples', 'c', 'sample_note.txt');
  if (fs.existsSync(cSample)) notes.push({ id: 'examples/c/sample_note.txt', text: fs.readFileSync(cSample, 'utf8') });
  return notes;
}

// The native CLI: $EXEMPLAR_NATIVE_BIN, or build/cli/exemplar.
export function nativeBin() {
  const bin = process.env.EXEMPLAR_NATIVE_BIN
    ? path.resolve(ROOT_DIR, process.env.EXEMPLAR_NATIVE_BIN)
    : path.join(ROOT_DIR, 'build', 'cli', 'exemplar');
  try {
    fs.accessSync(bin, fs.constants.X_OK);
  } catch {
    throw new Error(
      `the native CLI ${bin} does not exist: build it first ` +
        '(cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build -j2), ' +
        'or point EXEMPLAR_NATIVE_BIN at an exemplar binary',
    );
  }
  return bin;
}

function run(bin, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

// The binary may be relinked by a concurrent native build: retry a spawn that
// fails with a transient error a few times.
async function runRetrying(bin, args) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(bin, args);
    } catch (e) {
      if (attempt >= 5 || !['EACCES', 'ETXTBSY', 'ENOENT'].includes(e.code)) throw e;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

// Runs one `exemplar scan [--rules PACK]` over all the notes (one engine
// construction, not one per note: the per-note CLI took minutes in CI) and
// returns, per note, {json} (the engine's analysis document, without the
// record id the scan adds) or {code, stderr} (the scan's error record).
export async function nativeAnalyzeAll(notes, { rulesFile } = {}) {
  const bin = nativeBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exemplar-native-'));
  try {
    const input = path.join(dir, 'notes.jsonl');
    const output = path.join(dir, 'out.jsonl');
    fs.writeFileSync(input, notes.map((n, i) => JSON.stringify({ id: String(i), text: n.text }) + '\n').join(''));
    const args = ['scan', '-j', '2', ...(rulesFile ? ['--rules', rulesFile] : []), '-o', output, input];
    const r = await runRetrying(bin, args);
    if (r.code !== 0) throw new Error(`exemplar ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
    const lines = fs.readFileSync(output, 'utf8').split('\n').filter((l) => l !== '');
    if (lines.length !== notes.length) throw new Error(`the scan wrote ${lines.length} records for ${notes.length} notes`);
    return lines.map((line, i) => {
      const { id, ...rest } = JSON.parse(line);
      if (id !== String(i)) throw new Error(`the scan's record ${i} has id ${id}`);
      return rest.error ? { code: rest.error.code, stderr: rest.error.message } : { json: rest };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// A deep copy without the fields the JavaScript API adds.
export function withoutUtf16(value) {
  if (Array.isArray(value)) return value.map(withoutUtf16);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) if (k !== 'start16' && k !== 'end16') out[k] = withoutUtf16(v);
    return out;
  }
  return value;
}

// Every span of an analysis: moments, their sentences, their triggers.
export function spansOf(analysis) {
  const spans = [];
  for (const m of analysis.moments) {
    spans.push({ what: `moment ${m.rule}`, span: m });
    spans.push({ what: `sentence of ${m.rule}`, span: m.sentence });
    for (const t of m.triggers) spans.push({ what: `trigger ${t.rule} of ${m.rule}`, span: t });
  }
  return spans;
}

const enc = new TextEncoder();
// UTF-8 length of a prefix, as TextEncoder encodes it.
export function utf8Len(s) {
  return enc.encode(s).length;
}
