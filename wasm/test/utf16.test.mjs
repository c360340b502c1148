// start16/end16 index the JavaScript string: text.slice(start16, end16) is the
// cue, for notes with accents, curly quotes, emoji (surrogate pairs) and CJK
// text, before and inside cues; and lone surrogates (analysed as U+FFFD).
import assert from 'node:assert/strict';
import test from 'node:test';

import { api, loadNotes, nativeAnalyzeAll, spansOf, utf8Len, wasmBytes, withoutUtf16 } from './helpers.mjs';

const engine = await api.createExemplar({ wasmBinary: wasmBytes });
test.after(() => engine.free());

const NOTES = [
  // Non-ASCII inside the cue ([^.;\n] in breakdown.readmission_gap).
  'Pt was readmitted to the ER — she said “the café 😀 漢字 closed” because her meds ran out. Daughter Zoë said home health never came.',
  '😀😀 Ça va. 漢字テスト。 CM escalated to the supervisor — “went to bat” for pt’s waiver; nobody told the family.',
  'Señora Núñez’s son 👨‍👩‍👧 (family of 3) called: the DME vendor never delivered the wheelchair. CM asked the supervisor to make an exception 🙏.',
  '【退院】 Pt’s daughter states “the ride never showed up” 🚐🚐. Writer did not escalate; no one from the agency had told us. Müller family present at bedside.',
  'Ünïcödé – “quotes” ‘single’ … ellipsis. Hypothetically, if the aide never came, CM would appeal the denial 📄. Pt denies that home health never came.',
  'Résumé 𝒜𝒷𝒸 (math letters, surrogate pairs): insurance lapsed after the move; CM negotiated with the plan and the wife manages her meds 💊.',
];

function checkOffsets(text, analysis, id) {
  for (const { what, span } of spansOf(analysis)) {
    assert.ok(Number.isInteger(span.start16) && Number.isInteger(span.end16), `${id}: ${what} has no UTF-16 offsets`);
    assert.ok(span.start16 <= span.end16 && span.end16 <= text.length, `${id}: ${what} UTF-16 span out of range`);
    assert.equal(utf8Len(text.slice(0, span.start16)), span.start, `${id}: ${what}: start16 ${span.start16} is not byte ${span.start}`);
    assert.equal(utf8Len(text.slice(0, span.end16)), span.end, `${id}: ${what}: end16 ${span.end16} is not byte ${span.end}`);
  }
  for (const m of analysis.moments) {
    assert.equal(text.slice(m.start16, m.end16), m.cue, `${id}: cue of ${m.rule}`);
    // The snippet is the sentence, or a window of it between ellipses.
    const sentence = text.slice(m.sentence.start16, m.sentence.end16);
    if (sentence !== m.snippet) {
      const inner = m.snippet.replace(/^\u2026/, '').replace(/\u2026$/, '');
      assert.ok(inner !== m.snippet && sentence.includes(inner), `${id}: sentence of ${m.rule}: ${JSON.stringify(sentence)}`);
    }
  }
}

test('cues and sentences sliced with start16/end16 on non-ASCII notes', () => {
  let moments = 0;
  let nonAsciiCues = 0;
  let astralInCue = 0;
  let shifted = 0;
  let triggers = 0;
  for (const [i, text] of NOTES.entries()) {
    const a = engine.analyze(text);
    checkOffsets(text, a, `note ${i}`);
    moments += a.moments.length;
    for (const m of a.moments) {
      if (/[^\x00-\x7f]/.test(m.cue)) nonAsciiCues++;
      if (/[\ud800-\udbff][\udc00-\udfff]/.test(m.cue)) astralInCue++;
      if (m.start16 !== m.start) shifted++;
      triggers += m.triggers.length;
    }
  }
  assert.ok(moments >= 12, `only ${moments} moments`);
  assert.ok(nonAsciiCues >= 1, 'no cue with non-ASCII text inside');
  assert.ok(astralInCue >= 1, 'no cue with an emoji inside');
  assert.ok(shifted >= 10, `only ${shifted} moments after non-ASCII text`);
  assert.ok(triggers >= 1, 'no context trigger exercised');
});

test('the non-ASCII notes give the native results too', async () => {
  const notes = NOTES.map((text, i) => ({ id: `utf16-${i}`, text }));
  const native = await nativeAnalyzeAll(notes);
  for (const [i, { id, text }] of notes.entries()) {
    assert.ok(native[i].json, `${id}: native failed: ${native[i].stderr}`);
    assert.deepStrictEqual(withoutUtf16(engine.analyze(text)), native[i].json, id);
  }
});

test('corpus notes decorated with accents, curly quotes, emoji and CJK', () => {
  let moments = 0;
  for (const { id, text: plain } of loadNotes()) {
    const text = `Résumé “📋” 漢字 — ${plain.replace(/\. /g, '. 🙂 ').replace(/'/g, '’')} Fin. ✅`;
    const a = engine.analyze(text);
    checkOffsets(text, a, id);
    moments += a.moments.length;
  }
  assert.ok(moments > 100, `only ${moments} moments in the decorated corpus`);
});

test('ASCII notes: UTF-16 offsets equal byte offsets', () => {
  const text = 'Pt states home health never came out yesterday. CM asked the supervisor to waive the copay.';
  const a = engine.analyze(text);
  assert.ok(a.moments.length > 0);
  for (const { span } of spansOf(a)) {
    assert.equal(span.start16, span.start);
    assert.equal(span.end16, span.end);
  }
});

test('lone surrogates are analysed as U+FFFD; offsets refer to the same UTF-16 positions', () => {
  const lone = '\ud83d note \udc00 and \ud800';
  const text = `${lone} Pt states home health never came. ${lone} CM asked the supervisor to waive the copay \udfff.`;
  const a = engine.analyze(text);
  assert.ok(a.moments.length >= 2);
  // Offsets refer to the text with U+FFFD for each lone surrogate: same
  // UTF-16 length, so they index the original string at the same positions.
  const replaced = text.replace(/[\ud800-\udfff]/g, '\ufffd');
  assert.equal(replaced.length, text.length);
  checkOffsets(replaced, a, 'lone surrogates');
  for (const m of a.moments) assert.equal(text.slice(m.start16, m.end16), m.cue);
  const b = engine.analyze(replaced);
  assert.deepStrictEqual(a, b, 'a lone surrogate must behave exactly like U+FFFD');
});
