// The wasm engine gives the native engine's results on every note of the
// corpus (tests/corpus/*.jsonl) and the sample notes, once the UTF-16 fields
// are removed. The native side is the CLI (one `exemplar scan` over all the
// notes, which writes the engine's JSON with each record's id):
// build/cli/exemplar or $EXEMPLAR_NATIVE_BIN. A missing CLI fails these tests.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';

import {
  DEFAULT_PACK_FILE,
  api,
  defaultPackText,
  loadNotes,
  nativeAnalyzeAll,
  spansOf,
  utf8Len,
  wasmBytes,
  withoutUtf16,
} from './helpers.mjs';

const notes = loadNotes();

function compareAll(engine, native, label, set = notes) {
  let compared = 0;
  for (let i = 0; i < set.length; i++) {
    const { id, text } = set[i];
    const n = native[i];
    let w;
    try {
      w = engine.analyze(text);
    } catch (e) {
      assert.ok(n.code !== undefined, `${label} ${id}: wasm threw ${e.code}: ${e.message} but native succeeded`);
      compared++;
      continue;
    }
    if (!n.json) assert.fail(`${label} ${id}: native failed (exit ${n.code}: ${n.stderr.trim()}) but wasm succeeded`);
    assert.deepStrictEqual(withoutUtf16(w), n.json, `${label} ${id}: wasm and native results differ`);
    // Every UTF-16 offset is the byte offset's counterpart.
    for (const { what, span } of spansOf(w)) {
      assert.equal(utf8Len(text.slice(0, span.start16)), span.start, `${id}: ${what} start16`);
      assert.equal(utf8Len(text.slice(0, span.end16)), span.end, `${id}: ${what} end16`);
    }
    compared++;
  }
  return compared;
}

test('the corpus is there', () => {
  assert.ok(notes.length >= 100, `only ${notes.length} notes found`);
});

test('wasm and native default engines use the same rule pack', async () => {
  const engine = await api.createExemplar({ wasmBinary: wasmBytes });
  try {
    const [native] = await nativeAnalyzeAll([notes[0]]);
    assert.ok(native.json, `native CLI failed: ${native.stderr}`);
    const file = crypto.createHash('sha256').update(fs.readFileSync(DEFAULT_PACK_FILE)).digest('hex');
    const nat = native.json.engine.rulepack_sha256;
    const wasm = engine.rulepack.sha256;
    assert.equal(
      wasm,
      nat,
      `the default rule packs differ: wasm ${wasm}, native ${nat}, core/rules/default.json ${file}. ` +
        `Rebuild the stale side: ${wasm !== file ? '`npm --prefix wasm run build` ' : ''}${nat !== file ? '`cmake --build build`' : ''}`,
    );
  } finally {
    engine.free();
  }
});

test('every note: wasm result == native result (default rule pack)', async () => {
  const engine = await api.createExemplar({ wasmBinary: wasmBytes });
  try {
    const native = await nativeAnalyzeAll(notes);
    const nat = native.find((r) => r.json)?.json.engine.rulepack_sha256;
    assert.equal(engine.rulepack.sha256, nat, 'the default rule packs differ (see the rule pack test): rebuild the stale side');
    assert.equal(compareAll(engine, native, 'default pack'), notes.length);
  } finally {
    engine.free();
  }
});

test('every note: wasm result == native result (core/rules/default.json as a custom pack)', async () => {
  // The custom-pack path on both sides, independent of when either side
  // embedded its default pack. Both sides get the same bytes (a copy: the
  // file may be edited meanwhile).
  const pack = defaultPackText();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exemplar-pack-'));
  const rulesFile = path.join(dir, 'pack.json');
  fs.writeFileSync(rulesFile, pack);
  const engine = await api.createExemplar({ wasmBinary: wasmBytes, rules: pack });
  try {
    const native = await nativeAnalyzeAll(notes, { rulesFile });
    assert.equal(compareAll(engine, native, 'custom pack'), notes.length);
  } finally {
    engine.free();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
