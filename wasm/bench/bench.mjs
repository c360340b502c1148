#!/usr/bin/env node
// Benchmark of the WebAssembly build: `npm --prefix wasm run bench`.
//
// Prints: the .wasm size (raw and gzipped with zlib), the time to create an
// engine (cold, in a fresh Node process, and warm, on an instantiated
// module; medians), the median and p95 time to analyse a 5 KB note, the
// throughput in MB/s (10^6 bytes) over a mixed set of notes, and the same
// figures for the native library (build/libexemplar.so, timed through the C
// API by bench/native_bench.c, compiled here with cc) on the same notes in the
// same run (one wasm pass and one native pass per round, so that both see
// the same machine load), with the wasm/native ratios.
//
// Every wasm timing goes through the JavaScript API (encode, analyse, JSON
// parse, UTF-16 offsets); the native driver calls exemplar_analyze +
// exemplar_result_json.
//
// Options: --reps N (passes over the mixed set, default 7), --json.
// Environment: EXEMPLAR_NATIVE_BUILD (native build dir, default build/).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const WASM_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOT_DIR = path.dirname(WASM_DIR);
const DIST = path.join(WASM_DIR, 'dist');
const args = process.argv.slice(2);
const JSON_OUT = args.includes('--json');
const repsArg = args.indexOf('--reps');
const REPS = repsArg >= 0 ? Math.max(1, Number.parseInt(args[repsArg + 1], 10) || 7) : 7;

const GOALS = { gzipKiB: 400, createMs: 30, note5kMs: 0.3, nativeRatio: 0.6 };

if (!fs.existsSync(path.join(DIST, 'index.js')) || !fs.existsSync(path.join(DIST, 'exemplar.wasm'))) {
  console.error('bench: wasm/dist/ is not built: run `npm --prefix wasm run build` first');
  process.exit(1);
}
const { createExemplar } = await import(path.join(DIST, 'index.js'));
const wasmBytes = fs.readFileSync(path.join(DIST, 'exemplar.wasm'));
const glueBytes = fs.readFileSync(path.join(DIST, 'exemplar.js'));

function log(msg) {
  if (!JSON_OUT) process.stderr.write(`[bench] ${msg}\n`);
}
function quantile(values, q) {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const pos = (v.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}
const median = (v) => quantile(v, 0.5);
const utf8 = (s) => Buffer.byteLength(s, 'utf8');

// ------------------------------------------------------------------ notes --

function corpusNotes() {
  const out = [];
  const dir = path.join(ROOT_DIR, 'tests', 'corpus');
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      if (line.trim()) out.push(JSON.parse(line).text);
    }
  }
  const samples = path.join(ROOT_DIR, 'examples', 'notes');
  if (fs.existsSync(samples)) {
    for (const f of fs.readdirSync(samples).filter((f) => f.endsWith('.txt')).sort()) {
      out.push(fs.readFileSync(path.join(samples, f), 'utf8'));
    }
  }
  return out.filter((t) => t.length > 0);
}

// Deterministic pseudo-random order (xorshift32).
function shuffled(items, seed) {
  const a = [...items];
  let x = seed >>> 0 || 1;
  for (let i = a.length - 1; i > 0; i--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = (x >>> 0) % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

// Notes of exactly `bytes` UTF-8 bytes, made of corpus notes in a seeded order.
function notesOfSize(corpus, bytes, count, seed) {
  const out = [];
  let pool = shuffled(corpus, seed);
  let k = 0;
  for (let n = 0; n < count; n++) {
    let s = '';
    while (utf8(s) < bytes) {
      if (k === pool.length) {
        pool = shuffled(pool, seed + n + 1);
        k = 0;
      }
      s += (s ? '\n\n' : '') + pool[k++];
    }
    out.push(Buffer.from(s).subarray(0, bytes).toString('utf8').replace(/\ufffd+$/, ''));
  }
  return out;
}

const corpus = corpusNotes();
const notes5k = notesOfSize(corpus, 5000, 40, 7);
const mixed = [...corpus, ...notes5k, ...notesOfSize(corpus, 20000, 8, 11), ...notesOfSize(corpus, 1000, 40, 13)];
const mixedBytes = mixed.reduce((n, t) => n + utf8(t), 0);

// ---------------------------------------------------------------- measure --

const results = {
  wasm: {},
  native: null,
  notes: { mixed: mixed.length, mixed_bytes: mixedBytes, note5k_count: notes5k.length, reps: REPS },
};

// Sizes.
results.wasm.wasm_bytes = wasmBytes.length;
results.wasm.wasm_gzip_bytes = zlib.gzipSync(wasmBytes, { level: 9 }).length;
results.wasm.glue_bytes = glueBytes.length;
results.wasm.glue_gzip_bytes = zlib.gzipSync(glueBytes, { level: 9 }).length;

// Cold creation: a fresh process compiles and instantiates the module and
// builds the default engine (the wasm bytes are already read).
log('timing cold engine creation (fresh Node processes)');
const coldScript = `
  import fs from 'node:fs';
  const { createExemplar } = await import(${JSON.stringify(path.join(DIST, 'index.js'))});
  const bytes = fs.readFileSync(${JSON.stringify(path.join(DIST, 'exemplar.wasm'))});
  const t0 = performance.now();
  const e = await createExemplar({ wasmBinary: bytes });
  const t1 = performance.now();
  e.analyze('Pt states home health never came out yesterday.');
  const t2 = performance.now();
  console.log(JSON.stringify({ create: t1 - t0, firstAnalyze: t2 - t1 }));
`;
const cold = [];
const firstAnalyze = [];
for (let i = 0; i < 5; i++) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', coldScript], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cold creation run failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout.trim());
  cold.push(m.create);
  firstAnalyze.push(m.firstAnalyze);
}
results.wasm.create_cold_ms = median(cold);
results.wasm.first_analyze_ms = median(firstAnalyze);

// Warm creation: new engines on an instantiated (and optimised) module.
log('timing warm engine creation');
{
  const first = await createExemplar({ wasmBinary: wasmBytes });
  for (let i = 0; i < 3; i++) (await createExemplar({ wasmBinary: wasmBytes })).free();
  const warm = [];
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    const e = await createExemplar({ wasmBinary: wasmBytes });
    warm.push(performance.now() - t0);
    e.free();
  }
  results.wasm.create_warm_ms = median(warm);
  results.wasm.create_warm_min_ms = Math.min(...warm);
  first.free();
}

const engine = await createExemplar({ wasmBinary: wasmBytes });
results.wasm.rulepack_sha256 = engine.rulepack.sha256;

// 5 KB notes: per-call times.
log(`timing 5 KB notes (${notes5k.length} notes)`);
{
  for (let i = 0; i < 400; i++) engine.analyze(notes5k[i % notes5k.length]);
  const times = [];
  for (let i = 0; i < 4000; i++) {
    const t = notes5k[i % notes5k.length];
    const t0 = performance.now();
    engine.analyze(t);
    times.push(performance.now() - t0);
  }
  results.wasm.note5k_median_ms = median(times);
  results.wasm.note5k_p95_ms = quantile(times, 0.95);
}

// Throughput over the mixed set, interleaved with the native driver (one
// pass each per round) so that both see the same machine load.
function buildNativeDriver() {
  const buildDir = path.resolve(ROOT_DIR, process.env.EXEMPLAR_NATIVE_BUILD || 'build');
  const lib = path.join(buildDir, 'libexemplar.so');
  if (!fs.existsSync(lib)) {
    return { error: `${path.relative(ROOT_DIR, lib)} not found: build the native library first (cmake --build build)` };
  }
  const src = path.join(WASM_DIR, 'bench', 'native_bench.c');
  const outDir = path.join(WASM_DIR, '.cache', 'bench');
  const exe = path.join(outDir, 'native_bench');
  const mtime = (p) => (fs.existsSync(p) ? fs.statSync(p).mtimeMs : -1);
  if (mtime(exe) < Math.max(mtime(src), mtime(lib))) {
    fs.mkdirSync(outDir, { recursive: true });
    const cc = process.env.CC || 'cc';
    const r = spawnSync(
      cc,
      ['-O2', '-std=c99', '-D_POSIX_C_SOURCE=199309L', '-o', exe, src, `-I${path.join(ROOT_DIR, 'capi', 'include')}`, `-L${buildDir}`, '-lexemplar', `-Wl,-rpath,${buildDir}`],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) return { error: `compiling bench/native_bench.c with ${cc} failed: ${r.stderr || r.error}` };
  }
  return { exe };
}

function writeNotesFile(dir) {
  const file = path.join(dir, 'notes.bin');
  const parts = [];
  for (const t of mixed) {
    const b = Buffer.from(t, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32LE(b.length);
    parts.push(len, b);
  }
  fs.writeFileSync(file, Buffer.concat(parts));
  return file;
}

// The C API in wasm without the JavaScript layer (no encoding, JSON.parse or
// UTF-16 offsets): what the native driver does, for an engine-to-engine
// ratio. Notes are copied into the heap beforehand, as the driver has them
// in memory.
async function rawCApi() {
  const { instantiateGlue } = await import(path.join(WASM_DIR, 'scripts', 'exports.mjs'));
  const mod = await instantiateGlue(new URL('exemplar.js', `file://${DIST}/`).href, wasmBytes);
  const scratch = mod._malloc(16);
  if (mod._exemplar_engine_new_default(scratch) !== 0) throw new Error('exemplar_engine_new_default failed');
  const u32 = (p) => new DataView(mod.HEAPU8.buffer).getUint32(p, true);
  const eng = u32(scratch);
  const bufs = mixed.map((t) => {
    const b = Buffer.from(t, 'utf8');
    const p = mod._malloc(b.length);
    mod.HEAPU8.set(b, p);
    return [p, b.length];
  });
  return {
    pass() {
      const t0 = performance.now();
      for (const [p, n] of bufs) {
        if (mod._exemplar_analyze(eng, p, n, 0, scratch) !== 0) throw new Error('exemplar_analyze failed');
        const res = u32(scratch);
        mod._exemplar_result_json(res, scratch + 4, scratch + 8);
        mod._exemplar_result_free(res);
      }
      return (performance.now() - t0) / 1e3;
    },
    free() {
      for (const [p] of bufs) mod._free(p);
      mod._exemplar_engine_free(eng);
    },
  };
}

function runNative(exe, file, reps, creations) {
  const r = spawnSync(exe, [file, String(reps), String(creations)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`native driver failed: ${r.stderr || r.error}`);
  return JSON.parse(r.stdout);
}

log('building the native driver (bench/native_bench.c against libexemplar.so)');
const driver = buildNativeDriver();
if (driver.error) results.native = { error: driver.error };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exemplar-bench-'));
try {
  const notesFile = writeNotesFile(tmp);
  log(`timing ${REPS} rounds over ${mixed.length} mixed notes (${(mixedBytes / 1e6).toFixed(2)} MB): a JS API pass, a wasm C API pass, a native pass`);
  for (const t of mixed) engine.analyze(t);
  const raw = await rawCApi();
  raw.pass();
  const passes = [];
  const rawPasses = [];
  const nativePasses = [];
  const native5k = [];
  const i5k = mixed.indexOf(notes5k[0]);
  let moments = 0;
  let native = null;
  for (let r = 0; r < REPS; r++) {
    moments = 0;
    const t0 = performance.now();
    for (const t of mixed) moments += engine.analyze(t).moments.length;
    passes.push((performance.now() - t0) / 1e3);
    rawPasses.push(raw.pass());
    if (!driver.error) {
      native = runNative(driver.exe, notesFile, 1, r === 0 ? 9 : 1);
      if (r === 0) results.native = { create_ms: median(native.create_ms) };
      nativePasses.push(native.pass_s[0]);
      native5k.push(...native.call_us.slice(i5k, i5k + notes5k.length).map((us) => us / 1e3));
    }
  }
  results.wasm.pass_s_median = median(passes);
  results.wasm.mb_per_s = mixedBytes / 1e6 / median(passes);
  results.wasm.moments_per_pass = moments;
  results.wasm.c_api_mb_per_s = mixedBytes / 1e6 / median(rawPasses);
  raw.free();
  if (native) {
    Object.assign(results.native, {
      note5k_median_ms: median(native5k),
      note5k_p95_ms: quantile(native5k, 0.95),
      mb_per_s: native.bytes / 1e6 / median(nativePasses),
      moments_per_pass: native.moments,
      rulepack_sha256: native.rulepack_sha256,
    });
  }
} catch (e) {
  results.native = { error: String(e.message || e) };
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
engine.free();

// ----------------------------------------------------------------- report --

const w = results.wasm;
const nat = results.native;
if (nat && !nat.error) {
  results.ratio = {
    throughput_wasm_over_native: w.mb_per_s / nat.mb_per_s,
    c_api_throughput_wasm_over_native: w.c_api_mb_per_s / nat.mb_per_s,
    note5k_native_over_wasm: nat.note5k_median_ms / w.note5k_median_ms,
    create_wasm_over_native: w.create_warm_ms / nat.create_ms,
  };
}
results.goals = {
  wasm_gzip_at_most_400KiB: w.wasm_gzip_bytes <= GOALS.gzipKiB * 1024,
  create_under_30ms: w.create_cold_ms < GOALS.createMs,
  create_warm_under_30ms: w.create_warm_ms < GOALS.createMs,
  note5k_under_0_3ms: w.note5k_median_ms < GOALS.note5kMs,
  throughput_at_least_0_6_native: results.ratio ? results.ratio.throughput_wasm_over_native >= GOALS.nativeRatio : null,
};

if (JSON_OUT) {
  console.log(JSON.stringify(results, null, 2));
} else {
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  const ms = (x) => `${x.toFixed(x < 1 ? 3 : 1)} ms`;
  const ok = (b) => (b === null ? 'n/a' : b ? 'met' : 'NOT met');
  const lines = [
    `exemplar.wasm:              ${kib(w.wasm_bytes)} raw, ${kib(w.wasm_gzip_bytes)} gzipped (zlib -9)   [goal <= ${GOALS.gzipKiB} KiB gz: ${ok(results.goals.wasm_gzip_at_most_400KiB)}]`,
    `exemplar.js (glue):         ${kib(w.glue_bytes)} raw, ${kib(w.glue_gzip_bytes)} gzipped`,
    `create engine, cold:        ${ms(w.create_cold_ms)} median of 5 fresh processes (compile + instantiate + default pack)   [goal < ${GOALS.createMs} ms: ${ok(results.goals.create_under_30ms)}]`,
    `create engine, warm:        ${ms(w.create_warm_ms)} median of 9 (min ${ms(w.create_warm_min_ms)}) on an instantiated module   [goal < ${GOALS.createMs} ms: ${ok(results.goals.create_warm_under_30ms)}]`,
    `first analyze after cold:   ${ms(w.first_analyze_ms)}`,
    `analyze 5 KB note:          median ${ms(w.note5k_median_ms)}, p95 ${ms(w.note5k_p95_ms)} (${notes5k.length} notes x 100)   [goal < ${GOALS.note5kMs} ms: ${ok(results.goals.note5k_under_0_3ms)}]`,
    `throughput, mixed set:      ${w.mb_per_s.toFixed(2)} MB/s through the JS API (${mixed.length} notes, ${(mixedBytes / 1e6).toFixed(2)} MB, median of ${REPS} passes)`,
    `  C API only, in wasm:      ${w.c_api_mb_per_s.toFixed(2)} MB/s (exemplar_analyze + exemplar_result_json, no JSON.parse)`,
  ];
  if (nat && !nat.error) {
    lines.push(
      `native create engine:       ${ms(nat.create_ms)} median of 9`,
      `native analyze 5 KB note:   median ${ms(nat.note5k_median_ms)}, p95 ${ms(nat.note5k_p95_ms)} (${notes5k.length} notes x ${REPS})`,
      `native throughput:          ${nat.mb_per_s.toFixed(2)} MB/s (same notes, interleaved passes)`,
      `wasm / native throughput:   ${results.ratio.throughput_wasm_over_native.toFixed(2)} through the JS API   [goal >= ${GOALS.nativeRatio}: ${ok(results.goals.throughput_at_least_0_6_native)}]`,
      `  C API only:               ${results.ratio.c_api_throughput_wasm_over_native.toFixed(2)} (same calls on both sides)`,
      `wasm / native create time:  ${results.ratio.create_wasm_over_native.toFixed(2)}`,
    );
    if (nat.moments_per_pass !== w.moments_per_pass || nat.rulepack_sha256 !== w.rulepack_sha256) {
      lines.push(
        `warning: native and wasm differ (moments per pass ${nat.moments_per_pass} vs ${w.moments_per_pass}, ` +
          `rule pack ${nat.rulepack_sha256.slice(0, 12)} vs ${w.rulepack_sha256.slice(0, 12)}): rebuild the stale side`,
      );
    }
  } else {
    lines.push(`native comparison:          skipped: ${nat ? nat.error : 'not run'}`);
  }
  console.log(lines.join('\n'));
}
