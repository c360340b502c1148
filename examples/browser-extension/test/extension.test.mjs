// The extension in a real browser: Debian's Chromium (headless) with the
// unpacked extension, against the demo EHR served on 127.0.0.1. The tests run
// in order and share one browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createExemplar } from '../vendor/index.js';
import { NOTES } from '../../demo-ehr/notes.js';
import { ARTIFACTS, EXT_DIR, highlightRanges, launch, overlayBoxes, overlaps, renderCount, waitForRender } from './helpers.mjs';

const PLAIN_NOTE =
  'Telephonic f/u. Pt ran out of insulin because the pharmacy never received the refill. ' +
  'CM escalated to the plan supervisor and appealed the denial. No family involvement in finances. ' +
  'Dtr present at visit and will manage meds.';
const RICH_LINES = [
  'DAP',
  'D: Family meeting held with pt and son; son disagrees with the discharge plan.',
  'A: No family involvement in bills per pt.',
  'P: CM negotiated with the landlord for a payment plan.',
];
const FRAME_NOTE = 'Addendum: the referral to HHA was never sent; CM re-sent it today. Will consider a family meeting if pt declines services.';

let t; // the launched browser (helpers.launch)
let page; // the demo EHR
let engine; // the same engine in Node, for the expected moments
const consoleLines = [];

// `negated`: cues that must not be highlighted. A cue inside an affirmed
// moment's range (a sentence-model moment spans words, and may cover a
// negated cue of another rule) is shown by that moment's highlight.
function expected(text) {
  const a = engine.analyze(text);
  // One box per kind and span: a cue and the sentence model can flag the
  // same words, and the box is the lead when either is.
  const affirmed = [];
  for (const m of a.moments.filter((x) => x.affirmed)) {
    const same = affirmed.find((o) => o.kind === m.kind && o.start16 === m.start16 && o.end16 === m.end16);
    if (same) same.lead = same.lead === true || m.lead === true;
    else affirmed.push({ ...m });
  }
  const covered = (m) => affirmed.some((o) => o.start16 < m.end16 && m.start16 < o.end16);
  return { analysis: a, affirmed, negated: a.moments.filter((m) => !m.affirmed && !covered(m)) };
}

function watchConsole(target, where) {
  target.on('console', (m) => consoleLines.push(`${where}: ${m.text()}`));
}

before(async () => {
  engine = await createExemplar();
  t = await launch();
  watchConsole(t.worker, 'worker');
  page = await t.context.newPage();
  watchConsole(page, 'page');
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
  await page.goto(t.base);
  await waitForRender(page, 0); // the read-only view is analysed on load
});

after(async () => {
  await t?.close();
  engine?.free();
});

// Field state the extension must never change.
async function textareaState(frame, sel) {
  return frame.$eval(sel, (el) => ({ value: el.value, start: el.selectionStart, end: el.selectionEnd, dir: el.selectionDirection, scrollTop: el.scrollTop, focused: document.activeElement === el }));
}

/**
 * Checks a textarea's overlay against the expected moments: a box for every
 * affirmed moment (kind and offsets), none for negated ones, and every box
 * over its own text: with the overlay hidden, caretPositionFromPoint at the
 * box's centre lands in the textarea inside the moment's range.
 */
async function checkTextareaHighlights(frame, sel, text) {
  const exp = expected(text);
  const boxes = await overlayBoxes(frame);
  assert.ok(exp.affirmed.length > 0);
  for (const m of exp.affirmed) {
    const mine = boxes.filter((b) => b.start === m.start16 && b.end === m.end16);
    assert.ok(mine.length > 0, `no highlight for ${m.kind} "${text.slice(m.start16, m.end16)}"`);
    assert.ok(mine.every((b) => b.kind === m.kind));
    assert.ok(mine.every((b) => b.lead === (m.lead === true)), `lead drawn wrongly for "${text.slice(m.start16, m.end16)}"`);
  }
  // One lead flag, drawn bolder, per kind the note affirms.
  const leadKinds = exp.affirmed.filter((m) => m.lead).map((m) => m.kind);
  assert.deepEqual(leadKinds.sort(), [...exp.analysis.kinds].sort());
  for (const b of boxes) {
    assert.ok(exp.affirmed.some((m) => m.start16 === b.start && m.end16 === b.end), `unexpected box ${b.start}-${b.end}`);
  }
  for (const m of exp.negated) {
    assert.ok(!boxes.some((b) => b.start < m.end16 && m.start16 < b.end), `negated cue "${text.slice(m.start16, m.end16)}" is highlighted`);
  }
  const probes = await frame.evaluate(
    ({ sel, boxes }) => {
      const host = document.querySelector('exemplar-overlay');
      host.style.setProperty('visibility', 'hidden', 'important');
      const ta = document.querySelector(sel);
      const r = ta.getBoundingClientRect();
      const out = boxes.map((b) => {
        const x = b.rect.x + b.rect.w / 2;
        const y = b.rect.y + b.rect.h / 2;
        if (y < r.top + ta.clientTop || y > r.top + ta.clientTop + ta.clientHeight) return { skipped: true };
        const p = document.caretPositionFromPoint(x, y);
        return { node: p?.offsetNode === ta ? 'textarea' : p?.offsetNode?.nodeName, offset: p?.offset };
      });
      host.style.setProperty('visibility', 'visible', 'important');
      return out;
    },
    { sel, boxes },
  );
  let checked = 0;
  boxes.forEach((b, i) => {
    const p = probes[i];
    if (p.skipped) return;
    checked++;
    assert.equal(p.node, 'textarea', `box ${b.start}-${b.end} is not over the textarea`);
    assert.ok(p.offset >= b.start && p.offset <= b.end, `box ${b.start}-${b.end} is over offset ${p.offset}`);
  });
  assert.ok(checked > 0, 'no box in view to check');
  return { exp, boxes };
}

/**
 * Checks CSS.highlights for a contenteditable or read-only element: every
 * affirmed cue is covered by a range of its own highlight (exemplar-<kind>,
 * -lead for the lead flag, -weak when the kind is not counted) whose
 * rectangles overlap the cue's own text found independently in the DOM;
 * negated cues are not.
 */
async function checkRangeHighlights(frame, sel, exp) {
  const ranges = await highlightRanges(frame);
  const counted = new Set(exp.analysis.kinds);
  const styleOf = (m) => (!counted.has(m.kind) ? '-weak' : m.lead ? '-lead' : '');
  const cues = exp.affirmed.map((m) => ({ kind: m.kind, cue: m.cue, name: `exemplar-${m.kind}${styleOf(m)}` }));
  const negated = exp.negated.map((m) => m.cue);
  const found = await frame.evaluate(
    ({ sel, cues, negated }) => {
      const root = document.querySelector(sel);
      // The cue's text ranges in the element, by a plain text search.
      const occurrences = (s) => {
        const out = [];
        const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = w.nextNode(); n; n = w.nextNode()) {
          const d = n.data.replace(/\u00a0/g, ' ');
          for (let i = d.indexOf(s); i >= 0; i = d.indexOf(s, i + 1)) {
            const r = new Range();
            r.setStart(n, i);
            r.setEnd(n, i + s.length);
            out.push(r);
          }
        }
        return out;
      };
      const ours = [];
      for (const [name, h] of CSS.highlights) if (name.startsWith('exemplar-')) for (const r of h) if (root.contains(r.commonAncestorContainer)) ours.push({ name, r });
      const same = (a, b) => a.compareBoundaryPoints(Range.START_TO_START, b) === 0 && a.compareBoundaryPoints(Range.END_TO_END, b) === 0;
      const inter = (a, b) => a.compareBoundaryPoints(Range.END_TO_START, b) < 0 && a.compareBoundaryPoints(Range.START_TO_END, b) > 0;
      const rect = (r) => {
        const q = r.getBoundingClientRect();
        return { x: q.x, y: q.y, w: q.width, h: q.height };
      };
      return {
        affirmed: cues.map(({ kind, cue, name }) => {
          const occ = occurrences(cue);
          const hit = ours.find((o) => o.name === name && occ.some((r) => same(r, o.r)));
          const occHit = hit && occ.find((r) => same(r, hit.r));
          return { kind, cue, occurrences: occ.length, name: hit?.name ?? null, hlRect: hit ? rect(hit.r) : null, textRect: occHit ? rect(occHit) : null };
        }),
        negated: negated.map((cue) => ({ cue, highlighted: occurrences(cue).some((r) => ours.some((o) => inter(o.r, r))) })),
        count: ours.length,
      };
    },
    { sel, cues, negated },
  );
  for (const a of found.affirmed) {
    assert.ok(a.occurrences > 0, `cue "${a.cue}" not found in the element`);
    assert.ok(a.name, `no ${a.kind} highlight of its style on "${a.cue}" (${JSON.stringify(ranges.map((r) => [r.name, r.text]))})`);
    assert.ok(overlaps(a.hlRect, a.textRect));
  }
  for (const n of found.negated) assert.ok(!n.highlighted, `negated cue "${n.cue}" is highlighted`);
  assert.equal(found.count, exp.affirmed.length, 'one range per affirmed moment');
  const leads = found.affirmed.filter((a) => a.name.endsWith('-lead')).map((a) => a.kind);
  assert.deepEqual(leads.sort(), [...counted].sort(), 'one lead range per counted kind');
  return found;
}

/** Waits for the tooltip to show (or hide); a timeout says what it showed and why. */
async function waitTip(frame, shown) {
  try {
    await frame.waitForFunction((want) => document.querySelector('exemplar-overlay').shadowRoot.querySelector('.tip').hidden === !want, shown, { timeout: 10000 });
  } catch (e) {
    const state = await frame.evaluate(() => {
      const tip = document.querySelector('exemplar-overlay')?.shadowRoot?.querySelector('.tip');
      return tip ? { hidden: tip.hidden, source: tip.dataset.source, text: tip.textContent } : null;
    });
    throw new Error(`tooltip did not ${shown ? 'show' : 'hide'}: ${JSON.stringify(state)} (${e.message.split('\n')[0]})`);
  }
}

async function tipSource(frame) {
  return frame.evaluate(() => document.querySelector('exemplar-overlay').shadowRoot.querySelector('.tip').dataset.source);
}

async function tipText(frame) {
  return frame.evaluate(() => {
    const tip = document.querySelector('exemplar-overlay')?.shadowRoot?.querySelector('.tip');
    return tip && !tip.hidden ? tip.textContent : null;
  });
}

// ---------------------------------------------------------------- tests --

test('typing into the textarea highlights the moments in place; value and caret untouched', async () => {
  const sel = '#note-plain';
  await page.click(sel);
  const before = await renderCount(page);
  await page.keyboard.type(PLAIN_NOTE);
  const typed = await textareaState(page, sel);
  assert.equal(typed.value, PLAIN_NOTE);
  await waitForRender(page, before);
  await page.waitForTimeout(250); // let any further analysis settle
  const after = await textareaState(page, sel);
  assert.deepEqual(after, typed, 'the extension changed the textarea value, selection, scroll or focus');
  assert.equal(after.start, PLAIN_NOTE.length);
  const { exp } = await checkTextareaHighlights(page, sel, PLAIN_NOTE);
  assert.deepEqual(
    exp.affirmed.map((m) => m.kind).filter((k, i, a) => a.indexOf(k) === i).sort(),
    ['advocacy', 'breakdown', 'family_involvement'],
  );
});

test('a negated cue ("No family involvement") is not highlighted', async () => {
  const exp = expected(PLAIN_NOTE);
  const i = PLAIN_NOTE.indexOf('family involvement');
  const cue = exp.analysis.moments.find((m) => m.start16 === i);
  assert.ok(cue, 'the engine reports the cue');
  assert.equal(cue.negated, true);
  assert.equal(cue.affirmed, false);
  const boxes = await overlayBoxes(page);
  assert.ok(boxes.length > 0);
  assert.ok(!boxes.some((b) => b.start < i + 18 && i < b.end));
});

test('hovering a highlight shows its kind, cue and why; a click still places the caret', async () => {
  const boxes = await overlayBoxes(page);
  const i = PLAIN_NOTE.indexOf('escalated to');
  const b = boxes.find((x) => x.start === i);
  assert.ok(b);
  await page.mouse.move(b.rect.x + b.rect.w / 2, b.rect.y + b.rect.h / 2);
  await waitTip(page, true);
  assert.equal(await tipSource(page), 'hover');
  const tip = await tipText(page);
  assert.match(tip, /Advocacy/);
  assert.match(tip, /“escalated to”/);
  const msg = expected(PLAIN_NOTE).affirmed.find((m) => m.start16 === i).message;
  assert.ok(tip.includes(msg));
  await page.locator('#note-plain').screenshot({ path: join(ARTIFACTS, 'textarea-highlights.png') });
  await page.screenshot({ path: join(ARTIFACTS, 'textarea-tooltip.png'), clip: { x: b.rect.x - 260, y: b.rect.y - 60, width: 760, height: 220 } });
  // The boxes let clicks through to the textarea.
  await page.mouse.click(b.rect.x + b.rect.w / 2, b.rect.y + b.rect.h / 2);
  const st = await textareaState(page, '#note-plain');
  assert.ok(st.focused);
  assert.ok(st.start >= i && st.start <= i + 'escalated to'.length, `caret at ${st.start}`);
  assert.equal(st.value, PLAIN_NOTE);
  await page.mouse.move(5, 5);
  await waitTip(page, false);
  // Keyboard: the caret moved into a highlight shows its tooltip too.
  const j = PLAIN_NOTE.indexOf('Dtr present');
  await page.$eval('#note-plain', (el, p) => el.setSelectionRange(p, p), j + 2);
  await page.keyboard.press('ArrowRight');
  await waitTip(page, true);
  assert.equal(await tipSource(page), 'caret');
  assert.match(await tipText(page), /Family involvement.*“Dtr present”/);
  assert.equal((await textareaState(page, '#note-plain')).start, j + 3);
  await page.keyboard.press('End');
  await waitTip(page, false);
});

test('the overlay follows the textarea as it scrolls and as the page changes', async () => {
  const sel = '#note-plain';
  const long = `${PLAIN_NOTE}\n${'Routine line, nothing to see.\n'.repeat(20)}${PLAIN_NOTE}`;
  await page.$eval(sel, (el) => el.focus());
  const before = await renderCount(page);
  await page.fill(sel, long);
  await waitForRender(page, before);
  await page.$eval(sel, (el) => (el.scrollTop = el.scrollHeight));
  await page.waitForTimeout(100);
  await checkTextareaHighlights(page, sel, long);
  await page.$eval(sel, (el) => (el.scrollTop = 0));
  await page.waitForTimeout(100);
  await checkTextareaHighlights(page, sel, long);
  // The page scrolls and the read-only note above changes height: the
  // textarea moves, its boxes follow.
  await page.evaluate(() => window.scrollTo(0, 120));
  await page.click('#notes li:nth-child(3)');
  await page.waitForTimeout(300);
  await checkTextareaHighlights(page, sel, long);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.click('#notes li:nth-child(1)');
  await page.waitForTimeout(300);
  await checkTextareaHighlights(page, sel, long);
});

test('a value set by the page script (Copy forward) is analysed too', async () => {
  const before = await renderCount(page);
  await page.click('#copy-forward');
  await waitForRender(page, before);
  const value = await page.$eval('#note-plain', (el) => el.value);
  assert.ok(value.startsWith(NOTES[0].text));
  await checkTextareaHighlights(page, '#note-plain', value);
});

test('typing into the contenteditable editor highlights with CSS.highlights; DOM and selection untouched', async () => {
  const sel = '#note-rich';
  await page.click(sel);
  const before = await renderCount(page);
  for (let i = 0; i < RICH_LINES.length; i++) {
    await page.keyboard.type(RICH_LINES[i]);
    if (i < RICH_LINES.length - 1) await page.keyboard.press('Enter');
  }
  const snap = () =>
    page.$eval(sel, (el) => {
      const s = getSelection();
      const path = (n) => {
        const p = [];
        for (; n && n !== el; n = n.parentNode) p.unshift([...n.parentNode.childNodes].indexOf(n));
        return p.join('/');
      };
      return { html: el.innerHTML, anchor: path(s.anchorNode), offset: s.anchorOffset, focus: path(s.focusNode), focusOffset: s.focusOffset, focused: document.activeElement === el };
    });
  const typed = await snap();
  await waitForRender(page, before);
  await page.waitForTimeout(250);
  assert.deepEqual(await snap(), typed, 'the extension changed the editor DOM or the selection');
  // The text as the engine sees it: one line per block.
  const text = RICH_LINES.join('\n');
  const exp = expected(text);
  assert.ok(exp.negated.some((m) => m.cue.toLowerCase() === 'family involvement' && m.negated));
  await checkRangeHighlights(page, sel, exp);
  await page.locator('.rte').screenshot({ path: join(ARTIFACTS, 'rich-editor-highlights.png') });
});

test('the editor inside the same-origin iframe gets its own overlay', async () => {
  const frame = page.frame({ url: /frame-editor\.html$/ });
  assert.ok(frame);
  const sel = '#addendum-text';
  await frame.click(sel);
  const before = await renderCount(frame);
  await page.keyboard.type(FRAME_NOTE);
  const typed = await textareaState(frame, sel);
  await waitForRender(frame, before);
  await page.waitForTimeout(250);
  assert.deepEqual(await textareaState(frame, sel), typed);
  const { exp } = await checkTextareaHighlights(frame, sel, FRAME_NOTE);
  // "Will consider a family meeting if…" is hypothetical: not highlighted.
  assert.ok(exp.negated.some((m) => m.hypothetical));
  await page.locator('#addendum-frame').screenshot({ path: join(ARTIFACTS, 'iframe-editor-highlights.png') });
});

test('the read-only note view is highlighted, and follows the note the user opens', async () => {
  const sel = '#note-view';
  for (const [i, note] of NOTES.entries()) {
    await page.click(`#notes li:nth-child(${i + 1})`);
    await page.waitForFunction((t) => document.querySelector('#note-view').textContent === t, note.text);
    await page.waitForTimeout(400);
    await checkRangeHighlights(page, sel, expected(note.text));
  }
  // Routine note: nothing highlighted (its cues are templated or negated).
  await page.click('#notes li:nth-child(2)');
  await page.waitForTimeout(400);
  await checkRangeHighlights(page, sel, expected(NOTES[1].text));
  assert.equal(expected(NOTES[1].text).affirmed.length, 0);
  // Hovering a range shows its tooltip (caretPositionFromPoint hit-test).
  await page.click('#notes li:nth-child(1)');
  await page.waitForTimeout(400);
  // The cue's exact span is the rule pack's business: take it from the engine.
  const cue = expected(NOTES[0].text).affirmed.find((m) => m.kind === 'breakdown' && m.cue.includes('never delivered')).cue;
  const r = (await highlightRanges(page)).find((x) => x.text === cue);
  assert.ok(r, `no highlight reads "${cue}"`);
  await page.mouse.move(r.rects[0].x + r.rects[0].w / 2, r.rects[0].y + r.rects[0].h / 2);
  await waitTip(page, true);
  assert.match(await tipText(page), new RegExp(`Breakdown.*“${cue}”`));
  await page.screenshot({ path: join(ARTIFACTS, 'demo-ehr.png'), fullPage: true });
  await page.mouse.move(5, 5);
});

// A whole-page screenshot of a narrow page (panel width), with the viewport
// grown to the page so that no scrollbar takes part of the width.
async function shootWhole(p, file, width = 420) {
  await p.setViewportSize({ width, height: 900 });
  const h = await p.evaluate(() => document.documentElement.scrollHeight);
  await p.setViewportSize({ width, height: Math.min(4000, Math.max(900, h)) });
  await p.screenshot({ path: join(ARTIFACTS, file) });
  await p.setViewportSize({ width, height: 900 });
}

async function panelFor(pageUrlPrefix) {
  const panel = await t.context.newPage();
  watchConsole(panel, 'panel');
  await panel.goto(`chrome-extension://${t.extensionId}/panel.html`);
  const tabs = await panel.evaluate(() => chrome.tabs.query({}));
  const tab = tabs.find((x) => x.url && x.url.startsWith(pageUrlPrefix));
  assert.ok(tab, 'the demo tab');
  await panel.goto(`chrome-extension://${t.extensionId}/panel.html?tab=${tab.id}`);
  return panel;
}

let panel;

test('the panel shows the current note: category, ranking, rationale, moments', async () => {
  // Make the plain-text note the current one.
  await page.bringToFront();
  await page.fill('#note-plain', PLAIN_NOTE);
  await page.click('#note-plain');
  await page.waitForTimeout(400);
  panel = await panelFor(t.base);
  const exp = expected(PLAIN_NOTE).analysis;
  await panel.waitForSelector('#category-label[data-category]');
  assert.equal(await panel.$eval('#category-label', (e) => e.dataset.category), exp.category.id);
  assert.equal(await panel.textContent('#category-label'), exp.category.label);
  assert.deepEqual(await panel.$$eval('#ranking li', (li) => li.map((l) => l.dataset.category)), exp.category.ranking.map((r) => r.id));
  assert.equal((await panel.textContent('#rationale')).trim(), exp.category.rationale);
  const affirmed = exp.moments.filter((m) => m.affirmed);
  assert.deepEqual(await panel.$$eval('#moments li.moment', (li) => li.map((l) => l.dataset.rule)), affirmed.map((m) => m.rule));
  assert.equal(await panel.textContent('#uncounted-count'), String(exp.moments.length - affirmed.length));
  await shootWhole(panel, 'panel-note.png');
});

function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') q = false;
      else cell += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

async function download(p, button) {
  const [dl] = await Promise.all([p.waitForEvent('download'), p.click(button)]);
  const file = join(ARTIFACTS, dl.suggestedFilename());
  await dl.saveAs(file);
  return { name: dl.suggestedFilename(), text: readFileSync(file, 'utf8'), url: dl.url() };
}

test('saving moments to the story library, editing, deleting, exporting CSV and JSON', async () => {
  const exp = expected(PLAIN_NOTE).analysis;
  // Nothing is saved until the user confirms.
  assert.equal(await panel.textContent('#lib-count'), '0');
  // 1. The advocacy moment, snippet edited, category kept.
  await panel.click('#moments li.moment[data-rule="advocacy.escalate"] button.save');
  await panel.waitForSelector('#story-dialog[open]');
  assert.equal(await panel.inputValue('#story-category'), exp.category.id);
  assert.equal(await panel.inputValue('#story-kind'), 'advocacy');
  assert.equal(await panel.inputValue('#story-snippet'), 'CM escalated to the plan supervisor and appealed the denial.');
  await panel.fill('#story-snippet', 'CM escalated to the plan supervisor, "same day".');
  await panel.fill('#story-comment', 'Good example of escalation');
  await panel.screenshot({ path: join(ARTIFACTS, 'panel-save-dialog.png') });
  await panel.click('#story-save');
  await panel.waitForFunction(() => document.querySelector('#lib-count').textContent === '1');
  // 2. The family moment, filed under family_integration.
  await panel.click('#moments li.moment[data-rule="family.present"] button.save');
  await panel.selectOption('#story-category', 'family_integration');
  await panel.click('#story-save');
  await panel.waitForFunction(() => document.querySelector('#lib-count').textContent === '2');
  // 3. A breakdown, then cancelled: not saved.
  await panel.click('#moments li.moment[data-kind="breakdown"] button.save');
  await panel.click('#story-cancel');
  assert.equal(await panel.textContent('#lib-count'), '2');
  const stored = await panel.evaluate(() => chrome.storage.local.get('library'));
  assert.equal(stored['library'].length, 2);

  await panel.click('#tab-library');
  await shootWhole(panel, 'panel-library.png');
  const csv = await download(panel, '#export-csv');
  assert.match(csv.name, /^exemplar-story-library-\d{4}-\d{2}-\d{2}\.csv$/);
  assert.match(csv.url, /^blob:chrome-extension:\/\//);
  const rows = parseCsv(csv.text);
  assert.deepEqual(rows[0], ['category', 'category_label', 'kind', 'snippet', 'cue', 'comment', 'rule', 'saved_at', 'id']);
  assert.equal(rows.length, 3);
  // Grouped by category in guide order: patient_advocate (4th) before family_integration (5th).
  assert.deepEqual(rows.slice(1).map((r) => [r[0], r[1], r[2], r[3], r[4], r[5], r[6]]), [
    [exp.category.id, exp.category.label, 'advocacy', 'CM escalated to the plan supervisor, "same day".', 'escalated to', 'Good example of escalation', 'advocacy.escalate'],
    ['family_integration', 'Supporting and integrating the family into the health care team', 'family_involvement', 'Dtr present at visit and will manage meds.', 'Dtr present', '', 'family.present'],
  ]);
  const json = JSON.parse((await download(panel, '#export-json')).text);
  assert.equal(json.categories.length, 7);
  assert.equal(json.count, 2);
  assert.equal(json.categories.find((c) => c.id === 'family_integration').stories[0].cue, 'Dtr present');

  // Edit: move the advocacy story and change its snippet.
  await panel.click(`#library section[data-category="${exp.category.id}"] article button.edit`);
  await panel.fill('#story-snippet', 'Escalated the same day.');
  await panel.selectOption('#story-category', 'simplifying_contact');
  await panel.click('#story-save');
  await panel.waitForSelector('#library section[data-category="simplifying_contact"] article');
  assert.equal(await panel.textContent('#library section[data-category="simplifying_contact"] blockquote'), 'Escalated the same day.');
  // Delete (after a confirmation).
  panel.once('dialog', (d) => d.accept());
  await panel.click('#library section[data-category="family_integration"] article button.delete');
  await panel.waitForFunction(() => document.querySelector('#lib-count').textContent === '1');
  const rows2 = parseCsv((await download(panel, '#export-csv')).text);
  assert.equal(rows2.length, 2);
  assert.equal(rows2[1][0], 'simplifying_contact');
  assert.equal(rows2[1][3], 'Escalated the same day.');
});

let options;

test('options: switching a kind off removes its highlights', async () => {
  options = await t.context.newPage();
  watchConsole(options, 'options');
  await options.goto(`chrome-extension://${t.extensionId}/options.html`);
  await page.click('#notes li:nth-child(1)');
  await page.waitForTimeout(400);
  const count = async () => (await highlightRanges(page)).filter((r) => r.name.startsWith('exemplar-breakdown')).length;
  assert.ok((await count()) > 0);
  await options.uncheck('#kind-breakdown');
  await page.waitForFunction(() => ![...CSS.highlights.keys()].some((k) => k.startsWith('exemplar-breakdown') && CSS.highlights.get(k).size > 0));
  assert.ok((await overlayBoxes(page)).every((b) => b.kind !== 'breakdown'));
  assert.ok((await highlightRanges(page)).length > 0, 'the other kinds stay');
  await options.check('#kind-breakdown');
  await page.waitForFunction(() => [...CSS.highlights.keys()].some((k) => k.startsWith('exemplar-breakdown') && CSS.highlights.get(k).size > 0));
});

test('options: a custom rule pack is validated by creating an engine; errors show code and message', async () => {
  await options.bringToFront();
  // Not JSON.
  await options.fill('#rules-text', '{"id": "broken",');
  await options.click('#rules-validate');
  await options.waitForSelector('#rules-result.err');
  assert.equal(await options.textContent('#rules-result code'), 'rulepack_json');
  assert.ok((await options.textContent('#rules-result .message')).length > 0);
  assert.ok(await options.isDisabled('#rules-use'));
  // A bad pattern in an otherwise valid pack.
  const pack = JSON.parse(readFileSync(join(EXT_DIR, '..', '..', 'core', 'rules', 'default.json'), 'utf8'));
  const bad = structuredClone(pack);
  const cueList = Object.values(bad).find((v) => Array.isArray(v) && v.some((c) => c && typeof c.pattern === 'string'));
  cueList.find((c) => typeof c.pattern === 'string').pattern = '(unclosed';
  await options.fill('#rules-text', JSON.stringify(bad));
  await options.click('#rules-validate');
  await options.waitForFunction(() => document.querySelector('#rules-result code')?.textContent !== 'rulepack_json');
  assert.equal(await options.textContent('#rules-result code'), 'rulepack_pattern');
  assert.match(await options.textContent('#rules-result .message'), /^\/\w+\/\d+\/pattern/);
  await options.screenshot({ path: join(ARTIFACTS, 'options-rulepack-error.png'), fullPage: true });
  // A valid custom pack: used after "Use this rule pack".
  const good = { ...structuredClone(pack), id: 'demo-custom', version: '9.9.9' };
  await options.fill('#rules-text', JSON.stringify(good));
  await options.click('#rules-validate');
  await options.waitForSelector('#rules-result.ok');
  await options.click('#rules-use');
  await options.waitForFunction(() => /demo-custom 9\.9\.9 \(custom/.test(document.querySelector('#engine-line').textContent), null, { timeout: 10_000 });
  // The page is analysed again with it.
  const before = await renderCount(page);
  await page.bringToFront();
  await page.click('#note-plain');
  await page.keyboard.type(' CM appealed the denial.');
  await waitForRender(page, before);
  const info = await panel.evaluate(() => chrome.runtime.sendMessage({ type: 'exemplar:engine-info' }));
  assert.equal(info.rulepack.id, 'demo-custom');
  assert.equal(info.custom, true);
  await options.bringToFront();
  await options.click('#rules-default');
  await options.waitForFunction(() => /\(built in\)/.test(document.querySelector('#engine-line').textContent), null, { timeout: 10_000 });
});

test('options: clearing the library asks first', async () => {
  assert.equal(await options.textContent('#library-count'), '1');
  options.once('dialog', (d) => d.dismiss());
  await options.click('#clear-library');
  await options.waitForTimeout(200);
  assert.equal((await options.evaluate(() => chrome.storage.local.get('library')))['library'].length, 1);
  options.once('dialog', (d) => d.accept());
  await options.click('#clear-library');
  await options.waitForFunction(() => document.querySelector('#library-count').textContent === '0');
  assert.equal((await options.evaluate(() => chrome.storage.local.get('library')))['library'], undefined);
});

test('measurement: last keystroke to updated highlights on a 10 KB note', async (tt) => {
  await page.bringToFront();
  // ~10 KB: the demo notes, repeated.
  let note = '';
  for (let i = 0; note.length < 10 * 1024; i++) note += `${NOTES[i % NOTES.length].text}\n\n`;
  note = note.slice(0, 10 * 1024);
  const sel = '#note-plain';
  await page.click(sel);
  let before = await renderCount(page);
  await page.fill(sel, note);
  await waitForRender(page, before);
  await page.$eval(sel, (el) => {
    el.setSelectionRange(el.value.length, el.value.length);
    el.scrollTop = el.scrollHeight;
  });
  await page.evaluate(() => {
    window.__exemplarKeys = [];
    document.addEventListener('keydown', () => window.__exemplarKeys.push(performance.now()), true);
  });
  const words = ['CM ', 'appealed ', 'the ', 'denial. '];
  const total = [];
  const pipeline = [];
  for (let run = 0; run < 12; run++) {
    before = await renderCount(page);
    await page.keyboard.type(words[run % words.length]);
    await waitForRender(page, before);
    const m = await page.evaluate(() => {
      const host = document.querySelector('exemplar-overlay');
      const last = window.__exemplarKeys[window.__exemplarKeys.length - 1];
      return { total: Number(host.dataset.renderedAt) - last, pipeline: Number(host.dataset.pipelineMs) };
    });
    total.push(m.total);
    pipeline.push(m.pipeline);
  }
  // Typing in the middle of the note: the boxes after the caret move with
  // the text at once (before the debounced analysis).
  const shift = [];
  for (let run = 0; run < 8; run++) {
    await page.$eval(sel, (el, k) => {
      const p = Math.floor((el.value.length * (k + 1)) / 10);
      el.setSelectionRange(p, p);
    }, run);
    const beforeShift = await page.evaluate(() => Number(document.querySelector('exemplar-overlay').dataset.shiftedAt ?? 0));
    before = await renderCount(page);
    await page.keyboard.type(' ');
    await page.waitForFunction((b) => Number(document.querySelector('exemplar-overlay').dataset.shiftedAt ?? 0) > b, beforeShift, { polling: 'raf' });
    shift.push(await page.evaluate(() => Number(document.querySelector('exemplar-overlay').dataset.shiftedAt) - window.__exemplarKeys[window.__exemplarKeys.length - 1]));
    await waitForRender(page, before);
  }
  const value = await page.$eval(sel, (el) => el.value);
  await checkTextareaHighlights(page, sel, value);
  const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const max = (a) => Math.max(...a);
  const result = {
    note_bytes: Buffer.byteLength(value),
    runs: total.length,
    debounce_ms: 150,
    keystroke_to_highlight_ms: { median: +med(total).toFixed(1), max: +max(total).toFixed(1) },
    after_debounce_ms: { median: +(med(total) - 150).toFixed(1), max: +(max(total) - 150).toFixed(1) },
    analysis_round_trip_ms: { median: +med(pipeline).toFixed(1), max: +max(pipeline).toFixed(1) },
    boxes_follow_edit_ms: { median: +med(shift).toFixed(1), max: +max(shift).toFixed(1) },
  };
  writeFileSync(join(ARTIFACTS, 'latency.json'), JSON.stringify(result, null, 2));
  const line =
    `keystroke-to-highlight on a ${result.note_bytes}-byte note (${result.runs} runs): median ${result.keystroke_to_highlight_ms.median} ms, max ${result.keystroke_to_highlight_ms.max} ms ` +
    `(debounce 150 ms included; after the debounce: median ${result.after_debounce_ms.median} ms, max ${result.after_debounce_ms.max} ms; ` +
    `message + engine + render: median ${result.analysis_round_trip_ms.median} ms); ` +
    `existing boxes follow an edit in the middle of the note in median ${result.boxes_follow_edit_ms.median} ms (max ${result.boxes_follow_edit_ms.max} ms)`;
  tt.diagnostic(line);
  console.log(`# ${line}`);
});

test('privacy: no request left the demo origin or the extension; no note text in any console', async () => {
  const origin = new URL(t.base).origin;
  const ext = `chrome-extension://${t.extensionId}/`;
  const allowed = (u) => u.startsWith(`${origin}/`) || u.startsWith(ext) || u.startsWith(`blob:chrome-extension://${t.extensionId}/`);
  assert.ok(t.requests.length > 0);
  const bad = t.requests.filter((u) => !allowed(u));
  assert.deepEqual(bad, [], 'requests to other origins');
  const fetches = await t.workerFetches();
  assert.ok(fetches.some((f) => f.url === `${ext}vendor/exemplar.wasm`), 'the worker loads its wasm');
  assert.deepEqual(fetches.filter((f) => !f.url.startsWith(ext) || !f.allowed), [], 'worker requests to other origins');
  // The guard refuses anything else.
  const refused = await t.worker.evaluate(() => fetch('http://127.0.0.1:9/x').then(() => 'fetched', (e) => e.message));
  assert.match(refused, /blocked/);
  const pageRes = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  assert.deepEqual(pageRes.filter((u) => !allowed(u)), []);
  // Fragments of every note typed or shown.
  const fragments = [PLAIN_NOTE, FRAME_NOTE, ...RICH_LINES.slice(1), ...NOTES.map((n) => n.text)].flatMap((s) => s.match(/[A-Za-z][^.;\n]{12,}/g) ?? []);
  for (const line of consoleLines) {
    for (const f of fragments) assert.ok(!line.includes(f.slice(0, 20)), `note text in the console: ${line}`);
  }
});
