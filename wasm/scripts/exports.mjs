// The export list of the WebAssembly module, derived from the C API so that
// the two cannot drift:
//   - capi/exemplar.exports lists the exported C symbols (one per line; the
//     native shared library's version script is generated from it too);
//   - capi/include/exemplar/exemplar.h declares them with EXEMPLAR_API.
// The module exports exactly the listed functions plus malloc and free (the
// JavaScript wrapper needs them to pass notes and read results).
// Used by scripts/build.mjs (to generate EXPORTED_FUNCTIONS and to check the
// linked module) and by test/exports.test.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WASM_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT_DIR = path.dirname(WASM_DIR);
export const EXPORTS_FILE = path.join(ROOT_DIR, 'capi', 'exemplar.exports');
export const HEADER_FILE = path.join(ROOT_DIR, 'capi', 'include', 'exemplar', 'exemplar.h');

// Allocator functions the JavaScript wrapper calls besides the C API.
export const RUNTIME_EXPORTS = ['malloc', 'free'];

// Symbols listed in capi/exemplar.exports, in file order.
export function readExportsList(file = EXPORTS_FILE) {
  const names = fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
  for (const n of names) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) throw new Error(`${file}: not a C identifier: ${JSON.stringify(n)}`);
  }
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new Error(`${file}: ${dup} is listed twice`);
  return names;
}

// Functions declared with EXEMPLAR_API in the public header, in header order.
export function readHeaderApi(file = HEADER_FILE) {
  let src = fs.readFileSync(file, 'utf8');
  src = src.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
  // Drop preprocessor lines (with continuations): they define EXEMPLAR_API.
  src = src.replace(/^[ \t]*#(?:[^\n]*\\\n)*[^\n]*$/gm, ' ');
  const names = [];
  const re = /\bEXEMPLAR_API\b([^;{}]*?)\b([A-Za-z_][A-Za-z0-9_]*)\s*\(/g;
  for (let m; (m = re.exec(src)); ) names.push(m[2]);
  return names;
}

// Differences between the header and the exports list ([] when they agree).
export function compareHeaderAndExports(header = readHeaderApi(), list = readExportsList()) {
  const problems = [];
  for (const n of header) {
    if (!list.includes(n)) problems.push(`${n} is declared EXEMPLAR_API in exemplar.h but missing from capi/exemplar.exports`);
  }
  for (const n of list) {
    if (!header.includes(n)) problems.push(`${n} is listed in capi/exemplar.exports but not declared EXEMPLAR_API in exemplar.h`);
  }
  return problems;
}

// The C symbols the module must export (C API + allocator), sorted.
export function moduleExportNames() {
  return [...readExportsList(), ...RUNTIME_EXPORTS].sort();
}

// Emscripten's EXPORTED_FUNCTIONS value (leading underscores).
export function emscriptenExportedFunctions() {
  return moduleExportNames().map((n) => `_${n}`);
}

// Checks an instantiated Emscripten module object: it has a function
// `_name` for every listed symbol, and no `_exemplar_*` function beyond the
// list. (At -O3 Emscripten minifies the wasm-level export names, so the
// check is made on the names the glue maps them to.)
export function checkModuleExports(mod) {
  const want = emscriptenExportedFunctions();
  const problems = [];
  for (const n of want) if (typeof mod[n] !== 'function') problems.push(`the module does not export ${n}`);
  for (const n of Object.keys(mod)) {
    if (n.startsWith('_exemplar_') && !want.includes(n)) problems.push(`the module exports ${n}, which capi/exemplar.exports does not list`);
  }
  return problems;
}

// Instantiates the Emscripten factory at `glueUrl` with the wasm `bytes`.
export async function instantiateGlue(glueUrl, bytes) {
  const { default: factory } = await import(glueUrl);
  const compiled = await WebAssembly.compile(bytes);
  return factory({
    instantiateWasm(imports, receive) {
      WebAssembly.instantiate(compiled, imports).then((instance) => receive(instance, compiled));
      return {};
    },
  });
}
