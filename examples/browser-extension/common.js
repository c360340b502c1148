// Shared by the service worker, the panel and the options page (ES module).
// The content script is a classic script and keeps its own copy of KINDS.

/** The four moment kinds, in the labelling guide's order. */
export const KINDS = [
  { id: 'breakdown', label: 'Breakdown', color: '#d93a3f' },
  { id: 'rule_bending', label: 'Rule bending', color: '#8e4ec6' },
  { id: 'advocacy', label: 'Advocacy', color: '#0b6fd6' },
  { id: 'family_involvement', label: 'Family involvement', color: '#23873f' },
];
export const KIND_IDS = KINDS.map((k) => k.id);
export const kindLabel = (id) => KINDS.find((k) => k.id === id)?.label ?? id;

/** The seven story categories (MOMENTS.md), in the guide's order. */
export const CATEGORIES = [
  { id: 'knowing_tracking', label: "Meeting, knowing and tracking patients' past, present and future" },
  { id: 'simplifying_contact', label: 'Simplifying the point of contact within and between institutions' },
  { id: 'coordinating_care', label: 'Knowing the patient and integrating and coordinating care' },
  { id: 'patient_advocate', label: 'The case manager as patient advocate' },
  { id: 'family_integration', label: 'Supporting and integrating the family into the health care team' },
  { id: 'living_environment', label: 'Advocating for adequate supportive living environments' },
  { id: 'life_health_coach', label: 'The case manager as life and health coach' },
];
export const CATEGORY_IDS = CATEGORIES.map((c) => c.id);
export const categoryLabel = (id) => CATEGORIES.find((c) => c.id === id)?.label ?? id;

/** chrome.storage.local keys. */
export const STORE = {
  kinds: 'settings.kinds', // { [kind]: boolean } (missing = on)
  rulepack: 'settings.rulepack', // { json, name, id, version, sha256, loadedAt }
  storyLibrary: 'library', // StoryEntry[] (storage key kept)
};

/** Message types (content script <-> service worker <-> pages). */
export const MSG = {
  analyze: 'exemplar:analyze',
  current: 'exemplar:get-current',
  currentUpdated: 'exemplar:current-updated',
  report: 'exemplar:report',
  validateRules: 'exemplar:validate-rules',
  engineInfo: 'exemplar:engine-info',
  engineChanged: 'exemplar:engine-changed',
};

export function enabledKinds(setting) {
  const on = new Set();
  for (const k of KIND_IDS) if (!setting || setting[k] !== false) on.add(k);
  return on;
}

// ------------------------------------------------------------ the library --

/**
 * A story library entry:
 * { id, savedAt, updatedAt, category, kind, snippet, cue, rule, comment,
 *   rulepack }
 */
export async function loadLibrary() {
  const got = await chrome.storage.local.get(STORE.storyLibrary);
  return Array.isArray(got[STORE.storyLibrary]) ? got[STORE.storyLibrary] : [];
}

export async function saveLibrary(entries) {
  await chrome.storage.local.set({ [STORE.storyLibrary]: entries });
}

/** Entries ordered by category (guide order), then by save time. */
export function groupByCategory(entries) {
  return CATEGORIES.map((c) => ({
    ...c,
    entries: entries.filter((e) => e.category === c.id).sort((a, b) => String(a.savedAt).localeCompare(String(b.savedAt))),
  }));
}

export const CSV_COLUMNS = ['category', 'category_label', 'kind', 'snippet', 'cue', 'comment', 'rule', 'saved_at', 'id'];

// A cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR at
// its start) is prefixed with an apostrophe (OWASP "CSV injection").
function csvCell(v) {
  let s = v === undefined || v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV (CRLF), grouped by the seven categories in guide order. */
export function libraryToCsv(entries) {
  const lines = [CSV_COLUMNS.join(',')];
  for (const g of groupByCategory(entries)) {
    for (const e of g.entries) {
      lines.push(
        [e.category, g.label, e.kind, e.snippet, e.cue, e.comment, e.rule, e.savedAt, e.id].map(csvCell).join(','),
      );
    }
  }
  return lines.join('\r\n') + '\r\n';
}

/** JSON export: all seven categories in guide order, each with its stories. */
export function libraryToJson(entries, now = new Date()) {
  return JSON.stringify(
    {
      schema: 'exemplar.story-library.v1',
      exported_at: now.toISOString(),
      count: entries.length,
      categories: groupByCategory(entries).map((g) => ({
        id: g.id,
        label: g.label,
        stories: g.entries.map((e) => ({
          id: e.id,
          kind: e.kind,
          snippet: e.snippet,
          cue: e.cue ?? '',
          comment: e.comment ?? '',
          rule: e.rule ?? '',
          saved_at: e.savedAt,
          updated_at: e.updatedAt ?? e.savedAt,
          rulepack: e.rulepack ?? null,
        })),
      })),
    },
    null,
    2,
  );
}

/** Starts a download of `text` through a Blob URL (no network involved). */
export function downloadText(text, filename, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k === 'style') e.style.cssText = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v === true) e.setAttribute(k, '');
    else e.setAttribute(k, String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

// ------------------------------------------------------------ origins --

/** "https://ehr.example.org:8443/path" -> "https://ehr.example.org/*". */
export function originToPattern(input) {
  let s = String(input).trim();
  if (!s) throw new Error('Type a site, e.g. https://ehr.example.org');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = `https://${s}`;
  const m = /^(https?):\/\/(\*\.)?([^/:?#*]+)(?::\d+)?(?:[/?#].*)?$/i.exec(s);
  if (!m) throw new Error('Use an http or https address, e.g. https://ehr.example.org or https://*.example.org');
  const host = m[3].toLowerCase();
  if (!/^[a-z0-9.-]+$/.test(host) || host.startsWith('.') || host.endsWith('.')) throw new Error(`Not a host name: ${m[3]}`);
  return `${m[1].toLowerCase()}://${m[2] ? '*.' : ''}${host}/*`;
}
