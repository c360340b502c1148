#!/usr/bin/env node
// Installs the development dependencies (typescript, for `tsc --noEmit` in
// `npm test`) from package-lock.json when they are missing; otherwise does
// nothing. Exits non-zero with a clear message when npm cannot install them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WASM_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(WASM_DIR, 'package.json'), 'utf8'));
const missing = Object.keys(pkg.devDependencies || {}).filter(
  (name) => !fs.existsSync(path.join(WASM_DIR, 'node_modules', name, 'package.json')),
);
if (missing.length === 0) process.exit(0);

const lock = fs.existsSync(path.join(WASM_DIR, 'package-lock.json'));
const args = [lock ? 'ci' : 'install', '--no-audit', '--no-fund'];
process.stderr.write(`[dev-deps] missing ${missing.join(', ')}: running npm ${args.join(' ')}\n`);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const r = spawnSync(npm, args, { cwd: WASM_DIR, stdio: 'inherit' });
if (r.status !== 0) {
  process.stderr.write(`[dev-deps] error: npm ${args[0]} failed; run it yourself in ${WASM_DIR} (it needs the npm registry)\n`);
  process.exit(1);
}
