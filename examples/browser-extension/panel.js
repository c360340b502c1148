// Exemplar extension: the panel (side panel, or a tab: panel.html?tab=<id>).
// Shows the moments of the tab's current note and the suggested category,
// saves confirmed snippets to the story library (chrome.storage.local) and
// reviews, edits, deletes and exports the library.
import {
  CATEGORIES,
  KINDS,
  MSG,
  STORE,
  categoryLabel,
  downloadText,
  el,
  groupByCategory,
  kindLabel,
  libraryToCsv,
  libraryToJson,
  loadLibrary,
  saveLibrary,
} from './common.js';

const $ = (id) => document.getElementById(id);
const kindColor = (id) => KINDS.find((k) => k.id === id)?.color ?? '#666';

// Default category for a moment when the engine made no suggestion.
const KIND_CATEGORY = {
  breakdown: 'simplifying_contact',
  rule_bending: 'patient_advocate',
  advocacy: 'patient_advocate',
  family_involvement: 'family_integration',
};

const params = new URLSearchParams(location.search);
const pinnedTab = params.has('tab') ? Number(params.get('tab')) : null;
let tabId = pinnedTab;
let entry = null; // the current note, from the service worker
let library = [];

// ------------------------------------------------------------ the note --

function chip(kind, extra = '') {
  return el('span', { class: `chip ${extra}`, style: `--c:${kindColor(kind)}`, text: kindLabel(kind) });
}

function whyNot(m) {
  const reasons = [];
  if (m.negated) reasons.push('negated');
  if (m.hypothetical) reasons.push('hypothetical');
  if (m.templated) reasons.push('form field');
  if (m.experiencer && m.experiencer !== 'client') reasons.push(`about ${m.experiencer}`);
  const trig = (m.triggers ?? []).filter((t) => t.role !== 'terminate').map((t) => `“${t.text}”`);
  return `${reasons.join(', ') || 'not affirmed'}${trig.length ? ` by ${trig.join(', ')}` : ''}`;
}

function renderNote() {
  const a = entry?.analysis ?? null;
  const src = $('source');
  src.replaceChildren();
  if (entry) {
    src.append(el('strong', { text: entry.label || 'Note' }), el('span', { class: 'muted', text: ` · ${entry.textLength.toLocaleString()} characters` }));
  }
  const status = $('status');
  $('category-card').hidden = true;
  $('moments-card').hidden = true;
  if (!entry) {
    status.hidden = false;
    status.textContent = tabId === null ? 'No tab.' : 'No note field found in this tab yet. Open a note or start typing in an enabled EHR page.';
    return;
  }
  if (entry.error) {
    status.hidden = false;
    status.textContent = `The engine could not analyse this note (${entry.error.code}: ${entry.error.message}).`;
    return;
  }
  if (!a) {
    status.hidden = false;
    status.textContent = 'The note is empty.';
    return;
  }
  status.hidden = true;

  // Category.
  const card = $('category-card');
  card.hidden = false;
  const cat = $('category');
  cat.replaceChildren();
  const ranking = $('ranking');
  ranking.replaceChildren();
  if (a.category) {
    cat.append(
      el('div', { class: 'cat-label', id: 'category-label', dataset: { category: a.category.id }, text: a.category.label || categoryLabel(a.category.id) }),
      el('div', { class: 'muted small', text: `${a.category.id} · score ${a.category.score.toFixed(2)}` }),
    );
    const max = Math.max(...a.category.ranking.map((r) => r.score), 0.0001);
    for (const r of a.category.ranking) {
      ranking.append(
        el(
          'li',
          { dataset: { category: r.id }, class: r.id === a.category.id ? 'top' : '' },
          el('span', { class: 'rk-label', title: categoryLabel(r.id), text: categoryLabel(r.id) }),
          el('span', { class: 'rk-bar' }, el('span', { style: `width:${Math.max(2, (100 * r.score) / max).toFixed(1)}%` })),
          el('span', { class: 'rk-score', text: r.score.toFixed(2) }),
        ),
      );
    }
    $('rationale').textContent = a.category.rationale || '—';
    card.querySelector('.rationale').hidden = false;
  } else {
    cat.append(el('div', { class: 'cat-label none', id: 'category-label', text: 'No suggestion' }), el('div', { class: 'muted small', text: 'The engine abstains: the note has no affirmed moment.' }));
    card.querySelector('.rationale').hidden = true;
  }

  // Moments.
  const mc = $('moments-card');
  mc.hidden = false;
  const shown = a.moments.filter((m) => m.affirmed);
  const uncounted = a.moments.filter((m) => !m.affirmed);
  $('moment-count').textContent = `(${shown.length})`;
  const kinds = $('kinds');
  kinds.replaceChildren(...(a.kinds.length ? a.kinds.map((k) => chip(k)) : [el('span', { class: 'muted small', text: 'No moment kind affirmed for this note.' })]));
  const ul = $('moments');
  ul.replaceChildren();
  for (const m of shown) {
    const flags = [];
    if (m.historical) flags.push('historical');
    if (!m.counted) flags.push('weak cue');
    ul.append(
      el(
        'li',
        { class: 'moment', dataset: { kind: m.kind, rule: m.rule } },
        el('div', { class: 'm-head' }, chip(m.kind), el('span', { class: 'cue', text: `“${m.cue}”` }), flags.length ? el('span', { class: 'muted small', text: flags.join(' · ') }) : null),
        el('div', { class: 'sentence', text: m.snippet || m.sentence }),
        el('div', { class: 'why', text: m.message }),
        el('div', { class: 'm-actions' }, el('button', { type: 'button', class: 'save', onclick: () => openStory({ moment: m }), text: 'Save to story library' })),
      ),
    );
  }
  if (!shown.length) ul.append(el('li', { class: 'muted small', text: 'No moment in this note.' }));
  const uc = $('uncounted');
  uc.replaceChildren(
    ...uncounted.map((m) =>
      el('li', { class: 'moment dim', dataset: { kind: m.kind } }, el('div', { class: 'm-head' }, chip(m.kind, 'off'), el('span', { class: 'cue', text: `“${m.cue}”` })), el('div', { class: 'why', text: whyNot(m) })),
    ),
  );
  $('uncounted-count').textContent = String(uncounted.length);
  $('uncounted-box').hidden = uncounted.length === 0;
}

async function refresh(ask = false) {
  if (tabId === null || tabId === undefined) {
    entry = null;
    renderNote();
    return;
  }
  try {
    const res = await chrome.runtime.sendMessage({ type: MSG.current, tabId, refresh: ask });
    entry = res?.ok ? res.entry : null;
  } catch {
    entry = null;
  }
  renderNote();
}

let refreshTimer = 0;
function refreshSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => refresh(false), 30);
}

// ----------------------------------------------------- saving a story --

let editing = null; // { id } when editing an entry, else { moment }

function fillSelect(select, items, value) {
  select.replaceChildren(...items.map((i) => el('option', { value: i.id, text: i.label, selected: i.id === value })));
}

function openStory(what) {
  editing = what;
  const d = $('story-dialog');
  if (what.id) {
    const e = library.find((x) => x.id === what.id);
    if (!e) return;
    $('story-title').textContent = 'Edit story';
    $('story-snippet').value = e.snippet;
    fillSelect($('story-category'), CATEGORIES, e.category);
    fillSelect($('story-kind'), KINDS, e.kind);
    $('story-comment').value = e.comment ?? '';
    $('story-cue').textContent = e.cue ? `Cue: “${e.cue}” (${e.rule})` : '';
  } else {
    const m = what.moment;
    $('story-title').textContent = 'Save to story library';
    $('story-snippet').value = m.sentence || m.snippet || m.cue;
    fillSelect($('story-category'), CATEGORIES, entry?.analysis?.category?.id ?? KIND_CATEGORY[m.kind]);
    fillSelect($('story-kind'), KINDS, m.kind);
    $('story-comment').value = '';
    $('story-cue').textContent = `Cue: “${m.cue}” — ${m.message}`;
  }
  d.showModal();
  $('story-snippet').focus();
}

async function saveStory() {
  const snippet = $('story-snippet').value.trim();
  if (!snippet) return;
  const category = $('story-category').value;
  const kind = $('story-kind').value;
  const comment = $('story-comment').value.trim();
  const now = new Date().toISOString();
  library = await loadLibrary();
  if (editing?.id) {
    const e = library.find((x) => x.id === editing.id);
    if (e) Object.assign(e, { snippet, category, kind, comment, updatedAt: now });
  } else if (editing?.moment) {
    const m = editing.moment;
    const rp = entry?.analysis?.engine;
    library.push({
      id: crypto.randomUUID(),
      savedAt: now,
      updatedAt: now,
      category,
      kind,
      snippet,
      cue: m.cue,
      rule: m.rule,
      comment,
      rulepack: rp ? `${rp.rulepack}@${rp.rulepack_version}` : null,
    });
  }
  await saveLibrary(library);
  editing = null;
  toast('Saved to the story library.');
}

function toast(text) {
  renderLibrary();
  const status = el('div', { class: 'toast', role: 'status', text });
  document.body.append(status);
  setTimeout(() => status.remove(), 2500);
}

// --------------------------------------------------------- the library --

function renderLibrary() {
  $('lib-count').textContent = String(library.length);
  $('lib-summary').textContent = `${library.length} ${library.length === 1 ? 'story' : 'stories'}`;
  const box = $('library');
  box.replaceChildren();
  for (const g of groupByCategory(library)) {
    const sec = el('section', { class: 'group', dataset: { category: g.id } }, el('h3', {}, el('span', { text: g.label }), el('span', { class: 'badge', text: String(g.entries.length) })));
    if (!g.entries.length) sec.append(el('p', { class: 'muted small', text: 'No stories yet.' }));
    for (const e of g.entries) {
      sec.append(
        el(
          'article',
          { class: 'story', dataset: { id: e.id } },
          el('div', { class: 'm-head' }, chip(e.kind), el('span', { class: 'muted small', text: new Date(e.savedAt).toLocaleString() })),
          el('blockquote', { class: 'snippet', text: e.snippet }),
          e.comment ? el('div', { class: 'why', text: e.comment }) : null,
          el(
            'div',
            { class: 'm-actions' },
            el('button', { type: 'button', class: 'edit', onclick: () => openStory({ id: e.id }), text: 'Edit' }),
            el('button', { type: 'button', class: 'delete', onclick: () => deleteStory(e.id), text: 'Delete' }),
          ),
        ),
      );
    }
    box.append(sec);
  }
}

async function deleteStory(id) {
  if (!confirm('Delete this story from the library?')) return;
  library = (await loadLibrary()).filter((e) => e.id !== id);
  await saveLibrary(library);
  renderLibrary();
}

const stamp = () => new Date().toISOString().slice(0, 10);

// ------------------------------------------------------------- wiring --

function showTab(which) {
  const note = which === 'note';
  $('tab-note').setAttribute('aria-selected', String(note));
  $('tab-library').setAttribute('aria-selected', String(!note));
  $('view-note').hidden = !note;
  $('view-library').hidden = note;
}

async function engineFooter() {
  try {
    const info = await chrome.runtime.sendMessage({ type: MSG.engineInfo });
    if (info?.ok) {
      $('engine-info').textContent = `Engine ${info.version} · rules ${info.rulepack.id} ${info.rulepack.version}${info.custom ? ' (custom)' : ''}`;
    }
  } catch {
    /* the worker is starting */
  }
}

async function main() {
  $('tab-note').addEventListener('click', () => showTab('note'));
  $('tab-library').addEventListener('click', () => showTab('library'));
  $('export-csv').addEventListener('click', () => downloadText(libraryToCsv(library), `exemplar-story-library-${stamp()}.csv`, 'text/csv;charset=utf-8'));
  $('export-json').addEventListener('click', () => downloadText(libraryToJson(library), `exemplar-story-library-${stamp()}.json`, 'application/json'));
  $('story-cancel').addEventListener('click', () => {
    editing = null;
    $('story-dialog').close();
  });
  $('story-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if (!$('story-snippet').value.trim()) return;
    $('story-dialog').close();
    saveStory();
  });
  $('options-link').addEventListener('click', (e) => {
    e.preventDefault();
    chrome.runtime.openOptionsPage();
  });

  chrome.runtime.onMessage.addListener((msg) => {
    if (msg?.type === MSG.currentUpdated && msg.tabId === tabId) refreshSoon();
    if (msg?.type === MSG.engineChanged) {
      engineFooter();
      setTimeout(() => refresh(true), 100);
    }
  });
  chrome.storage.onChanged.addListener(async (changes, area) => {
    if (area === 'local' && STORE.storyLibrary in changes) {
      library = await loadLibrary();
      renderLibrary();
    }
  });

  if (pinnedTab === null) {
    // Side panel: follow the active tab of this window.
    const win = await chrome.windows.getCurrent();
    const [t] = await chrome.tabs.query({ active: true, windowId: win.id });
    tabId = t?.id ?? null;
    chrome.tabs.onActivated.addListener((info) => {
      if (info.windowId !== win.id) return;
      tabId = info.tabId;
      refresh(true);
    });
  }

  library = await loadLibrary();
  renderLibrary();
  if (params.get('view') === 'library') showTab('library');
  await refresh(true);
  engineFooter();
}

main();
