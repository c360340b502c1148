// Type declarations for @exemplar/engine (the Exemplar engine in WebAssembly).

/** The moment kinds, in the guide's order. */
export type MomentKind = 'breakdown' | 'rule_bending' | 'advocacy' | 'family_involvement';

/** Story categories (ids). */
export type CategoryId =
  | 'knowing_tracking'
  | 'simplifying_contact'
  | 'coordinating_care'
  | 'patient_advocate'
  | 'family_integration'
  | 'living_environment'
  | 'life_health_coach';

export type Experiencer = 'client' | 'family' | 'other';

export type ContextRole = 'negated' | 'hypothetical' | 'historical' | 'family' | 'other' | 'pseudo' | 'terminate';

/**
 * A span of the note. `start`/`end` are UTF-8 byte offsets (the engine's);
 * `start16`/`end16` are UTF-16 code-unit offsets into the JavaScript string
 * that was analysed: `text.slice(start16, end16)`.
 */
export interface Span {
  start: number;
  end: number;
  start16: number;
  end16: number;
}

/** A context trigger that changed a cue's attributes. */
export interface Trigger extends Span {
  role: ContextRole;
  /** The context rule's id, or "section.<id>" for a section heading. */
  rule: string;
}

export interface Moment extends Span {
  kind: MomentKind;
  /** The cue rule's id. */
  rule: string;
  /** The sentence holding the cue. */
  sentence: Span;
  /** The cue's text (absent when analysed with includeSnippets: false). */
  cue?: string;
  /** The sentence, shortened around the cue (absent without snippets). */
  snippet?: string;
  negated: boolean;
  hypothetical: boolean;
  historical: boolean;
  experiencer: Experiencer;
  templated: boolean;
  /** True when the moment counts towards its kind. */
  affirmed: boolean;
  /** True for the one flag to read first of each affirmed kind: the strongest
   * cue in the sentence with the most evidence of that kind. */
  lead: boolean;
  /** 0..1; 0 when not affirmed. */
  score: number;
  message: string;
  triggers: Trigger[];
  /** Only on moments of the pack's sentence model (rule "sentence_model.<kind>"). */
  model?: SentenceModelReading;
}

export interface SentenceModelReading {
  /** The model's probability for the sentence, 0..1. */
  probability: number;
  /** The words and word pairs that raised it most, strongest first (absent without snippets). */
  terms?: string[];
}

export interface CategoryScore {
  id: CategoryId;
  score: number;
}

export interface Category extends CategoryScore {
  label: string;
  /** All seven categories, best first. */
  ranking: CategoryScore[];
  rationale: string;
}

/** The engine's "exemplar.analysis.v1" document, with UTF-16 offsets added. */
export interface Analysis {
  schema: 'exemplar.analysis.v1';
  engine: {
    version: string;
    rulepack: string;
    rulepack_version: string;
    rulepack_sha256: string;
  };
  /** Every cue hit of the four kinds (negated ones included), in text order. */
  moments: Moment[];
  /** Affirmed kinds, in the guide's order. */
  kinds: MomentKind[];
  kind_scores: Record<MomentKind, number>;
  /** The suggested story category, or null when the engine abstains. */
  category: Category | null;
}

/**
 * Error codes: the C API's status names (exemplar_status_string), plus
 * "engine_freed" for an engine used after free().
 */
export type ExemplarErrorCode =
  | 'null_argument'
  | 'invalid_argument'
  | 'invalid_utf8'
  | 'note_too_large'
  | 'rulepack_json'
  | 'rulepack_invalid'
  | 'rulepack_pattern'
  | 'rulepack_example'
  | 'rulepack_version'
  | 'out_of_memory'
  | 'index_out_of_range'
  | 'io'
  | 'internal'
  | 'unknown_status'
  | 'engine_freed';

export class ExemplarError extends Error {
  readonly name: 'ExemplarError';
  /** The status name, e.g. "rulepack_pattern". */
  readonly code: ExemplarErrorCode;
  /** The numeric C API status, when the error has one. */
  readonly status?: number;
  /** For rule packs, `message` starts with the JSON path of the problem. */
  constructor(code: ExemplarErrorCode, message: string, status?: number);
}

/** A rule pack as a JSON value. See core/rules/default.json for the format. */
export type RulePack = Record<string, unknown>;

export interface CreateOptions {
  /** A custom rule pack: an object, its JSON text, or its UTF-8 bytes. */
  rules?: RulePack | string | Uint8Array | ArrayBuffer;
  /** Refuse notes over this many UTF-8 bytes (default 16 MiB; 0: no limit). */
  maxNoteBytes?: number;
  /** The bytes of exemplar.wasm, or the compiled module. */
  wasmBinary?: ArrayBuffer | ArrayBufferView | WebAssembly.Module;
  /**
   * Where to load exemplar.wasm from, when wasmBinary is not given:
   * `locateFile('exemplar.wasm', directoryOfIndexJs)` returns a URL or path.
   */
  locateFile?: (path: string, scriptDirectory: string) => string | URL;
}

export interface AnalyzeOptions {
  /** Overrides the engine's limit for this call (0: no limit). */
  maxNoteBytes?: number;
  /** false: no note text in the result (no `cue`, `snippet`). Default true. */
  includeSnippets?: boolean;
}

export interface RulepackInfo {
  readonly id: string;
  readonly version: string;
  readonly sha256: string;
}

export interface ExemplarEngine {
  /** The engine library's version, e.g. "0.1.0". */
  readonly version: string;
  readonly rulepack: RulepackInfo;
  readonly maxNoteBytes: number;
  /** True once free() was called. */
  readonly freed: boolean;
  /** Current size in bytes of the WebAssembly memory the engine lives in. */
  readonly memoryBytes: number;
  /**
   * Analyses one note. Throws an ExemplarError: "invalid_argument" for an
   * empty note, "note_too_large" over the limit, "engine_freed" after free().
   * A lone surrogate in `text` is analysed as U+FFFD (same UTF-16 length).
   */
  analyze(text: string, options?: AnalyzeOptions): Analysis;
  /** Frees the engine. Idempotent. */
  free(): void;
}

/** Default limit on a note's UTF-8 size: 16 MiB. */
export const DEFAULT_MAX_NOTE_BYTES: number;

/** Creates an engine; rejects with an ExemplarError for a bad rule pack. */
export function createExemplar(options?: CreateOptions): Promise<ExemplarEngine>;

export default createExemplar;
