// Exemplar extension: the options page. Enables EHR origins (optional host
// permissions + registered content scripts), switches kinds on and off,
// loads a custom rule pack (validated by the service worker, which creates an
// engine with it) and clears the story library.
import { KINDS, MSG, STORE, el, enabledKinds, loadLibrary, originToPattern } from './common.js';

const $ = (id) => document.getElementById(id);
const BUILT_IN = ['http://127.0.0.1/*', 'http://localhost/*'];
const SCRIPT_PREFIX = 'exemplar-origin-';

// ------------------------------------------------------------- origins --

const scriptId = (pattern) => SCRIPT_PREFIX + pattern.replace(/[^a-z0-9]+/gi, '_');

async function registered() {
  const all = await chrome.scripting.getRegisteredContentScripts();
  return all.filter((s) => s.id.startsWith(SCRIPT_PREFIX));
}

async function renderOrigins() {
  const ul = $('origins');
  ul.replaceChildren();
  for (const p of BUILT_IN) ul.append(el('li', {}, el('span', { text: p }), el('span', { class: 'muted small', text: 'built in (demo EHR)' })));
  const granted = new Set((await chrome.permissions.getAll()).origins ?? []);
  for (const s of await registered()) {
    const p = s.matches[0];
    ul.append(
      el(
        'li',
        { dataset: { pattern: p } },
        el('span', { text: p }),
        granted.has(p) ? null : el('span', { class: 'muted small', text: 'permission revoked' }),
        el('button', { type: 'button', onclick: () => disableOrigin(p), text: 'Remove' }),
      ),
    );
  }
}

function result(id, ok, parts) {
  const box = $(id);
  box.hidden = false;
  box.className = `result ${ok ? 'ok' : 'err'}`;
  box.replaceChildren(...parts);
}

async function enableOrigin(input) {
  let pattern;
  try {
    pattern = originToPattern(input);
  } catch (e) {
    result('origin-result', false, [e.message]);
    return;
  }
  // Must run in the click's user gesture: no await before this.
  const granted = await chrome.permissions.request({ origins: [pattern] });
  if (!granted) {
    result('origin-result', false, [`Access to ${pattern} was not granted.`]);
    return;
  }
  const id = scriptId(pattern);
  const existing = await chrome.scripting.getRegisteredContentScripts({ ids: [id] });
  const script = { id, matches: [pattern], js: ['content.js'], css: ['content.css'], allFrames: true, matchOriginAsFallback: true, runAt: 'document_idle', persistAcrossSessions: true };
  if (existing.length) await chrome.scripting.updateContentScripts([script]);
  else await chrome.scripting.registerContentScripts([script]);
  // Open tabs of that site get the script now, without a reload.
  let injected = 0;
  for (const tab of await chrome.tabs.query({ url: pattern })) {
    try {
      await chrome.scripting.insertCSS({ target: { tabId: tab.id, allFrames: true }, files: ['content.css'] });
      await chrome.scripting.executeScript({ target: { tabId: tab.id, allFrames: true }, files: ['content.js'] });
      injected++;
    } catch {
      /* a tab that cannot be scripted */
    }
  }
  result('origin-result', true, [`Enabled ${pattern}${injected ? ` (and started in ${injected} open tab${injected > 1 ? 's' : ''})` : ''}.`]);
  $('origin-input').value = '';
  renderOrigins();
}

async function disableOrigin(pattern) {
  await chrome.scripting.unregisterContentScripts({ ids: [scriptId(pattern)] }).catch(() => {});
  await chrome.permissions.remove({ origins: [pattern] }).catch(() => {});
  result('origin-result', true, [`Removed ${pattern}. Reload its tabs to remove the highlights.`]);
  renderOrigins();
}

// --------------------------------------------------------------- kinds --

async function renderKinds() {
  const got = await chrome.storage.local.get(STORE.kinds);
  const on = enabledKinds(got[STORE.kinds]);
  const box = $('kinds');
  box.replaceChildren(
    ...KINDS.map((k) =>
      el(
        'label',
        { class: 'kind-toggle' },
        el('input', {
          type: 'checkbox',
          id: `kind-${k.id}`,
          checked: on.has(k.id),
          onchange: async (e) => {
            const cur = (await chrome.storage.local.get(STORE.kinds))[STORE.kinds] ?? {};
            await chrome.storage.local.set({ [STORE.kinds]: { ...cur, [k.id]: e.target.checked } });
          },
        }),
        el('span', { class: 'swatch', style: `--c:${k.color}` }),
        el('span', { text: k.label }),
      ),
    ),
  );
}

// ----------------------------------------------------------- rule pack --

let validated = null; // { json, info } of the last successful validation

async function engineLine() {
  try {
    const info = await chrome.runtime.sendMessage({ type: MSG.engineInfo });
    if (!info?.ok) {
      $('engine-line').textContent = `Engine: not loaded (${info?.error?.code}: ${info?.error?.message})`;
      return;
    }
    const rp = info.rulepack;
    let line = `Engine ${info.version} · rule pack ${rp.id} ${rp.version}${info.custom ? ` (custom${info.name ? `: ${info.name}` : ''})` : ' (built in)'} · sha256 ${rp.sha256.slice(0, 12)}…`;
    if (info.customError) line += ` — your custom pack failed to load (${info.customError.code}: ${info.customError.message}); using the built-in pack`;
    $('engine-line').textContent = line;
  } catch {
    $('engine-line').textContent = 'Engine: starting…';
  }
}

async function validate() {
  const json = $('rules-text').value;
  validated = null;
  $('rules-use').disabled = true;
  $('rules-validate').disabled = true;
  try {
    const res = await chrome.runtime.sendMessage({ type: MSG.validateRules, json });
    if (res?.ok) {
      validated = { json, info: res.info };
      $('rules-use').disabled = false;
      result('rules-result', true, ['Valid rule pack: ', el('code', { text: res.info.id }), ` version ${res.info.version}, sha256 ${res.info.sha256.slice(0, 16)}…`]);
    } else {
      result('rules-result', false, ['Invalid rule pack — ', el('code', { class: 'code', text: res?.error?.code ?? 'unknown' }), ': ', el('span', { class: 'message', text: res?.error?.message ?? 'no answer from the engine' })]);
    }
  } finally {
    $('rules-validate').disabled = false;
  }
}

async function usePack() {
  if (!validated || validated.json !== $('rules-text').value) {
    result('rules-result', false, ['Validate the rule pack first.']);
    return;
  }
  const { json, info } = validated;
  await chrome.storage.local.set({
    [STORE.rulepack]: { json, name: fileName, id: info.id, version: info.version, sha256: info.sha256, loadedAt: new Date().toISOString() },
  });
  result('rules-result', true, [`Now using `, el('code', { text: info.id }), ` ${info.version}.`]);
  setTimeout(engineLine, 200);
}

async function useDefault() {
  await chrome.storage.local.remove(STORE.rulepack);
  result('rules-result', true, ['Now using the built-in rule pack.']);
  setTimeout(engineLine, 200);
}

let fileName = null;

// ------------------------------------------------------------- library --

async function renderLibraryCount() {
  $('library-count').textContent = String((await loadLibrary()).length);
}

async function clearLibrary() {
  const n = (await loadLibrary()).length;
  if (!confirm(`Delete all ${n} stories from the library? This cannot be undone (export them first).`)) return;
  await chrome.storage.local.remove(STORE.storyLibrary);
  renderLibraryCount();
}

// -------------------------------------------------------------- wiring --

function main() {
  $('origin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    enableOrigin($('origin-input').value);
  });
  $('rules-file').addEventListener('change', async (e) => {
    const f = e.target.files?.[0];
    if (!f) return;
    fileName = f.name;
    $('rules-text').value = await f.text();
    validate();
  });
  $('rules-text').addEventListener('input', () => {
    fileName = null;
    validated = null;
    $('rules-use').disabled = true;
  });
  $('rules-validate').addEventListener('click', validate);
  $('rules-use').addEventListener('click', usePack);
  $('rules-default').addEventListener('click', useDefault);
  $('clear-library').addEventListener('click', clearLibrary);
  $('open-library').addEventListener('click', () => chrome.tabs.create({ url: chrome.runtime.getURL('panel.html?view=library') }));
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    if (STORE.storyLibrary in changes) renderLibraryCount();
    if (STORE.kinds in changes) renderKinds();
  });
  chrome.runtime.onMessage.addListener((msg) => {
    if (msg?.type === MSG.engineChanged) engineLine();
  });
  renderOrigins();
  renderKinds();
  renderLibraryCount();
  engineLine();
}

main();
