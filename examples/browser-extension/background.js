// Exemplar extension: the module service worker. The engine (WebAssembly,
// vendor/ = wasm/dist copied by build.mjs) runs here, once, for every tab:
// content scripts send note text by message and get analyses back; the panel
// asks for the current note of a tab; the options page validates rule packs.
//
// Privacy: nothing here touches the network (the only fetch is the
// extension's own vendor/exemplar.wasm), note text is never logged, and
// nothing is stored except by the user's action in the panel or the options
// page (chrome.storage.local). The current note of each tab is kept in this
// worker's memory only.
import { createExemplar } from './vendor/index.js';
import { MSG, STORE, enabledKinds } from './common.js';

// ---------------------------------------------------------- network guard --
// Defence in depth: this worker may fetch the extension's own files only. Any
// other URL is refused before it reaches the network; every call is logged
// (URL only, in memory) so that tests can check what the worker asked for.
const EXT_ROOT = chrome.runtime.getURL('');
const nativeFetch = globalThis.fetch.bind(globalThis);
const networkLog = [];
globalThis.fetch = function guardedFetch(input, init) {
  const url = new URL(input instanceof Request ? input.url : String(input), EXT_ROOT).href;
  const allowed = url.startsWith(EXT_ROOT);
  if (networkLog.length < 200) networkLog.push({ url, allowed });
  if (!allowed) return Promise.reject(new TypeError('Exemplar: network access outside the extension is blocked'));
  return nativeFetch(input, init);
};
globalThis.__exemplarNetworkLog = networkLog;

// ---------------------------------------------------------------- engine --

let compiled = null; // Promise<WebAssembly.Module>

function wasmModule() {
  if (!compiled) {
    compiled = fetch(chrome.runtime.getURL('vendor/exemplar.wasm'))
      .then((r) => {
        if (!r.ok) throw new Error(`cannot load vendor/exemplar.wasm: HTTP ${r.status}`);
        return r.arrayBuffer();
      })
      .then((bytes) => WebAssembly.compile(bytes));
    compiled.catch(() => (compiled = null));
  }
  return compiled;
}

let engineState = null; // Promise<{ engine, custom, customError }>

function errorInfo(e) {
  return { code: e?.code ?? 'internal', message: String(e?.message ?? e) };
}

async function createEngineState() {
  const wasmBinary = await wasmModule();
  const got = await chrome.storage.local.get(STORE.rulepack);
  const pack = got[STORE.rulepack];
  let customError = null;
  if (pack && typeof pack.json === 'string') {
    try {
      return { engine: await createExemplar({ wasmBinary, rules: pack.json }), custom: true, name: pack.name ?? null, customError };
    } catch (e) {
      // A stored pack that no longer loads (e.g. after an engine upgrade):
      // fall back to the built-in pack and tell the options page why.
      customError = errorInfo(e);
    }
  }
  return { engine: await createExemplar({ wasmBinary }), custom: false, name: null, customError };
}

function getEngine() {
  if (!engineState) {
    engineState = createEngineState();
    engineState.catch(() => (engineState = null));
  }
  return engineState;
}

function resetEngine() {
  const old = engineState;
  engineState = null;
  old?.then((s) => s.engine.free(), () => {});
}

let kindsSetting = null; // Promise<object|undefined>
function getKindsSetting() {
  kindsSetting ??= chrome.storage.local.get(STORE.kinds).then((g) => g[STORE.kinds]);
  return kindsSetting;
}

chrome.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local') return;
  if (STORE.kinds in changes) kindsSetting = Promise.resolve(changes[STORE.kinds].newValue);
  if (STORE.rulepack in changes) {
    resetEngine();
    current.clear();
    chrome.runtime.sendMessage({ type: MSG.engineChanged }).catch(() => {});
  }
});

// ------------------------------------------------------ current note/tab --
// tabId -> { tabId, frameId, documentId, fieldId, field, label, activeAt,
//            updatedAt, textLength, analysis }
const current = new Map();

function isExtensionPage(sender) {
  return sender.id === chrome.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(chrome.runtime.getURL(''));
}

function isContentScript(sender) {
  return sender.id === chrome.runtime.id && sender.tab && typeof sender.tab.id === 'number' && !isExtensionPage(sender);
}

// Which note the panel shows for a tab: the field the user touched last
// (focus, typing, or a note opened in a viewer); a read-only view never
// displaces an editor the user worked in.
function shouldReplace(prev, next) {
  if (!prev) return true;
  if (prev.frameId === next.frameId && prev.fieldId === next.fieldId && prev.documentId === next.documentId) return true;
  if (next.frameId === 0 && prev.documentId !== next.documentId && prev.frameId === 0) return true; // top frame navigated
  return next.activeAt > prev.activeAt;
}

function notifyPanels(tabId) {
  chrome.runtime.sendMessage({ type: MSG.currentUpdated, tabId }).catch(() => {});
}

chrome.tabs.onRemoved.addListener((tabId) => current.delete(tabId));

// --------------------------------------------------------------- analyse --

// What the content script needs to draw: the affirmed moments of the enabled
// kinds, with offsets and the explanation (the engine's message); `counted`:
// the kind is affirmed for the note (a weak cue alone is drawn dashed);
// `lead`: the engine's flag to read first for its kind (drawn bolder). A cue
// and the sentence model can flag the very same words: one box, the lead's
// explanation.
function forField(a, on) {
  const kinds = new Set(a.kinds.filter((k) => on.has(k)));
  const moments = [];
  const bySpan = new Map();
  for (const m of a.moments) {
    if (!m.affirmed || !on.has(m.kind)) continue;
    const key = `${m.kind}:${m.start16}:${m.end16}`;
    const same = bySpan.get(key);
    if (same !== undefined) {
      if (m.lead === true) Object.assign(same, { rule: m.rule, lead: true, historical: m.historical, message: m.message });
      continue;
    }
    const box = {
      kind: m.kind,
      rule: m.rule,
      start16: m.start16,
      end16: m.end16,
      cue: m.cue,
      affirmed: true,
      counted: kinds.has(m.kind),
      lead: m.lead === true,
      historical: m.historical,
      message: m.message,
    };
    bySpan.set(key, box);
    moments.push(box);
  }
  return { moments };
}

// What the panel shows: every cue of the enabled kinds (affirmed or not, with
// the context that decided it), the sentence around each, the category.
// Computed only when a panel asks.
function forPanel(a, text, on) {
  const kinds = a.kinds.filter((k) => on.has(k));
  const moments = [];
  for (const m of a.moments) {
    if (!on.has(m.kind)) continue;
    moments.push({
      kind: m.kind,
      rule: m.rule,
      start16: m.start16,
      end16: m.end16,
      cue: m.cue ?? text.slice(m.start16, m.end16),
      affirmed: m.affirmed,
      counted: m.affirmed && kinds.includes(m.kind),
      negated: m.negated,
      hypothetical: m.hypothetical,
      historical: m.historical,
      templated: m.templated,
      experiencer: m.experiencer,
      score: m.score,
      message: m.message,
      snippet: m.snippet ?? null,
      sentence: text.slice(m.sentence.start16, m.sentence.end16).trim(),
      triggers: (m.triggers ?? []).map((t) => ({ role: t.role, rule: t.rule, text: text.slice(t.start16, t.end16) })),
    });
  }
  return {
    moments,
    kinds,
    kind_scores: a.kind_scores,
    // With some kinds switched off the engine's suggestion may rest on them;
    // with none of the enabled kinds affirmed, abstain as the engine does.
    category: kinds.length ? a.category : null,
    engine: a.engine,
  };
}

async function analyzeForContent(msg, sender) {
  const t0 = performance.now();
  const text = typeof msg.text === 'string' ? msg.text : '';
  let raw = null;
  let field = null;
  let error = null;
  let on = null;
  if (text.trim() !== '') {
    try {
      const [state, kindsSet] = await Promise.all([getEngine(), getKindsSetting()]);
      raw = state.engine.analyze(text);
      on = enabledKinds(kindsSet);
      field = forField(raw, on);
    } catch (e) {
      error = errorInfo(e);
      if (error.code === 'internal') resetEngine();
    }
  }
  const ms = performance.now() - t0;
  const tabId = sender.tab.id;
  const entry = {
    tabId,
    frameId: sender.frameId ?? 0,
    documentId: sender.documentId ?? null,
    fieldId: String(msg.fieldId ?? ''),
    field: String(msg.field ?? ''),
    label: String(msg.label ?? '').slice(0, 120),
    activeAt: Number(msg.activeAt) || 0,
    updatedAt: Date.now(),
    textLength: text.length,
    error,
    // In memory only, shaped for the panel when it asks.
    raw: raw ? { analysis: raw, text, on } : null,
    analysis: undefined,
  };
  if (shouldReplace(current.get(tabId), entry)) {
    current.set(tabId, entry);
    notifyPanels(tabId);
  }
  return error ? { ok: false, error, ms } : { ok: true, analysis: field, ms };
}

function panelEntry(entry) {
  if (!entry) return null;
  if (entry.analysis === undefined) entry.analysis = entry.raw ? forPanel(entry.raw.analysis, entry.raw.text, entry.raw.on) : null;
  const { raw, ...rest } = entry;
  return rest;
}

async function validateRules(msg) {
  const json = msg.json;
  if (typeof json !== 'string' || json.trim() === '') {
    return { ok: false, error: { code: 'invalid_argument', message: 'the rule pack is empty' } };
  }
  let engine = null;
  try {
    engine = await createExemplar({ wasmBinary: await wasmModule(), rules: json });
    // A smoke test: the pack must analyse a note.
    engine.analyze('CM appealed the denial; dtr present at visit.');
    return { ok: true, info: { version: engine.version, ...engine.rulepack } };
  } catch (e) {
    return { ok: false, error: errorInfo(e) };
  } finally {
    engine?.free();
  }
}

async function engineInfo() {
  try {
    const s = await getEngine();
    return {
      ok: true,
      version: s.engine.version,
      rulepack: { ...s.engine.rulepack },
      custom: s.custom,
      name: s.name,
      customError: s.customError,
    };
  } catch (e) {
    return { ok: false, error: errorInfo(e) };
  }
}

// Listeners are registered synchronously, so that a message wakes the worker.
chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (!msg || typeof msg !== 'object' || sender.id !== chrome.runtime.id) return false;
  let p = null;
  switch (msg.type) {
    case MSG.analyze:
      if (isContentScript(sender)) p = analyzeForContent(msg, sender);
      break;
    case MSG.current:
      if (isExtensionPage(sender)) {
        const tabId = Number(msg.tabId);
        const entry = panelEntry(current.get(tabId));
        // The worker may have been restarted since: ask the tab's content
        // scripts to report again (the answer comes as currentUpdated).
        if (!entry || msg.refresh) chrome.tabs.sendMessage(tabId, { type: MSG.report }).catch(() => {});
        p = Promise.resolve({ ok: true, entry });
      }
      break;
    case MSG.validateRules:
      if (isExtensionPage(sender)) p = validateRules(msg);
      break;
    case MSG.engineInfo:
      if (isExtensionPage(sender)) p = engineInfo();
      break;
    default:
      break;
  }
  if (!p) return false;
  p.then(sendResponse, (e) => sendResponse({ ok: false, error: errorInfo(e) }));
  return true;
});

// The toolbar button opens the side panel.
chrome.sidePanel?.setPanelBehavior?.({ openPanelOnActionClick: true }).catch(() => {});

// Origins enabled in the options page: when the user revokes a host
// permission (chrome://extensions), drop its content script registration.
chrome.permissions.onRemoved.addListener(async ({ origins = [] }) => {
  if (!origins.length) return;
  const scripts = await chrome.scripting.getRegisteredContentScripts();
  const gone = scripts.filter((s) => s.matches?.some((m) => origins.includes(m))).map((s) => s.id);
  if (gone.length) await chrome.scripting.unregisterContentScripts({ ids: gone });
});

// Warm the engine up so the first analysis is fast.
getEngine().catch(() => {});
