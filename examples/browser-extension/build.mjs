#!/usr/bin/env node
// Builds the unpacked extension: makes sure the engine's WebAssembly package
// is built (npm --prefix wasm run build, incremental) and copies wasm/dist/*
// into vendor/, which the service worker imports.
//
//   node build.mjs              build wasm/dist if needed, copy it to vendor/
//   node build.mjs --no-wasm    only copy an existing wasm/dist/
//   EXEMPLAR_SKIP_WASM_BUILD=1  same as --no-wasm
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, copyFileSync, rmSync, statSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const wasmDir = join(repo, 'wasm');
const dist = join(wasmDir, 'dist');
const vendor = join(here, 'vendor');
const REQUIRED = ['index.js', 'exemplar.js', 'exemplar.wasm'];

const skipWasm = process.argv.includes('--no-wasm') || process.env.EXEMPLAR_SKIP_WASM_BUILD === '1';

if (!skipWasm) {
  console.log('[build] npm --prefix wasm run build');
  const r = spawnSync('npm', ['--prefix', wasmDir, 'run', 'build'], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`[build] the wasm build failed (exit ${r.status}); see above`);
    process.exit(1);
  }
}

for (const f of REQUIRED) {
  if (!existsSync(join(dist, f))) {
    console.error(`[build] ${join(dist, f)} is missing: run npm --prefix wasm run build`);
    process.exit(1);
  }
}

rmSync(vendor, { recursive: true, force: true });
mkdirSync(vendor, { recursive: true });
let bytes = 0;
for (const f of readdirSync(dist)) {
  const src = join(dist, f);
  if (!statSync(src).isFile()) continue;
  copyFileSync(src, join(vendor, f));
  bytes += statSync(src).size;
}

// The manifest must parse, and every file it names must exist.
const manifest = JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8'));
const named = [
  manifest.background?.service_worker,
  manifest.side_panel?.default_path,
  manifest.options_ui?.page,
  ...(manifest.content_scripts ?? []).flatMap((c) => [...(c.js ?? []), ...(c.css ?? [])]),
  ...Object.values(manifest.icons ?? {}),
].filter(Boolean);
const missing = named.filter((f) => !existsSync(join(here, f)));
if (missing.length) {
  console.error(`[build] manifest.json names missing files: ${missing.join(', ')}`);
  process.exit(1);
}
console.log(`[build] vendor/: ${readdirSync(vendor).join(', ')} (${(bytes / 1024).toFixed(0)} KiB); extension ready in ${here}`);
