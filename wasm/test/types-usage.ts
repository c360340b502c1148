// Typed usage of @exemplar/engine, checked with `tsc --noEmit` (npm test):
// the declarations in dist/index.d.ts must accept this program and reject
// the lines marked @ts-expect-error.
import createExemplarDefault, {
  createExemplar,
  DEFAULT_MAX_NOTE_BYTES,
  ExemplarError,
  type Analysis,
  type AnalyzeOptions,
  type CreateOptions,
  type ExemplarEngine,
  type ExemplarErrorCode,
  type Moment,
  type MomentKind,
  type RulepackInfo,
  type Span,
} from '@exemplar/engine';

async function highlight(note: string, wasm?: Uint8Array): Promise<string[]> {
  const options: CreateOptions = { wasmBinary: wasm, maxNoteBytes: DEFAULT_MAX_NOTE_BYTES };
  const engine: ExemplarEngine = await createExemplar(options);
  try {
    const opts: AnalyzeOptions = { includeSnippets: true, maxNoteBytes: 0 };
    const analysis: Analysis = engine.analyze(note, opts);
    const kinds: MomentKind[] = analysis.kinds;
    const scores: number = analysis.kind_scores.breakdown + analysis.kind_scores.family_involvement;
    const category: string | undefined = analysis.category?.label;
    const out: string[] = [`${kinds.join(',')} ${scores} ${category ?? '-'}`];
    for (const m of analysis.moments) {
      const moment: Moment = m;
      const sentence: Span = moment.sentence;
      out.push(note.slice(moment.start16, moment.end16), note.slice(sentence.start16, sentence.end16));
      if (moment.affirmed && !moment.negated) out.push(moment.cue ?? '', moment.experiencer);
      for (const t of moment.triggers) out.push(`${t.role}:${t.rule}@${t.start16}-${t.end16}`);
      if (moment.model) out.push(`${moment.model.probability} ${(moment.model.terms ?? []).join(' ')}`);
    }
    const info: RulepackInfo = engine.rulepack;
    out.push(info.id, info.version, info.sha256, engine.version, String(engine.memoryBytes), String(engine.freed));
    return out;
  } catch (e) {
    if (e instanceof ExemplarError) {
      const code: ExemplarErrorCode = e.code;
      const status: number | undefined = e.status;
      throw new Error(`${code} (${status ?? '-'}): ${e.message}`);
    }
    throw e;
  } finally {
    engine.free();
  }
}

async function customPacks(): Promise<void> {
  await createExemplarDefault({ rules: { id: 'mine', version: '1.0.0' } });
  await createExemplar({ rules: '{"id":"mine"}' });
  await createExemplar({ rules: new TextEncoder().encode('{}') });
  await createExemplar({ locateFile: (file, dir) => new URL(file, dir) });
  await createExemplar({ locateFile: (file) => `/static/${file}` });
  await createExemplar({ wasmBinary: await WebAssembly.compile(new Uint8Array()) });
  // @ts-expect-error rules must be a pack, JSON text or bytes
  await createExemplar({ rules: 42 });
  // @ts-expect-error unknown option
  await createExemplar({ rulesFile: 'pack.json' });
}

function misuse(engine: ExemplarEngine): void {
  // @ts-expect-error the note is a string
  engine.analyze(new Uint8Array(4));
  // @ts-expect-error read-only
  engine.version = '2';
  // @ts-expect-error not an error code
  const code: ExemplarErrorCode = 'rulepack_typo';
  void code;
  const e = new ExemplarError('rulepack_pattern', '/cues/0/pattern: missing )', 7);
  // @ts-expect-error code is read-only
  e.code = 'io';
}

export { highlight, customPacks, misuse };
