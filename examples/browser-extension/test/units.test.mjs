// Node-only tests (no browser): the library exports, origin patterns, the
// manifest's promises, the demo server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATEGORY_IDS, CSV_COLUMNS, libraryToCsv, libraryToJson, originToPattern } from '../common.js';
import { EXT_DIR } from './helpers.mjs';
import { startDemoServer } from '../../demo-ehr/serve.mjs';

const entries = [
  { id: 'a', savedAt: '2024-04-02T10:00:00.000Z', category: 'patient_advocate', kind: 'advocacy', snippet: 'CM appealed the denial, "expedited".', cue: 'appealed', rule: 'advocacy.appeal', comment: '' },
  { id: 'b', savedAt: '2024-04-01T10:00:00.000Z', category: 'family_integration', kind: 'family_involvement', snippet: '- Dtr present\nat visit', cue: 'Dtr present', rule: 'family.present', comment: '=HYPERLINK("x")' },
  { id: 'c', savedAt: '2024-04-01T09:00:00.000Z', category: 'knowing_tracking', kind: 'breakdown', snippet: 'plain', cue: 'x', rule: 'r', comment: 'ok' },
];

test('CSV export: RFC 4180, grouped by the seven categories in guide order, formula cells neutralised', () => {
  const csv = libraryToCsv(entries);
  assert.ok(csv.endsWith('\r\n'));
  const lines = csv.split('\r\n');
  assert.equal(lines[0], CSV_COLUMNS.join(','));
  // knowing_tracking (1st category) < patient_advocate (4th) < family_integration (5th)
  assert.ok(lines[1].startsWith('knowing_tracking,'));
  assert.ok(lines[2].startsWith('patient_advocate,'));
  assert.match(lines[2], /"CM appealed the denial, ""expedited""\."/);
  assert.ok(csv.includes(`"'- Dtr present\nat visit"`), 'a cell starting with - is prefixed and quoted (newline inside)');
  assert.ok(csv.includes(`"'=HYPERLINK(""x"")"`));
});

test('JSON export: all seven categories, each with its stories', () => {
  const doc = JSON.parse(libraryToJson(entries, new Date('2024-05-01T00:00:00Z')));
  assert.equal(doc.schema, 'exemplar.story-library.v1');
  assert.equal(doc.count, 3);
  assert.deepEqual(doc.categories.map((c) => c.id), CATEGORY_IDS);
  assert.equal(doc.categories.find((c) => c.id === 'family_integration').stories[0].snippet, '- Dtr present\nat visit');
  assert.equal(doc.categories.find((c) => c.id === 'living_environment').stories.length, 0);
});

test('origins typed in the options page become host match patterns', () => {
  assert.equal(originToPattern('ehr.example.org'), 'https://ehr.example.org/*');
  assert.equal(originToPattern(' HTTPS://EHR.example.org:8443/chart?id=1 '), 'https://ehr.example.org/*');
  assert.equal(originToPattern('http://*.example.org'), 'http://*.example.org/*');
  assert.throws(() => originToPattern('ftp://example.org'));
  assert.throws(() => originToPattern('<all_urls>'));
  assert.throws(() => originToPattern('https://*/'));
  assert.throws(() => originToPattern(''));
});

test('manifest: MV3 module worker, wasm CSP, minimal permissions', () => {
  const m = JSON.parse(readFileSync(join(EXT_DIR, 'manifest.json'), 'utf8'));
  assert.equal(m.manifest_version, 3);
  assert.deepEqual(m.background, { service_worker: 'background.js', type: 'module' });
  assert.equal(m.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
  assert.deepEqual(m.host_permissions, ['http://127.0.0.1/*', 'http://localhost/*']);
  assert.deepEqual([...m.permissions].sort(), ['scripting', 'sidePanel', 'storage']);
  const all = JSON.stringify(m);
  assert.ok(!all.includes('<all_urls>'));
  assert.ok(!m.permissions.includes('tabs') && !m.permissions.includes('webRequest'));
  const cs = m.content_scripts[0];
  assert.equal(cs.all_frames, true);
  assert.equal(cs.match_about_blank, true);
});

test('no network API in the extension code but the worker fetching its own wasm', () => {
  for (const f of ['background.js', 'content.js', 'panel.js', 'options.js', 'common.js']) {
    const src = readFileSync(join(EXT_DIR, f), 'utf8');
    const calls = src.match(/\bfetch\s*\(|XMLHttpRequest|WebSocket|sendBeacon|EventSource/g) ?? [];
    if (f === 'background.js') {
      assert.deepEqual(calls, ['fetch('], f);
      assert.match(src, /fetch\(chrome\.runtime\.getURL\('vendor\/exemplar\.wasm'\)\)/);
      assert.match(src, /globalThis\.fetch = function guardedFetch/);
    } else assert.deepEqual(calls, [], f);
    // Note text is never logged: the only console call is the content
    // script's error code.
    const logs = src.match(/console\.\w+\([^)]*\)/g) ?? [];
    if (f === 'content.js') assert.deepEqual(logs, ["console.warn(`[Exemplar] analysis failed: ${res.error?.code ?? 'unknown'}`)"]);
    else assert.deepEqual(logs, [], f);
  }
});

test('demo server: 127.0.0.1 only, its own files only', async () => {
  const s = await startDemoServer({ port: 0 });
  try {
    assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await fetch(s.url);
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-security-policy'), /default-src 'self'/);
    assert.match(await index.text(), /contenteditable/);
    for (const p of ['serve.mjs', '..%2F..%2Fpackage.json', '../../README.md', '%2e%2e/%2e%2e/wasm/package.json', 'nope.html']) {
      const r = await fetch(s.url + p);
      assert.ok([403, 404].includes(r.status), `${p}: ${r.status}`);
    }
    assert.equal((await fetch(s.url, { method: 'POST' })).status, 405);
  } finally {
    await s.close();
  }
});
