#!/usr/bin/env node
// Builds the Exemplar WebAssembly package: `npm --prefix wasm run build`.
//
//   wasm/dist/index.js        the JavaScript API (ES module; from src/index.js)
//   wasm/dist/index.d.ts      its TypeScript declarations (from src/index.d.ts)
//   wasm/dist/exemplar.js     Emscripten's ES module factory (MODULARIZE)
//   wasm/dist/exemplar.wasm   core/*.cpp + the embedded default rule pack +
//                             capi/exemplar_capi.cpp + RE2, compiled with em++
//
// Steps: check the tools (and run scripts/install-deps.sh only when one is
// missing), build RE2 for wasm once into the cache (scripts/build-re2.sh),
// embed core/rules/default.json with core/embed_file.cmake, compile each
// source that changed (dependencies from em++ -MD), link when an input
// changed, check the module's exports against capi/exemplar.exports, copy.
// Objects and the linked module are cached in wasm/.cache/obj/<flags hash>/.
//
// Environment:
//   EXEMPLAR_WASM_CACHE   cache root (default wasm/.cache): RE2, objects, link
//   EXEMPLAR_JOBS         parallel compile jobs (default min(2, CPUs))
//   EXEMPLAR_NLOHMANN_DIR directory holding nlohmann/json.hpp (default /usr/include)
//   EXEMPLAR_WASM_OPT     optimisation level for the core and the link (default -O3)
//   EXEMPLAR_WASM_EXCEPTIONS  js (default: -fexceptions) or wasm (-fwasm-exceptions)
// Options:
//   --force               recompile and relink everything (RE2 stays cached)
//   -v, --verbose         print the compiler commands
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

import {
  ROOT_DIR,
  WASM_DIR,
  checkModuleExports,
  compareHeaderAndExports,
  emscriptenExportedFunctions,
  EXPORTS_FILE,
  instantiateGlue,
} from './exports.mjs';

const t0 = Date.now();
const args = process.argv.slice(2);
const FORCE = args.includes('--force');
const VERBOSE = args.includes('-v') || args.includes('--verbose');
for (const a of args) {
  if (!['--force', '-v', '--verbose'].includes(a)) fail(`unknown argument: ${a} (use --force or --verbose)`);
}

const SCRIPTS = path.join(WASM_DIR, 'scripts');
const CACHE = path.resolve(process.env.EXEMPLAR_WASM_CACHE || path.join(WASM_DIR, '.cache'));
const DIST = path.join(WASM_DIR, 'dist');
const SRC = path.join(WASM_DIR, 'src');
const JOBS = Math.max(1, Number.parseInt(process.env.EXEMPLAR_JOBS, 10) || Math.min(2, os.availableParallelism?.() ?? os.cpus().length));
const NLOHMANN_DIR = process.env.EXEMPLAR_NLOHMANN_DIR || '/usr/include';

// -O3: about 12% faster analyses than -O2 for +4% size (well under the size
// goal); RE2 itself stays at build-re2.sh's -O2 (-O3 gained nothing there).
const OPT = process.env.EXEMPLAR_WASM_OPT || '-O3';
if (!/^-O[0-3sz]$/.test(OPT)) fail(`EXEMPLAR_WASM_OPT must be one of -O0..-O3, -Os, -Oz, not ${OPT}`);
// C++ exceptions must be caught inside the core (nlohmann::json parse errors,
// PackError), which Emscripten 3.1.6 does not do by default. 'js' (default):
// -fexceptions, Emscripten's JavaScript-based unwinding, runs everywhere.
// 'wasm': -fwasm-exceptions, native wasm exception handling, about 10% faster
// analyses but needs a runtime with it (Chrome 95, Firefox 100, Safari 15.2,
// Node 17 or later).
const EH = process.env.EXEMPLAR_WASM_EXCEPTIONS || 'js';
if (EH !== 'js' && EH !== 'wasm') fail(`EXEMPLAR_WASM_EXCEPTIONS must be js or wasm, not ${EH}`);
const EH_FLAG = EH === 'wasm' ? '-fwasm-exceptions' : '-fexceptions';
const CXXFLAGS = [OPT, '-std=c++17', '-DNDEBUG', '-DEXEMPLAR_BUILDING', EH_FLAG, '-Wall', '-Wextra'];
const LDFLAGS = [
  OPT,
  EH_FLAG,
  '-sMODULARIZE=1',
  '-sEXPORT_ES6=1',
  '-sEXPORT_NAME=createExemplarModule',
  '-sENVIRONMENT=web,worker',
  '-sFILESYSTEM=0',
  '-sALLOW_MEMORY_GROWTH=1',
  '-sINITIAL_MEMORY=16777216',
  '-sTOTAL_STACK=2097152',
  '-sDYNAMIC_EXECUTION=0',
  '-sTEXTDECODER=2',
  '-sINCOMING_MODULE_JS_API=[instantiateWasm,onAbort,print,printErr]',
  `-sEXPORTED_FUNCTIONS=${JSON.stringify(emscriptenExportedFunctions())}`,
  '-sEXPORTED_RUNTIME_METHODS=[]', // the wrapper needs only HEAPU8, always on Module
];

function log(msg) {
  process.stderr.write(`[wasm build] ${msg}\n`);
}
function fail(msg) {
  process.stderr.write(`[wasm build] error: ${msg}\n`);
  process.exit(1);
}
function rel(p) {
  return path.relative(ROOT_DIR, p) || '.';
}

// ------------------------------------------------------------------ tools --

// Debian's emscripten runs its JS optimizer with node and needs acorn from
// /usr/share/nodejs.
const ENV = { ...process.env };
if (fs.existsSync('/usr/share/nodejs')) {
  ENV.NODE_PATH = ['/usr/share/nodejs', ...(ENV.NODE_PATH ? [ENV.NODE_PATH] : [])].join(path.delimiter);
}

function which(cmd) {
  for (const dir of (ENV.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return null;
}

function re2Version() {
  if (process.env.EXEMPLAR_RE2_VERSION) return process.env.EXEMPLAR_RE2_VERSION;
  const m = /^RE2_VERSION=\$\{EXEMPLAR_RE2_VERSION:-([^}]+)\}/m.exec(fs.readFileSync(path.join(SCRIPTS, 'build-re2.sh'), 'utf8'));
  if (!m) fail('cannot read the default RE2 version from scripts/build-re2.sh');
  return m[1];
}
const RE2_DIR = path.join(CACHE, `re2-${re2Version()}`);
const RE2_LIB = path.join(RE2_DIR, 'lib', 'libre2.a');
const RE2_INCLUDE = path.join(RE2_DIR, 'include');

function re2Cached() {
  return ['lib/libre2.a', 'include/re2/re2.h', 'BUILD-INFO'].every((f) => fs.existsSync(path.join(RE2_DIR, f)));
}

// What the module build needs, as [what, Debian package] pairs.
function missingBuildTools() {
  const missing = [];
  for (const [cmd, pkg] of [['emcc', 'emscripten'], ['em++', 'emscripten'], ['emar', 'emscripten'], ['cmake', 'cmake']]) {
    if (!which(cmd)) missing.push([cmd, pkg]);
  }
  if (!fs.existsSync(path.join(NLOHMANN_DIR, 'nlohmann', 'json.hpp'))) {
    missing.push([`${NLOHMANN_DIR}/nlohmann/json.hpp`, 'nlohmann-json3-dev']);
  }
  return missing;
}

// What build-re2.sh needs besides em++ (only checked when RE2 is not cached).
function missingRe2Tools() {
  const missing = [];
  for (const [cmd, pkg] of [['perl', 'perl'], ['dpkg-source', 'dpkg-dev'], ['apt-get', 'apt']]) {
    if (!which(cmd)) missing.push([cmd, pkg]);
  }
  const py = which('python3');
  if (!py) missing.push(['python3', 'python3']);
  else if (spawnSync(py, ['-c', 'import six'], { stdio: 'ignore' }).status !== 0) missing.push(['python3 module six', 'python3-six']);
  const ucd = process.env.EXEMPLAR_UNICODE_DIR || '/usr/share/unicode';
  if (!fs.existsSync(path.join(ucd, 'UnicodeData.txt'))) missing.push([`${ucd}/UnicodeData.txt`, 'unicode-data']);
  return missing;
}

function describe(missing) {
  return missing.map(([what, pkg]) => `${what} (Debian package ${pkg})`).join(', ');
}

let depsInstalled = false;
function runInstallDeps(reason) {
  log(`${reason}; running scripts/install-deps.sh`);
  depsInstalled = true;
  const r = spawnSync('bash', [path.join(SCRIPTS, 'install-deps.sh')], { stdio: 'inherit', env: ENV });
  return r.status === 0;
}

function ensureTools() {
  let missing = missingBuildTools();
  if (!re2Cached()) missing = missing.concat(missingRe2Tools());
  if (missing.length === 0) return;
  const ok = runInstallDeps(`missing: ${describe(missing)}`);
  const still = missingBuildTools().concat(re2Cached() ? [] : missingRe2Tools());
  if (still.length) {
    fail(
      `missing: ${describe(still)}.\n` +
        `  ${ok ? 'scripts/install-deps.sh ran but did not provide them' : 'scripts/install-deps.sh failed (it needs root or sudo)'}; ` +
        `install them with: apt-get install ${[...new Set(still.map(([, p]) => p))].join(' ')}`,
    );
  }
}

function buildRe2() {
  const run = () =>
    spawnSync('bash', [path.join(SCRIPTS, 'build-re2.sh')], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...ENV, EXEMPLAR_WASM_CACHE: CACHE, EXEMPLAR_JOBS: String(JOBS) },
      encoding: 'utf8',
    });
  let r = run();
  if (r.status !== 0 && !depsInstalled) {
    // e.g. deb-src not enabled yet: that is install-deps.sh's job.
    if (runInstallDeps('building RE2 failed')) r = run();
  }
  if (r.status !== 0) fail('building RE2 for wasm failed (scripts/build-re2.sh; see the messages above)');
  const out = (r.stdout || '').trim();
  if (out) log(out);
  if (!fs.existsSync(RE2_LIB)) fail(`scripts/build-re2.sh succeeded but ${rel(RE2_LIB)} does not exist`);
}

// Emscripten's system-library cache must be writable (it takes a lock there).
function emscriptenCache() {
  if (ENV.EM_CACHE) return;
  const r = spawnSync('em-config', ['CACHE'], { env: ENV, encoding: 'utf8' });
  const dir = r.status === 0 ? r.stdout.trim() : '';
  try {
    if (dir) fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    ENV.EM_CACHE = path.join(CACHE, 'emscripten-cache');
    log(`${dir} is not writable: using EM_CACHE=${rel(ENV.EM_CACHE)} (the first build fills it)`);
  }
}

// ---------------------------------------------------------------- helpers --

function sha(s) {
  return crypto.createHash('sha256').update(s).digest('hex');
}
function mtime(p) {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return -1;
  }
}

function exec(cmd, argv, { quiet = false } = {}) {
  if (VERBOSE) log(`${cmd} ${argv.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: ROOT_DIR, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (e) => resolve({ code: -1, out: String(e) }));
    child.on('close', (code) => {
      if (!quiet && out.trim()) process.stderr.write(out);
      resolve({ code, out });
    });
  });
}

// Make-style dependency file from -MMD: "target: dep dep \<newline> dep".
function readDeps(depfile) {
  let text;
  try {
    text = fs.readFileSync(depfile, 'utf8');
  } catch {
    return null;
  }
  text = text.replace(/\\\r?\n/g, ' ');
  const colon = text.indexOf(': ');
  if (colon < 0) return null;
  const deps = [];
  for (const m of text.slice(colon + 2).matchAll(/(?:\\ |[^\s])+/g)) deps.push(m[0].replace(/\\ /g, ' '));
  return deps;
}

// -------------------------------------------------------------------- main --

async function main() {
  // The export list must match the header before anything is compiled.
  const drift = compareHeaderAndExports();
  if (drift.length) fail(`capi/exemplar.exports and exemplar.h disagree:\n  ${drift.join('\n  ')}`);

  ensureTools();
  buildRe2();
  emscriptenCache();

  const emVersion = spawnSync('em++', ['--version'], { env: ENV, encoding: 'utf8' }).stdout?.split('\n')[0] ?? '';
  const compileKey = sha(JSON.stringify({ emVersion, CXXFLAGS, re2: RE2_DIR, nlohmann: NLOHMANN_DIR }));
  const OBJ = path.join(CACHE, 'obj', compileKey.slice(0, 12));
  const GEN = path.join(OBJ, 'generated');
  fs.mkdirSync(GEN, { recursive: true });

  // nlohmann only, not all of /usr/include (that would pull in glibc headers).
  const shim = path.join(OBJ, 'include');
  fs.mkdirSync(shim, { recursive: true });
  const link = path.join(shim, 'nlohmann');
  const target = path.join(NLOHMANN_DIR, 'nlohmann');
  let current = null;
  try {
    current = fs.readlinkSync(link);
  } catch {
    /* missing */
  }
  if (current !== target) {
    fs.rmSync(link, { force: true, recursive: true });
    fs.symlinkSync(target, link);
  }

  // The default rule pack, embedded exactly as the native CMake build does.
  const packJson = path.join(ROOT_DIR, 'core', 'rules', 'default.json');
  const embed = path.join(ROOT_DIR, 'core', 'embed_file.cmake');
  const packCpp = path.join(GEN, 'default_rule_pack.cpp');
  if (FORCE || mtime(packCpp) < Math.max(mtime(packJson), mtime(embed))) {
    const r = await exec('cmake', [
      `-DINPUT=${packJson}`,
      `-DOUTPUT=${packCpp}`,
      '-DSYMBOL=default_rule_pack_json',
      '-DINPUT_NAME=core/rules/default.json',
      '-P',
      embed,
    ]);
    if (r.code !== 0) fail('embedding core/rules/default.json with core/embed_file.cmake failed');
    log('embedded core/rules/default.json');
  }

  // Sources: every core/*.cpp, the generated pack, the C API.
  const coreDir = path.join(ROOT_DIR, 'core');
  const sources = [
    ...fs
      .readdirSync(coreDir)
      .filter((f) => f.endsWith('.cpp'))
      .sort()
      .map((f) => path.join(coreDir, f)),
    packCpp,
    path.join(ROOT_DIR, 'capi', 'exemplar_capi.cpp'),
  ];
  const includes = [
    `-I${path.join(ROOT_DIR, 'core')}`,
    `-I${path.join(ROOT_DIR, 'capi', 'include')}`,
    '-isystem',
    RE2_INCLUDE,
    '-isystem',
    shim,
  ];
  const units = sources.map((src) => {
    const base = src === packCpp ? 'generated_default_rule_pack.cpp' : path.relative(ROOT_DIR, src).replace(/[\\/]/g, '_');
    return { src, obj: path.join(OBJ, `${base}.o`), dep: path.join(OBJ, `${base}.d`) };
  });

  const stale = units.filter((u) => {
    if (FORCE) return true;
    const t = mtime(u.obj);
    if (t < 0) return true;
    const deps = readDeps(u.dep);
    if (!deps) return true;
    return deps.some((d) => mtime(path.resolve(ROOT_DIR, d)) > t || mtime(path.resolve(ROOT_DIR, d)) < 0);
  });

  if (stale.length) {
    log(`compiling ${stale.length} of ${units.length} sources with em++ ${CXXFLAGS.join(' ')} (-j${JOBS})`);
    const queue = [...stale];
    let failed = 0;
    const worker = async () => {
      for (let u; (u = queue.shift()); ) {
        const tmp = `${u.obj}.tmp`;
        const r = await exec('em++', [...CXXFLAGS, ...includes, '-MD', '-MF', u.dep, '-MT', u.obj, '-c', u.src, '-o', tmp], {
          quiet: false,
        });
        if (r.code !== 0) {
          failed++;
          log(`em++ failed on ${rel(u.src)}`);
          fs.rmSync(tmp, { force: true });
          fs.rmSync(u.dep, { force: true });
        } else {
          fs.renameSync(tmp, u.obj);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(JOBS, stale.length) }, worker));
    if (failed) fail(`${failed} source file(s) failed to compile (see above)`);
  }

  // Link when an object, RE2, the export list or the flags changed.
  const LINK = path.join(OBJ, 'link');
  fs.mkdirSync(LINK, { recursive: true });
  const outJs = path.join(LINK, 'exemplar.js');
  const outWasm = path.join(LINK, 'exemplar.wasm');
  const linkStamp = path.join(LINK, 'link-flags');
  const linkKey = JSON.stringify({ LDFLAGS, objs: units.map((u) => u.obj) });
  const flagsChanged = !fs.existsSync(linkStamp) || fs.readFileSync(linkStamp, 'utf8') !== linkKey;
  const newestInput = Math.max(...units.map((u) => mtime(u.obj)), mtime(RE2_LIB), mtime(EXPORTS_FILE));
  const linkedAt = Math.min(mtime(outJs), mtime(outWasm));
  if (FORCE || flagsChanged || linkedAt < newestInput) {
    log(`linking exemplar.js + exemplar.wasm (em++ ${OPT} ${EH_FLAG}, ES module, ENVIRONMENT=web,worker, FILESYSTEM=0)`);
    const r = await exec('em++', [...units.map((u) => u.obj), RE2_LIB, ...LDFLAGS, '-o', outJs]);
    if (r.code !== 0) fail('linking failed (see above)');
    fs.writeFileSync(linkStamp, linkKey);
  }

  // The module must export exactly the C API (+ malloc/free).
  const wasmBytes = fs.readFileSync(outWasm);
  const glue = fs.readFileSync(outJs, 'utf8');
  const problems = checkModuleExports(await instantiateGlue(pathToFileURL(outJs).href, wasmBytes));
  if (problems.length) fail(`the linked module's exports do not match capi/exemplar.exports:\n  ${problems.join('\n  ')}`);

  // dist/: the wrapper, its types, the factory and the wasm.
  fs.mkdirSync(DIST, { recursive: true });
  const copies = [
    [outJs, 'exemplar.js'],
    [outWasm, 'exemplar.wasm'],
    [path.join(SRC, 'index.js'), 'index.js'],
    [path.join(SRC, 'index.d.ts'), 'index.d.ts'],
  ];
  for (const [from, name] of copies) {
    const to = path.join(DIST, name);
    const data = fs.readFileSync(from);
    let same = false;
    try {
      same = fs.readFileSync(to).equals(data);
    } catch {
      /* missing */
    }
    if (!same) fs.writeFileSync(to, data);
  }

  const gz = zlib.gzipSync(wasmBytes, { level: 9 }).length;
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  log(
    `dist/ ready in ${((Date.now() - t0) / 1000).toFixed(1)}s: exemplar.wasm ${kb(wasmBytes.length)} (${kb(gz)} gzipped), ` +
      `exemplar.js ${kb(glue.length)}, index.js, index.d.ts`,
  );
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));
