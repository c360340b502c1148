// The module's export list cannot drift from the C API: every EXEMPLAR_API
// function of exemplar.h is in capi/exemplar.exports, and the built module
// exports exactly that list (plus malloc/free).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { pathToFileURL } from 'node:url';

import {
  RUNTIME_EXPORTS,
  checkModuleExports,
  compareHeaderAndExports,
  emscriptenExportedFunctions,
  instantiateGlue,
  readExportsList,
  readHeaderApi,
} from '../scripts/exports.mjs';
import { DIST_DIR, wasmBytes } from './helpers.mjs';

test('every EXEMPLAR_API function of exemplar.h is in capi/exemplar.exports and vice versa', () => {
  const header = readHeaderApi();
  const list = readExportsList();
  assert.ok(header.length >= 20, `found only ${header.length} EXEMPLAR_API declarations`);
  assert.deepEqual(compareHeaderAndExports(header, list), []);
  assert.deepEqual([...header].sort(), [...list].sort());
});

test('the drift check catches a function missing on either side', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exemplar-exports-'));
  try {
    const header = path.join(dir, 'h.h');
    const list = path.join(dir, 'list');
    fs.writeFileSync(
      header,
      '#define EXEMPLAR_API __attribute__((visibility("default")))\n' +
        '/* EXEMPLAR_API int commented_out(void); */\n' +
        'EXEMPLAR_API int exemplar_a(void);\nEXEMPLAR_API const char *exemplar_b(int x,\n    int y);\n',
    );
    fs.writeFileSync(list, 'exemplar_a\nexemplar_c\n');
    assert.deepEqual(readHeaderApi(header), ['exemplar_a', 'exemplar_b']);
    const problems = compareHeaderAndExports(readHeaderApi(header), readExportsList(list));
    assert.equal(problems.length, 2);
    assert.match(problems[0], /exemplar_b is declared EXEMPLAR_API in exemplar.h but missing/);
    assert.match(problems[1], /exemplar_c is listed in capi\/exemplar.exports but not declared/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('EXPORTED_FUNCTIONS is the exports list plus malloc and free', () => {
  const want = [...readExportsList(), ...RUNTIME_EXPORTS].map((n) => `_${n}`).sort();
  assert.deepEqual(emscriptenExportedFunctions(), want);
});

test("the built module's exports equal the list", async () => {
  const mod = await instantiateGlue(pathToFileURL(path.join(DIST_DIR, 'exemplar.js')).href, wasmBytes);
  assert.deepEqual(checkModuleExports(mod), []);
  const cApi = Object.keys(mod).filter((k) => k.startsWith('_exemplar_'));
  assert.deepEqual(cApi.sort(), readExportsList().map((n) => `_${n}`).sort());
  for (const n of RUNTIME_EXPORTS) assert.equal(typeof mod[`_${n}`], 'function', `_${n}`);
  assert.ok(mod.HEAPU8 instanceof Uint8Array);
  // As many wasm function exports as the glue maps to C names.
  const wasmFunctions = WebAssembly.Module.exports(new WebAssembly.Module(wasmBytes)).filter((e) => e.kind === 'function');
  const mapped = Object.keys(mod).filter((k) => /^_[a-z]/.test(k) && typeof mod[k] === 'function');
  assert.ok(wasmFunctions.length >= mapped.length, `${wasmFunctions.length} wasm exports < ${mapped.length}`);
  // And the C API works through them.
  const version = mod._exemplar_version_number();
  assert.equal(typeof version, 'number');
});

test('the glue is a browser ES module without Node-only code or a file system', () => {
  const glue = fs.readFileSync(path.join(DIST_DIR, 'exemplar.js'), 'utf8');
  assert.ok(glue.includes('export default createExemplarModule'), 'not an ES module factory');
  for (const nodeOnly of ['__dirname', 'require(', 'NODEFS', 'FS.mkdir', 'FS.createPreloadedFile']) {
    assert.ok(!glue.includes(nodeOnly), `the glue contains ${nodeOnly}`);
  }
});
