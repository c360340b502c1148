// Memory: 10,000 analyses (and failed ones) do not grow the wasm heap, engines
// created and freed in a loop do not either, and engines that are dropped
// without free() are reclaimed by the FinalizationRegistry safety net.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import test from 'node:test';

import { DIST_DIR, api, defaultPackText, loadNotes, wasmBytes } from './helpers.mjs';

const notes = loadNotes().map((n) => n.text);
// A mixed set: corpus notes, non-ASCII, long and short ones.
const mixed = [
  ...notes,
  notes.slice(0, 20).join('\n'),
  `Résumé “😀” 漢字 — ${notes[1]}`,
  'Pt states home health never came out yesterday.',
];

test('10,000 analyses do not grow the wasm heap', async () => {
  // An instance of its own (a distinct wasmBinary object), so nothing else
  // allocates in it.
  const engine = await api.createExemplar({ wasmBinary: new Uint8Array(wasmBytes) });
  try {
    // Warm-up: every note once, so the heap reaches its working size (RE2
    // DFA caches hold states for the text seen so far).
    for (const note of mixed) engine.analyze(note);
    const before = engine.memoryBytes;
    let moments = 0;
    let failures = 0;
    for (let i = 0; i < 10000; i++) {
      if (i % 50 === 49) {
        // Failures must free their buffers too.
        try {
          engine.analyze(i % 100 === 99 ? '' : 'x'.repeat(2000), { maxNoteBytes: 1000 });
        } catch (e) {
          assert.ok(e.code === 'invalid_argument' || e.code === 'note_too_large', e.code);
          failures++;
        }
        continue;
      }
      moments += engine.analyze(mixed[i % mixed.length]).moments.length;
    }
    const after = engine.memoryBytes;
    assert.equal(failures, 200);
    assert.ok(moments > 10000, `${moments} moments`);
    assert.equal(after, before, `the heap grew from ${before} to ${after} bytes`);
  } finally {
    engine.free();
  }
});

test('creating and freeing 30 engines does not grow the wasm heap', async () => {
  const bin = new Uint8Array(wasmBytes);
  // Warm-up (the heap reaches its high-water mark), then measure.
  const probe = await api.createExemplar({ wasmBinary: bin });
  for (let i = 0; i < 10; i++) {
    const e = await api.createExemplar({ wasmBinary: bin });
    e.analyze(mixed[i]);
    e.free();
  }
  const before = probe.memoryBytes;
  for (let i = 0; i < 30; i++) {
    const e = await api.createExemplar({ wasmBinary: bin });
    e.analyze(mixed[i]);
    e.free();
  }
  assert.equal(probe.memoryBytes, before, `the heap grew from ${before} to ${probe.memoryBytes} bytes`);
  probe.free();
});

test('failed engine creations (bad packs) do not grow the wasm heap', async () => {
  const bin = new Uint8Array(wasmBytes);
  const probe = await api.createExemplar({ wasmBinary: bin });
  const pack = JSON.parse(defaultPackText());
  pack.cues[5].pattern = 'never (came';
  const bad = [JSON.stringify(pack), '{"id": ', '['.repeat(1000), '{}'];
  const attempt = async (rules) => {
    await assert.rejects(api.createExemplar({ wasmBinary: bin, rules }), (e) => e instanceof api.ExemplarError);
  };
  for (let i = 0; i < 20; i++) await attempt(bad[i % bad.length]);
  const before = probe.memoryBytes;
  for (let i = 0; i < 200; i++) await attempt(bad[i % bad.length]);
  assert.equal(probe.memoryBytes, before, `the heap grew from ${before} to ${probe.memoryBytes} bytes`);
  probe.free();
});

test('engines dropped without free() are freed by the FinalizationRegistry', () => {
  // Needs --expose-gc: run in a child process.
  const script = `
    import { createExemplar } from ${JSON.stringify(path.join(DIST_DIR, 'index.js'))};
    const tick = () => new Promise((r) => setTimeout(r, 0));
    async function churn(n) {
      for (let i = 0; i < n; i++) {
        const e = await createExemplar();
        e.analyze('Pt states home health never came out yesterday.');
        // No free(): the engine is dropped; collect it.
        globalThis.gc();
        await tick();
      }
    }
    const keep = await createExemplar();
    // What one more live engine costs the heap (an upper bound: the heap is fresh).
    const bare = keep.memoryBytes;
    const extra = await createExemplar();
    const engineBytes = keep.memoryBytes - bare;
    extra.free();
    await churn(3);
    const before = keep.memoryBytes;
    await churn(30);
    console.log(JSON.stringify({ engineBytes, before, after: keep.memoryBytes }));
  `;
  const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const { engineBytes, before, after } = JSON.parse(r.stdout.trim().split('\n').at(-1));
  // 30 leaked engines would take 30 engines' worth of heap; freed ones leave
  // at most some fragmentation, well under two engines.
  const limit = 2 * Math.max(engineBytes, 8 * 1024 * 1024);
  assert.ok(after - before <= limit,
    `the heap grew from ${before} to ${after} bytes (one engine: ${engineBytes}): dropped engines were not freed`);
});
