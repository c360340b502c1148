// @exemplar/engine: the Exemplar engine compiled to WebAssembly, with a small
// JavaScript API over its stable C API (capi/include/exemplar/exemplar.h).
//
//   import { createExemplar } from '@exemplar/engine';
//   const engine = await createExemplar();            // default rule pack
//   const analysis = engine.analyze(noteText);        // exemplar.analysis.v1
//   for (const m of analysis.moments) noteText.slice(m.start16, m.end16);
//   engine.free();
//
// The analysis is the engine's JSON document, parsed, with UTF-16 offsets
// (`start16`/`end16`) added beside every UTF-8 byte offset pair (moments,
// their sentence, their triggers), so they index JavaScript strings and DOM
// text directly.
import createExemplarModule from './exemplar.js';

const WASM_FILE = 'exemplar.wasm';
const MAX_SIZE_T = 0xffffffff; // size_t is 32 bits in wasm32

/** Default limit on a note's UTF-8 size (16 MiB); 0 means no limit. */
export const DEFAULT_MAX_NOTE_BYTES = 16 * 1024 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/**
 * An error from the engine or from this wrapper. `code` is the C API's status
 * name (exemplar_status_string: "rulepack_pattern", "invalid_argument",
 * "note_too_large", ...) or "engine_freed"; `status` is the numeric C status
 * when there is one.
 */
export class ExemplarError extends Error {
  constructor(code, message, status) {
    super(message);
    this.name = 'ExemplarError';
    this.code = code;
    if (status !== undefined) this.status = status;
  }
}

function typeName(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? `a ${v.constructor?.name ?? 'object'}` : `a ${typeof v}`;
}

function checkByteLimit(v, what) {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_SIZE_T) {
    throw new ExemplarError('invalid_argument', `${what} must be an integer from 0 (no limit) to ${MAX_SIZE_T}, not ${String(v)}`, 2);
  }
  return v;
}

// UTF-8 length of a JavaScript string as TextEncoder encodes it (a lone
// surrogate becomes U+FFFD: 3 bytes).
function utf8Length(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

// Maps sorted, distinct UTF-8 byte offsets into `text` (as TextEncoder
// encodes it) to UTF-16 code-unit offsets, in one pass over the string. An
// offset inside a code point maps to the code point's start; one past the end
// maps to text.length.
function byteOffsetsToUtf16(text, offsets) {
  const map = new Map();
  const n = text.length;
  let b = 0;
  let i = 0;
  for (const target of offsets) {
    while (i < n && b < target) {
      const c = text.charCodeAt(i);
      let bytes = 3;
      let units = 1;
      if (c < 0x80) bytes = 1;
      else if (c < 0x800) bytes = 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        bytes = 4;
        units = 2;
      }
      if (b + bytes > target) break;
      b += bytes;
      i += units;
    }
    map.set(target, i);
  }
  return map;
}

// Adds start16/end16 beside each start/end pair of the analysis.
function addUtf16Offsets(analysis, text, byteLength) {
  const moments = analysis.moments;
  if (!Array.isArray(moments) || moments.length === 0) return analysis;
  const spans = [];
  for (const m of moments) {
    spans.push(m);
    if (m.sentence) spans.push(m.sentence);
    if (Array.isArray(m.triggers)) for (const t of m.triggers) spans.push(t);
  }
  if (byteLength === text.length) {
    // All ASCII: bytes and code units coincide.
    for (const s of spans) {
      s.start16 = s.start;
      s.end16 = s.end;
    }
    return analysis;
  }
  const offsets = new Set();
  for (const s of spans) {
    offsets.add(s.start);
    offsets.add(s.end);
  }
  const map = byteOffsetsToUtf16(text, [...offsets].sort((a, b) => a - b));
  for (const s of spans) {
    s.start16 = map.get(s.start);
    s.end16 = map.get(s.end);
  }
  return analysis;
}

// ---------------------------------------------------------------- runtime --
// One instance of the WebAssembly module (one heap), shared by the engines
// created from the same wasm source. An instance that trapped is discarded:
// its engines throw, new engines get a fresh instance.

class Runtime {
  constructor(mod, key) {
    this.mod = mod;
    this.key = key;
    this.broken = null; // the error that broke the instance
    this.entry = null; // its promise in the runtime table
    // Scratch for out-parameters and the options struct: [0] result or engine
    // pointer, [4] JSON pointer, [8] JSON length, [16..32) analyze options.
    this.scratch = mod._malloc(32);
    if (!this.scratch) throw new ExemplarError('out_of_memory', 'cannot allocate in the WebAssembly heap', 10);
    this.version = this.cstr(mod._exemplar_version_string());
  }

  u32(ptr) {
    // A fresh view every time: memory growth detaches the old buffer.
    return new DataView(this.mod.HEAPU8.buffer).getUint32(ptr, true);
  }

  cstr(ptr) {
    if (!ptr) return null;
    const heap = this.mod.HEAPU8;
    const end = heap.indexOf(0, ptr);
    return decoder.decode(heap.subarray(ptr, end < 0 ? heap.length : end));
  }

  // The ExemplarError for a failed C API call: code from
  // exemplar_status_string, message from exemplar_last_error_message.
  statusError(rc) {
    const code = this.cstr(this.mod._exemplar_status_string(rc)) || 'unknown_status';
    const message = this.cstr(this.mod._exemplar_last_error_message()) || code;
    return new ExemplarError(code, message, rc);
  }

  check() {
    if (this.broken) {
      throw new ExemplarError('internal', `the WebAssembly instance is unusable after an earlier failure: ${this.broken.message}`, 13);
    }
  }

  // Anything other than an ExemplarError coming out of wasm is a trap, an
  // abort or an escaped C++ exception (a bare number): the instance's state
  // cannot be trusted any more.
  fault(e) {
    if (e instanceof ExemplarError) return e;
    const detail =
      typeof e === 'number'
        ? `uncaught C++ exception (object at ${e}); this is a bug in the engine`
        : e && e.message
          ? e.message
          : String(e);
    const err = new ExemplarError('internal', `the WebAssembly module failed: ${detail}`, 13);
    this.markBroken(err);
    return err;
  }

  markBroken(err) {
    if (this.broken) return;
    this.broken = err;
    // New engines from the same source get a fresh instance.
    const table = typeof this.key === 'string' ? runtimeByKey : runtimeByObject;
    if (this.entry && table.get(this.key) === this.entry) table.delete(this.key);
  }

  // Calls that must not throw (frees in finally blocks): a failure only marks
  // the instance broken, so the primary error or result is not masked.
  safely(fn) {
    if (this.broken) return;
    try {
      fn();
    } catch (e) {
      this.fault(e);
    }
  }

  newEngine(packBytes) {
    this.check();
    const mod = this.mod;
    const out = this.scratch;
    let p = 0;
    try {
      let rc;
      if (packBytes === null) {
        rc = mod._exemplar_engine_new_default(out);
      } else {
        p = mod._malloc(Math.max(1, packBytes.length));
        if (!p) throw new ExemplarError('out_of_memory', `cannot allocate ${packBytes.length} bytes for the rule pack`, 10);
        mod.HEAPU8.set(packBytes, p); // HEAPU8 read after malloc (growth)
        rc = mod._exemplar_engine_new_from_json(p, packBytes.length, out);
      }
      if (rc !== 0) throw this.statusError(rc);
      return this.u32(out);
    } catch (e) {
      throw this.fault(e);
    } finally {
      if (p) this.safely(() => mod._free(p));
    }
  }

  rulepack(engine) {
    const mod = this.mod;
    return Object.freeze({
      id: this.cstr(mod._exemplar_engine_rulepack_id(engine)),
      version: this.cstr(mod._exemplar_engine_rulepack_version(engine)),
      sha256: this.cstr(mod._exemplar_engine_rulepack_sha256(engine)),
    });
  }

  // Returns the analysis JSON and the note's UTF-8 length.
  analyze(engine, text, maxNoteBytes, includeSnippets) {
    this.check();
    const mod = this.mod;
    // Worst case 3 bytes per UTF-16 code unit; long notes are measured exactly
    // rather than over-allocated.
    const cap = text.length <= 65536 ? text.length * 3 : utf8Length(text);
    if (cap > MAX_SIZE_T) throw new ExemplarError('note_too_large', `note is ${cap} bytes, more than the WebAssembly heap can hold`, 4);
    let p = 0;
    let res = 0;
    try {
      p = mod._malloc(Math.max(1, cap));
      if (!p) throw new ExemplarError('out_of_memory', `cannot allocate ${cap} bytes in the WebAssembly heap for the note`, 10);
      // Views are taken after malloc, which may have grown (detached) memory.
      const { written } = encoder.encodeInto(text, mod.HEAPU8.subarray(p, p + cap));
      const s = this.scratch;
      const dv = new DataView(mod.HEAPU8.buffer);
      dv.setUint32(s + 16, 1, true); // EXEMPLAR_ANALYZE_OPTIONS_VERSION
      dv.setInt32(s + 20, 0, true); // replace_invalid_utf8: JS strings encode to valid UTF-8
      dv.setInt32(s + 24, includeSnippets ? 1 : 0, true);
      dv.setUint32(s + 28, maxNoteBytes, true);
      let rc = mod._exemplar_analyze(engine, p, written, s + 16, s);
      if (rc !== 0) throw this.statusError(rc);
      res = this.u32(s);
      rc = mod._exemplar_result_json(res, s + 4, s + 8);
      if (rc !== 0) throw this.statusError(rc);
      const jp = this.u32(s + 4);
      const jl = this.u32(s + 8);
      return { json: decoder.decode(mod.HEAPU8.subarray(jp, jp + jl)), bytes: written };
    } catch (e) {
      throw this.fault(e);
    } finally {
      if (res) this.safely(() => mod._exemplar_result_free(res));
      if (p) this.safely(() => mod._free(p));
    }
  }

  freeEngine(engine) {
    this.safely(() => this.mod._exemplar_engine_free(engine));
  }
}

// wasm source -> Promise<WebAssembly.Module> and -> Promise<Runtime>.
const compiledByKey = new Map(); // URL string keys
const compiledByObject = new WeakMap(); // wasmBinary keys
const runtimeByKey = new Map();
const runtimeByObject = new WeakMap();

function isNode() {
  return typeof process === 'object' && process !== null && typeof process.versions?.node === 'string';
}

async function compileFromUrl(url) {
  try {
    const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(url);
    if (/^file:/i.test(url) || (!hasScheme && isNode())) {
      // Node: read the file. The specifier is a variable so that bundlers
      // targeting browsers leave this import alone.
      const fsModule = 'node:fs/promises';
      const fs = await import(/* webpackIgnore: true */ /* @vite-ignore */ fsModule);
      return await WebAssembly.compile(await fs.readFile(hasScheme ? new URL(url) : url));
    }
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
    if (typeof WebAssembly.compileStreaming === 'function' && /^application\/wasm\b/.test(response.headers.get('content-type') || '')) {
      return await WebAssembly.compileStreaming(response);
    }
    return await WebAssembly.compile(await response.arrayBuffer());
  } catch (e) {
    throw new ExemplarError('io', `cannot load the WebAssembly module from ${url}: ${e && e.message ? e.message : e}`, 12);
  }
}

function wasmSource(options) {
  const bin = options.wasmBinary;
  if (bin !== undefined && bin !== null) {
    if (!(bin instanceof ArrayBuffer || ArrayBuffer.isView(bin) || bin instanceof WebAssembly.Module)) {
      throw new ExemplarError('invalid_argument', `wasmBinary must be an ArrayBuffer, a typed array or a WebAssembly.Module, not ${typeName(bin)}`, 2);
    }
    const compile = () =>
      bin instanceof WebAssembly.Module
        ? Promise.resolve(bin)
        : WebAssembly.compile(bin).catch((e) => {
            throw new ExemplarError('invalid_argument', `wasmBinary is not a valid WebAssembly module: ${e.message}`, 2);
          });
    return { key: bin, compiledTable: compiledByObject, runtimeTable: runtimeByObject, compile };
  }
  let url;
  if (options.locateFile !== undefined && options.locateFile !== null) {
    if (typeof options.locateFile !== 'function') {
      throw new ExemplarError('invalid_argument', `locateFile must be a function, not ${typeName(options.locateFile)}`, 2);
    }
    url = String(options.locateFile(WASM_FILE, new URL('./', import.meta.url).href));
  } else {
    // Literal form, so that bundlers (Vite, webpack 5, ...) emit the asset.
    url = new URL('./exemplar.wasm', import.meta.url).href;
  }
  return { key: url, compiledTable: compiledByKey, runtimeTable: runtimeByKey, compile: () => compileFromUrl(url) };
}

function instantiate(wasmModule, key) {
  return new Promise((resolve, reject) => {
    let rt = null;
    const holder = {};
    createExemplarModule({
      instantiateWasm(imports, receive) {
        WebAssembly.instantiate(wasmModule, imports).then((instance) => receive(instance, wasmModule), reject);
        return {};
      },
      onAbort(what) {
        const err = new ExemplarError('internal', `the WebAssembly module aborted: ${what}`, 13);
        if (rt) rt.markBroken(err);
        else holder.error = err;
        reject(err);
      },
    }).then((mod) => {
      if (holder.error) return reject(holder.error);
      try {
        rt = new Runtime(mod, key);
        resolve(rt);
      } catch (e) {
        reject(e);
      }
    }, reject);
  });
}

function getRuntime(options) {
  const src = wasmSource(options);
  let rt = src.runtimeTable.get(src.key);
  if (!rt) {
    let compiled = src.compiledTable.get(src.key);
    if (!compiled) {
      compiled = src.compile();
      src.compiledTable.set(src.key, compiled);
      compiled.catch(() => src.compiledTable.get(src.key) === compiled && src.compiledTable.delete(src.key));
    }
    const entry = compiled.then((m) => instantiate(m, src.key));
    src.runtimeTable.set(src.key, entry);
    entry.then(
      (r) => {
        r.entry = entry;
      },
      () => src.runtimeTable.get(src.key) === entry && src.runtimeTable.delete(src.key),
    );
    rt = entry;
  }
  return rt;
}

// ----------------------------------------------------------------- engine --

// Safety net for engines that are garbage-collected without free().
const registry =
  typeof FinalizationRegistry === 'function' ? new FinalizationRegistry(({ rt, ptr }) => rt.freeEngine(ptr)) : null;

function packBytes(rules) {
  if (typeof rules === 'string') return encoder.encode(rules);
  if (rules instanceof Uint8Array) return rules;
  if (rules instanceof ArrayBuffer) return new Uint8Array(rules);
  if (ArrayBuffer.isView(rules)) return new Uint8Array(rules.buffer, rules.byteOffset, rules.byteLength);
  if (typeof rules === 'object' && rules !== null) {
    let json;
    try {
      json = JSON.stringify(rules);
    } catch (e) {
      throw new ExemplarError('rulepack_json', `/: the rules object cannot be serialised as JSON: ${e.message}`, 5);
    }
    return encoder.encode(json);
  }
  throw new ExemplarError('invalid_argument', `rules must be a rule pack object, a JSON string or bytes, not ${typeName(rules)}`, 2);
}

class Engine {
  #rt;
  #ptr;
  #maxNoteBytes;

  constructor(rt, ptr, maxNoteBytes) {
    this.#rt = rt;
    this.#ptr = ptr;
    this.#maxNoteBytes = maxNoteBytes;
    /** The engine library's version ("0.1.0"). */
    this.version = rt.version;
    /** The rule pack: { id, version, sha256 }. */
    this.rulepack = rt.rulepack(ptr);
    Object.freeze(this);
    registry?.register(this, { rt, ptr }, this);
  }

  /** The limit on a note's UTF-8 size set at creation (0: none). */
  get maxNoteBytes() {
    return this.#maxNoteBytes;
  }

  /** True once free() was called. */
  get freed() {
    return this.#ptr === 0;
  }

  /** Current size of the WebAssembly memory (bytes) this engine lives in. */
  get memoryBytes() {
    return this.#rt.mod.HEAPU8.length;
  }

  /**
   * Analyses one note. Returns the engine's "exemplar.analysis.v1" document
   * with start16/end16 beside every byte offset pair. Throws an ExemplarError
   * for an empty note (invalid_argument), a note over the limit
   * (note_too_large), or after free() (engine_freed).
   */
  analyze(text, options) {
    if (this.#ptr === 0) {
      throw new ExemplarError('engine_freed', 'analyze() was called on an Exemplar engine after free(); create a new engine');
    }
    if (typeof text !== 'string') {
      throw new ExemplarError('invalid_argument', `analyze(): the note must be a string, not ${typeName(text)}`, 2);
    }
    let max = this.#maxNoteBytes;
    let snippets = true;
    if (options !== undefined && options !== null) {
      if (typeof options !== 'object') throw new ExemplarError('invalid_argument', `analyze(): options must be an object, not ${typeName(options)}`, 2);
      if (options.maxNoteBytes !== undefined) max = checkByteLimit(options.maxNoteBytes, 'maxNoteBytes');
      if (options.includeSnippets !== undefined) snippets = Boolean(options.includeSnippets);
    }
    // Every UTF-16 code unit takes at least one UTF-8 byte, so a string longer
    // than the limit is too large without encoding it (same message as the
    // engine's).
    if (max !== 0 && text.length > max) {
      throw new ExemplarError('note_too_large', `note is ${utf8Length(text)} bytes, over the limit of ${max}`, 4);
    }
    const { json, bytes } = this.#rt.analyze(this.#ptr, text, max, snippets);
    return addUtf16Offsets(JSON.parse(json), text, bytes);
  }

  /** Frees the engine's memory. Idempotent; analyze() afterwards throws. */
  free() {
    if (this.#ptr === 0) return;
    registry?.unregister(this);
    const ptr = this.#ptr;
    this.#ptr = 0;
    this.#rt.freeEngine(ptr);
  }
}

/**
 * Creates an engine. Options:
 *  - rules: a rule pack (object, JSON string or UTF-8 bytes); default: the
 *    pack built into the module.
 *  - maxNoteBytes: refuse notes over this many UTF-8 bytes (default 16 MiB,
 *    0 = no limit).
 *  - wasmBinary: the bytes of exemplar.wasm (or a compiled WebAssembly.Module);
 *    otherwise the file is loaded next to this script (fetch in browsers, the
 *    file system in Node), or from locateFile('exemplar.wasm', scriptDir).
 * Engines created from the same wasm source share one WebAssembly instance.
 */
export async function createExemplar(options = {}) {
  if (options === null || typeof options !== 'object') {
    throw new ExemplarError('invalid_argument', `createExemplar(): options must be an object, not ${typeName(options)}`, 2);
  }
  const maxNoteBytes = checkByteLimit(options.maxNoteBytes ?? DEFAULT_MAX_NOTE_BYTES, 'maxNoteBytes');
  const bytes = options.rules === undefined || options.rules === null ? null : packBytes(options.rules);
  const rt = await getRuntime(options);
  const ptr = rt.newEngine(bytes);
  try {
    return new Engine(rt, ptr, maxNoteBytes);
  } catch (e) {
    rt.freeEngine(ptr);
    throw rt.fault(e);
  }
}

export default createExemplar;
