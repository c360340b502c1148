// Bad rule packs, empty and huge notes, misuse: every failure is an Error
// (ExemplarError) whose code is the C API's status name and whose message is
// the C API's detail, with the JSON path of a rule-pack problem. C++
// exceptions inside the engine (nlohmann::json parse errors, ...) are caught
// there and never reach JavaScript as bare numbers.
import assert from 'node:assert/strict';
import test from 'node:test';

import { api, defaultPackText, wasmBytes } from './helpers.mjs';

const { createExemplar, ExemplarError, DEFAULT_MAX_NOTE_BYTES } = api;
const packText = defaultPackText();
const pack = () => JSON.parse(packText);

// Resolves to the error a promise or function rejects/throws with.
async function errorOf(fn) {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  assert.fail('expected an error');
}

function assertExemplarError(e, code, messagePattern) {
  assert.ok(e instanceof Error, `not an Error: ${typeof e} ${String(e)}`);
  assert.ok(e instanceof ExemplarError, `not an ExemplarError: ${e}`);
  assert.equal(e.name, 'ExemplarError');
  assert.equal(e.code, code, `code of: ${e.message}`);
  assert.equal(typeof e.message, 'string');
  if (messagePattern) assert.match(e.message, messagePattern);
}

const engine = await createExemplar({ wasmBinary: wasmBytes });
test.after(() => engine.free());

test('rule pack: invalid JSON -> rulepack_json with the parser detail', async () => {
  const e = await errorOf(() => createExemplar({ wasmBinary: wasmBytes, rules: '{"id": "x", ' }));
  assertExemplarError(e, 'rulepack_json', /^\/: not valid JSON \(byte \d+\): .*parse error/);
  assert.equal(e.status, 5);
  // The same through the bytes and object forms.
  const e2 = await errorOf(() => createExemplar({ wasmBinary: wasmBytes, rules: new TextEncoder().encode('[1,2') }));
  assertExemplarError(e2, 'rulepack_json', /not valid JSON/);
  const e3 = await errorOf(() => createExemplar({ wasmBinary: wasmBytes, rules: '\u00ff not json' }));
  assertExemplarError(e3, 'rulepack_json');
});

test('rule pack: nesting too deep -> rulepack_json, no stack overflow', async () => {
  const e = await errorOf(() => createExemplar({ wasmBinary: wasmBytes, rules: '['.repeat(100000) }));
  assertExemplarError(e, 'rulepack_json', /nesting deeper than/);
});

test('rule pack: a pattern that does not compile -> rulepack_pattern at its JSON path', async () => {
  const p = pack();
  p.cues[3].pattern = 'never (came';
  const e = await errorOf(() => createExemplar({ wasmBinary: wasmBytes, rules: p }));
  assertExemplarError(e, 'rulepack_pattern', /^\/cues\/3\/pattern: /);
  assert.match(e.message, /missing \)/);
  const q = pack();
  q.context[1].pattern = '\\bno[';
  const e2 = await errorOf(() => createExemplar({ wasmBinary: wasmBytes, rules: JSON.stringify(q) }));
  assertExemplarError(e2, 'rulepack_pattern', /^\/context\/1\/pattern: /);
});

test('rule pack: failing examples -> rulepack_example at their JSON path', async () => {
  const p = pack();
  const i = p.cues.findIndex((c) => c.examples?.match?.length);
  p.cues[i].examples.match[0] = 'zzz nothing to see here zzz';
  const e = await errorOf(() => createExemplar({ wasmBinary: wasmBytes, rules: p }));
  assertExemplarError(e, 'rulepack_example', new RegExp(`^/cues/${i}/examples/match/0: rule "${p.cues[i].id}" does not match`));

  const q = pack();
  assert.ok(q.examples.length > 0);
  q.examples[0].kinds = q.examples[0].kinds.length ? [] : ['breakdown'];
  const e2 = await errorOf(() => createExemplar({ wasmBinary: wasmBytes, rules: q }));
  assertExemplarError(e2, 'rulepack_example', /^\/examples\/0: expected kinds \[/);
});

test('rule pack: missing or wrong fields -> rulepack_invalid / rulepack_version with the path', async () => {
  const p = pack();
  delete p.cues[0].pattern;
  const e = await errorOf(() => createExemplar({ wasmBinary: wasmBytes, rules: p }));
  assertExemplarError(e, 'rulepack_invalid', /^\/cues\/0/);
  const e2 = await errorOf(() => createExemplar({ wasmBinary: wasmBytes, rules: {} }));
  assertExemplarError(e2, 'rulepack_invalid', /^\//);
  const v = pack();
  v.min_engine_version = '99.0.0';
  const e3 = await errorOf(() => createExemplar({ wasmBinary: wasmBytes, rules: v }));
  assertExemplarError(e3, 'rulepack_version', /min_engine_version/);
});

test('a custom pack as object, JSON string or bytes gives the same engine', async () => {
  const asString = await createExemplar({ wasmBinary: wasmBytes, rules: packText });
  const asBytes = await createExemplar({ wasmBinary: wasmBytes, rules: new TextEncoder().encode(packText) });
  const p = pack();
  p.id = 'custom';
  const asObject = await createExemplar({ wasmBinary: wasmBytes, rules: p });
  try {
    assert.deepEqual(asString.rulepack, asBytes.rulepack);
    assert.equal(asObject.rulepack.id, 'custom');
    assert.match(asObject.rulepack.sha256, /^[0-9a-f]{64}$/);
    const note = 'Pt states home health never came out yesterday. CM asked the supervisor to waive the copay.';
    const a = asString.analyze(note);
    const b = asObject.analyze(note);
    assert.deepEqual(a.moments, b.moments);
    assert.equal(b.engine.rulepack, 'custom');
  } finally {
    asString.free();
    asBytes.free();
    asObject.free();
  }
});

test('empty note -> invalid_argument from the engine', () => {
  const e = (() => {
    try {
      engine.analyze('');
    } catch (err) {
      return err;
    }
  })();
  assertExemplarError(e, 'invalid_argument', /^note is empty$/);
  assert.equal(e.status, 2);
});

test('huge notes -> note_too_large (maxNoteBytes per engine and per call)', async () => {
  assert.equal(engine.maxNoteBytes, DEFAULT_MAX_NOTE_BYTES);
  // Over the default limit (16 MiB), refused before it is copied.
  const huge = 'Pt states home health never came. '.repeat(Math.ceil((DEFAULT_MAX_NOTE_BYTES + 10) / 34));
  assert.throws(() => engine.analyze(huge), (e) => {
    assertExemplarError(e, 'note_too_large', new RegExp(`^note is ${huge.length} bytes, over the limit of ${DEFAULT_MAX_NOTE_BYTES}$`));
    return true;
  });
  const small = await createExemplar({ wasmBinary: wasmBytes, maxNoteBytes: 1000 });
  try {
    assert.equal(small.maxNoteBytes, 1000);
    assert.throws(() => small.analyze('x'.repeat(1001)), /note is 1001 bytes, over the limit of 1000/);
    // 400 UTF-16 units but 1200 UTF-8 bytes: the engine's own check.
    assert.throws(() => small.analyze('€'.repeat(400)), (e) => {
      assertExemplarError(e, 'note_too_large', /^note is 1200 bytes, over the limit of 1000$/);
      assert.equal(e.status, 4);
      return true;
    });
    assert.equal(small.analyze('x'.repeat(1000)).schema, 'exemplar.analysis.v1');
    // Per call: lift or tighten the limit.
    assert.equal(small.analyze('x'.repeat(5000), { maxNoteBytes: 0 }).schema, 'exemplar.analysis.v1');
    assert.throws(() => engine.analyze('x'.repeat(11), { maxNoteBytes: 10 }), { code: 'note_too_large' });
  } finally {
    small.free();
  }
  // Unlimited: an 18 MB note grows the heap and works. An instance of its
  // own (a distinct wasmBinary object): the shared one may already be large.
  const big = await createExemplar({ wasmBinary: new Uint8Array(wasmBytes), maxNoteBytes: 0 });
  try {
    const note = `${'Follow-up call scheduled for Tuesday. '.repeat(500000)}Pt states home health never came out yesterday.`;
    assert.ok(note.length > 18e6);
    const before = big.memoryBytes;
    const a = big.analyze(note);
    assert.ok(big.memoryBytes > before, 'the heap did not grow');
    assert.equal(a.moments.length, 1);
    assert.equal(note.slice(a.moments[0].start16, a.moments[0].end16), a.moments[0].cue);
  } finally {
    big.free();
  }
});

test('bad arguments -> invalid_argument', async () => {
  assert.throws(() => engine.analyze(42), { name: 'ExemplarError', code: 'invalid_argument' });
  assert.throws(() => engine.analyze(null), { code: 'invalid_argument' });
  assert.throws(() => engine.analyze('x', 'opts'), { code: 'invalid_argument' });
  assert.throws(() => engine.analyze('x', { maxNoteBytes: -1 }), { code: 'invalid_argument' });
  await assert.rejects(createExemplar({ wasmBinary: wasmBytes, maxNoteBytes: 1.5 }), { code: 'invalid_argument' });
  await assert.rejects(createExemplar({ wasmBinary: wasmBytes, rules: 42 }), { code: 'invalid_argument' });
  await assert.rejects(createExemplar('x'), { code: 'invalid_argument' });
  const cyclic = {};
  cyclic.self = cyclic;
  await assert.rejects(createExemplar({ wasmBinary: wasmBytes, rules: cyclic }), { code: 'rulepack_json' });
  await assert.rejects(createExemplar({ wasmBinary: 'nope' }), { code: 'invalid_argument' });
  await assert.rejects(createExemplar({ wasmBinary: new Uint8Array([0, 97, 115, 109, 9, 9]) }), { code: 'invalid_argument' });
  await assert.rejects(createExemplar({ locateFile: () => '/nonexistent/exemplar.wasm' }), (e) => {
    assertExemplarError(e, 'io', /cannot load the WebAssembly module from \/nonexistent\/exemplar\.wasm/);
    return true;
  });
});

test('analyze after free() throws a clear Error; free() is idempotent', async () => {
  const e = await createExemplar({ wasmBinary: wasmBytes });
  assert.equal(e.freed, false);
  assert.ok(e.analyze('Pt states home health never came.').moments.length > 0);
  e.free();
  assert.equal(e.freed, true);
  e.free();
  assert.throws(() => e.analyze('Pt states home health never came.'), (err) => {
    assertExemplarError(err, 'engine_freed', /after free\(\)/);
    return true;
  });
  // Other engines on the same instance are unaffected.
  assert.ok(engine.analyze('Pt states home health never came.').moments.length > 0);
});

test('no failure leaves the engine unusable', () => {
  for (const bad of ['', 'x'.repeat(DEFAULT_MAX_NOTE_BYTES + 1)]) assert.throws(() => engine.analyze(bad));
  const a = engine.analyze('Pt states home health never came out yesterday.');
  assert.equal(a.kinds[0], 'breakdown');
});
