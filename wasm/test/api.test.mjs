// The JavaScript API: loading the module, engine properties, the analysis
// document, options.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { pathToFileURL } from 'node:url';

import { DEFAULT_PACK_FILE, DIST_DIR, ROOT_DIR, WASM_DIR, api, wasmBytes } from './helpers.mjs';

const NOTE =
  'Pt states home health never came out yesterday. CM called the agency and asked the supervisor to waive the ' +
  'copay; she agreed. Daughter present at bedside. Pt denies that the ride never showed.';

test('the package entry point resolves to dist/ (exports map, self-reference)', async () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(WASM_DIR, 'package.json'), 'utf8'));
  assert.equal(pkg.name, '@exemplar/engine');
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.private, true);
  assert.equal(pkg.types, './dist/index.d.ts');
  const viaName = await import('@exemplar/engine');
  assert.equal(viaName.createExemplar, api.createExemplar);
  assert.ok(fs.existsSync(path.join(DIST_DIR, 'index.d.ts')));
});

test('createExemplar() with no options loads dist/exemplar.wasm next to index.js (Node)', async () => {
  const engine = await api.createExemplar();
  try {
    assert.equal(engine.analyze(NOTE).schema, 'exemplar.analysis.v1');
  } finally {
    engine.free();
  }
});

test('wasmBinary (bytes or compiled module) and locateFile (path or URL) all work', async () => {
  const compiled = await WebAssembly.compile(wasmBytes);
  const wasmPath = path.join(DIST_DIR, 'exemplar.wasm');
  const variants = [
    { wasmBinary: wasmBytes },
    { wasmBinary: wasmBytes.buffer.slice(wasmBytes.byteOffset, wasmBytes.byteOffset + wasmBytes.byteLength) },
    { wasmBinary: compiled },
    { locateFile: () => wasmPath },
    { locateFile: (file, dir) => new URL(file, dir) },
    { locateFile: () => pathToFileURL(wasmPath).href },
  ];
  let reference;
  for (const options of variants) {
    const engine = await api.createExemplar(options);
    try {
      const a = engine.analyze(NOTE);
      reference ??= a;
      assert.deepStrictEqual(a, reference);
    } finally {
      engine.free();
    }
  }
});

test('engine.version and engine.rulepack', async () => {
  const engine = await api.createExemplar({ wasmBinary: wasmBytes });
  try {
    const header = fs.readFileSync(path.join(ROOT_DIR, 'capi', 'include', 'exemplar', 'exemplar.h'), 'utf8');
    const version = /#define EXEMPLAR_VERSION_STRING "([^"]+)"/.exec(header)[1];
    assert.equal(engine.version, version);
    const pack = JSON.parse(fs.readFileSync(DEFAULT_PACK_FILE, 'utf8'));
    assert.equal(engine.rulepack.id, pack.id);
    assert.match(engine.rulepack.version, /^\d+\.\d+\.\d+/);
    assert.match(engine.rulepack.sha256, /^[0-9a-f]{64}$/);
    const fileSha = crypto.createHash('sha256').update(fs.readFileSync(DEFAULT_PACK_FILE)).digest('hex');
    assert.equal(engine.rulepack.sha256, fileSha, 'dist/ embeds an older core/rules/default.json: run `npm --prefix wasm run build`');
    assert.ok(Object.isFrozen(engine.rulepack));
    assert.throws(() => {
      engine.version = 'x';
    }, TypeError);
    const a = engine.analyze(NOTE);
    assert.deepEqual(a.engine, {
      version: engine.version,
      rulepack: engine.rulepack.id,
      rulepack_version: engine.rulepack.version,
      rulepack_sha256: engine.rulepack.sha256,
    });
  } finally {
    engine.free();
  }
});

test('the analysis document', async () => {
  const engine = await api.createExemplar({ wasmBinary: wasmBytes });
  try {
    const a = engine.analyze(NOTE);
    assert.equal(a.schema, 'exemplar.analysis.v1');
    assert.ok(a.moments.length >= 4);
    assert.ok(a.kinds.includes('breakdown'));
    assert.deepEqual(Object.keys(a.kind_scores).sort(), ['advocacy', 'breakdown', 'family_involvement', 'rule_bending']);
    assert.ok(a.category && typeof a.category.id === 'string' && a.category.ranking.length === 7);
    for (const m of a.moments) {
      for (const k of ['start', 'end', 'start16', 'end16']) assert.equal(typeof m[k], 'number', k);
      assert.equal(typeof m.sentence.start16, 'number');
      assert.equal(NOTE.slice(m.start16, m.end16), m.cue);
      for (const t of m.triggers) assert.equal(typeof t.start16, 'number');
    }
    assert.ok(a.moments.some((m) => m.negated && m.triggers.length > 0), 'no negated moment with a trigger');
    // Fresh objects each call.
    const b = engine.analyze(NOTE);
    assert.notEqual(a, b);
    assert.deepStrictEqual(a, b);
    // No moment: no category.
    const none = engine.analyze('TC to pt, confirmed PCP appt 4/2 @ 10:30.');
    assert.deepEqual(none.moments, []);
    assert.equal(none.category, null);
  } finally {
    engine.free();
  }
});

test('includeSnippets: false leaves the note text out', async () => {
  const engine = await api.createExemplar({ wasmBinary: wasmBytes });
  try {
    const a = engine.analyze(NOTE, { includeSnippets: false });
    assert.ok(a.moments.length > 0);
    for (const m of a.moments) {
      assert.ok(!('cue' in m) && !('snippet' in m));
      assert.equal(typeof m.start16, 'number');
    }
    assert.ok(!JSON.stringify(a).includes('home health never came'));
  } finally {
    engine.free();
  }
});

test('engines from the same wasm source share one instance; different sources do not', async () => {
  const a = await api.createExemplar({ wasmBinary: wasmBytes });
  const b = await api.createExemplar({ wasmBinary: wasmBytes });
  const c = await api.createExemplar({ wasmBinary: new Uint8Array(wasmBytes) });
  try {
    const big = 'Follow-up call scheduled for Tuesday. '.repeat(600000);
    const before = [a.memoryBytes, c.memoryBytes];
    a.analyze(big, { maxNoteBytes: 0 });
    assert.ok(b.memoryBytes > before[0] && b.memoryBytes === a.memoryBytes, 'b does not share a’s heap');
    assert.equal(c.memoryBytes, before[1], 'c shares a’s heap');
  } finally {
    a.free();
    b.free();
    c.free();
  }
});
