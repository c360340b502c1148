#include "engine.h"

#include <algorithm>

#include "analysis_json.h"
#include "categorizer.h"
#include "moment_scorer.h"
#include "pattern_scanner.h"
#include "section_map.h"
#include "template_answers.h"
#include "utf8.h"

namespace exemplar {

const char* experiencer_id(Experiencer e) {
  switch (e) {
    case Experiencer::kClient: return "client";
    case Experiencer::kFamily: return "family";
    case Experiencer::kOther: return "other";
  }
  return "client";
}

Status Engine::create_default(std::unique_ptr<Engine>* out) {
  return create_from_json(default_rule_pack_json(), out, /*check_examples=*/false);
}

Status Engine::create_from_json(std::string_view json, std::unique_ptr<Engine>* out, bool check_examples) {
  if (!out) return Status::Error(Code::kNullArgument, "output pointer is null");
  try {
    if (find_invalid_utf8(json) != std::string_view::npos) {
      return Status::Error(Code::kRulepackJson, "/: rule pack is not valid UTF-8 (byte " +
                                                    std::to_string(find_invalid_utf8(json)) + ")");
    }
    RulePack pack;
    Status st = load_rule_pack(json, &pack);
    if (!st.ok()) return st;
    std::unique_ptr<Engine> e(new Engine());
    st = compile_pack(std::move(pack), &e->cp_);
    if (!st.ok()) return st;
    if (check_examples) st = e->check_pack_examples();
    if (!st.ok()) return st;
    *out = std::move(e);
    return Status::Ok();
  } catch (const std::bad_alloc&) {
    return Status::Error(Code::kOutOfMemory, "out of memory while building the engine");
  } catch (const std::exception& ex) {
    return Status::Error(Code::kInternal, ex.what());
  }
}

Status Engine::check_pack_examples() const {
  const auto& examples = cp_.pack.examples;
  for (size_t i = 0; i < examples.size(); ++i) {
    Analysis a;
    AnalyzeOptions opts;
    opts.include_snippets = false;
    const Status st = analyze(examples[i].text, opts, &a);
    if (!st.ok()) {
      return Status::Error(Code::kRulepackExample, "/examples/" + std::to_string(i) + "/text: " + st.message);
    }
    std::array<bool, kMomentKindCount> want{};
    for (Kind k : examples[i].kinds) want[static_cast<int>(k)] = true;
    if (want != a.kind_affirmed) {
      std::string got, expected;
      for (int k = 0; k < kMomentKindCount; ++k) {
        if (a.kind_affirmed[k]) got += std::string(got.empty() ? "" : ", ") + kind_id(static_cast<Kind>(k));
        if (want[k]) expected += std::string(expected.empty() ? "" : ", ") + kind_id(static_cast<Kind>(k));
      }
      return Status::Error(Code::kRulepackExample,
                           "/examples/" + std::to_string(i) + ": expected kinds [" + expected + "] but got [" + got +
                               "] for \"" + examples[i].text + "\"");
    }
  }
  return Status::Ok();
}

Status Engine::analyze(std::string_view text, const AnalyzeOptions& opts, Analysis* out, std::string* repaired) const {
  if (!out) return Status::Error(Code::kNullArgument, "output pointer is null");
  if (opts.max_note_bytes && text.size() > opts.max_note_bytes) {
    return Status::Error(Code::kNoteTooLarge, "note is " + std::to_string(text.size()) + " bytes, over the limit of " +
                                                  std::to_string(opts.max_note_bytes));
  }
  if (text.empty()) return Status::Error(Code::kInvalidArgument, "note is empty");
  try {
    const size_t bad = find_invalid_utf8(text);
    if (bad != std::string_view::npos) {
      if (!opts.replace_invalid_utf8) {
        return Status::Error(Code::kInvalidUtf8, "note is not valid UTF-8: invalid byte sequence at offset " +
                                                     std::to_string(bad));
      }
      std::string fixed = repair_utf8(text);
      *out = Analysis{};
      run(fixed, opts, out);
      if (repaired) *repaired = std::move(fixed);
      return Status::Ok();
    }
    *out = Analysis{};
    run(text, opts, out);
    if (repaired) repaired->clear();  // nothing was repaired: offsets refer to `text`
    return Status::Ok();
  } catch (const std::bad_alloc&) {
    return Status::Error(Code::kOutOfMemory, "out of memory while analysing the note");
  } catch (const std::exception& ex) {
    return Status::Error(Code::kInternal, ex.what());
  }
}

// Everything one analysis needs to judge hits in context.
struct Engine::NoteContext {
  std::string_view text;
  TextLayout layout;
  std::vector<SectionSpan> sections;
};

// Sets a moment's context attributes (ConText, section, form answer) from
// its target, and whether it is affirmed: about the client, asserted, and
// not denied by a form answer.
void Engine::judge_context(const NoteContext& nc, const SentenceContext& sc, const ContextTarget& target,
                           Moment* m) const {
  ContextResult ctx = resolve_context(cp_, nc.text, nc.layout, nc.sections, sc, target);
  const TemplateVerdict tv = judge_template(cp_, nc.text, nc.layout, target.span);
  m->negated = ctx.negated;
  m->hypothetical = ctx.hypothetical;
  m->historical = ctx.historical;
  m->experiencer = ctx.experiencer;
  m->triggers = std::move(ctx.triggers);
  m->templated = tv.templated;
  m->affirmed = !m->negated && !m->hypothetical && m->experiencer == Experiencer::kClient && tv.affirms;
}

// Turns hits into judged moments (context, templates), in text order.
void Engine::judge_hits(const NoteContext& nc, const std::vector<Hit>& hits, std::vector<Moment>* out) const {
  size_t ctx_sentence = std::string_view::npos;
  SentenceContext sc;  // context triggers, looked for only in sentences holding a cue
  // A hit overlapping an earlier (or longer) hit of the same kind is the same
  // evidence twice; hits are sorted by start, longest first.
  std::array<size_t, kMomentKindCount + 1> covered_to{};
  for (const Hit& h : hits) {
    const CueRule& rule = cp_.pack.cues[h.rule];
    size_t& reach = covered_to[static_cast<int>(rule.kind)];
    if (h.start < reach) continue;
    const size_t si = nc.layout.sentence_at(h.start);
    const Span sentence = si == std::string_view::npos ? Span{h.start, h.end} : nc.layout.sentences[si];
    if (si != ctx_sentence) {
      sc = prepare_context(cp_, nc.text, sentence);
      ctx_sentence = si;
    }
    if (masked_by_pseudo(sc, Span{h.start, h.end})) continue;
    reach = h.end;
    Moment m;
    m.kind = rule.kind;
    m.rule = h.rule;
    m.span = Span{h.start, h.end};
    m.sentence = sentence;
    judge_context(nc, sc, ContextTarget{m.span, static_cast<int>(rule.kind), rule.negation_in_pattern}, &m);
    out->push_back(std::move(m));
  }
}

namespace {

// The sentence without leading blanks and bullet marks, nor trailing blanks.
Span trim_sentence(std::string_view text, Span s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (s.start < s.end && (space(text[s.start]) || text[s.start] == '-' || text[s.start] == '*')) ++s.start;
  while (s.end > s.start && space(text[s.end - 1])) --s.end;
  return s;
}

// The cue of a model moment: from the first to the last of the words that
// raised the probability most; only the strongest when those lie far apart,
// so the cue always fits in its snippet.
Span model_cue_span(std::string_view text, Span sentence, const std::array<Span, kModelTerms>& spans,
                    const std::array<int, kModelTerms>& rows) {
  constexpr size_t kMaxCueBytes = 160;
  if (rows[0] < 0) {  // a positive bias alone: the sentence's start stands for it
    Span cue = sentence;
    if (cue.end - cue.start > kMaxCueBytes) {
      cue.end = cue.start + kMaxCueBytes;
      while (cue.end > cue.start + 1 && (static_cast<unsigned char>(text[cue.end]) & 0xC0) == 0x80) --cue.end;
    }
    return cue;
  }
  Span cue = spans[0];
  for (int i = 1; i < kModelTerms; ++i) {
    if (rows[i] < 0) break;
    cue.start = std::min(cue.start, spans[i].start);
    cue.end = std::max(cue.end, spans[i].end);
  }
  if (cue.end - cue.start > kMaxCueBytes) cue = spans[0];
  return Span{sentence.start + cue.start, sentence.start + cue.end};
}

}  // namespace

// The sentence model's moments: a sentence whose probability for a kind
// reaches the pack's bar, where no strong cue of that kind is affirmed. The
// words inside the sentence are the model's evidence, so only what lies
// outside it (a "Family history:" heading, a form line answered "No") can
// take the moment back.
void Engine::read_sentences(const NoteContext& nc, std::vector<Moment>* moments) const {
  const CompiledSentenceModel& model = cp_.sentence_model;
  if (!model.present) return;
  std::array<std::vector<size_t>, kMomentKindCount> cue_sentences;  // starts of sentences with an affirmed cue
  for (const Moment& m : *moments) {
    // Only a cue strong enough to make the moment alone stands in for the
    // model; a weak hint leaves the sentence to the model as well.
    if (m.affirmed && cp_.pack.cues[m.rule].weight >= cp_.pack.moment_threshold) {
      cue_sentences[static_cast<int>(m.kind)].push_back(m.sentence.start);
    }
  }
  SentenceReader reader(model);
  for (const Span& sentence : nc.layout.sentences) {
    const Span span = trim_sentence(nc.text, sentence);
    if (span.start == span.end) continue;
    const SentenceReading r = reader.read(nc.text.substr(span.start, span.end - span.start));
    for (int k = 0; k < kMomentKindCount; ++k) {
      if (!model.kinds[k] || r.probability[k] < model.min_probability) continue;
      const auto& seen = cue_sentences[k];
      if (std::find(seen.begin(), seen.end(), sentence.start) != seen.end()) continue;
      Moment m;
      m.kind = static_cast<Kind>(k);
      m.rule = cp_.pack.sentence_model.kinds[k].cue;
      m.span = model_cue_span(nc.text, span, r.term_spans[k], r.terms[k]);
      m.sentence = sentence;
      m.probability = r.probability[k];
      for (int row : r.terms[k]) {
        if (row >= 0) m.terms.push_back(model.table.feature(row));
      }
      judge_context(nc, prepare_context(cp_, nc.text, sentence), ContextTarget{span, k, true, true}, &m);
      moments->push_back(std::move(m));
    }
  }
  // Back into text order; cue moments stay ahead of a sentence starting with them.
  std::stable_sort(moments->begin(), moments->end(),
                   [](const Moment& a, const Moment& b) { return a.span.start < b.span.start; });
}

// The pipeline: cues -> layout -> context -> moments (cues, then the sentence
// model) -> evidence -> category. Without a sentence model, a note without a
// single cue costs its layout and one set scan per chunk.
void Engine::run(std::string_view text, const AnalyzeOptions& opts, Analysis* a) const {
  NoteContext nc;
  nc.text = text;
  nc.layout = analyze_layout(text);
  std::vector<Hit> hits;
  scan_cues(cp_, text, nc.layout, &hits);
  if (hits.empty() && !cp_.sentence_model.present) return;
  nc.sections = find_sections(cp_, text, nc.layout);
  judge_hits(nc, hits, &a->moments);
  read_sentences(nc, &a->moments);
  if (a->moments.empty()) return;
  score_moments(cp_.pack, a);
  bool any = false;
  for (bool k : a->kind_affirmed) any = any || k;
  if (!any) return;  // abstain: category evidence is not needed
  hits.clear();
  scan_evidence(cp_, text, &hits);
  judge_hits(nc, hits, &a->evidence);
  score_evidence(cp_.pack, a);
  CategoryWeights model{};
  if (cp_.category_model.present) model = read_category_probabilities(cp_.category_model, text);
  categorize(cp_.pack, text, opts.include_snippets, cp_.category_model.present ? &model : nullptr, a);
}

Status Engine::analyze_json(std::string_view text, const AnalyzeOptions& opts, const std::string* id,
                            std::string* json, Analysis* analysis, std::string* repaired_out) const {
  if (!json) return Status::Error(Code::kNullArgument, "output pointer is null");
  Analysis local;
  Analysis& a = analysis ? *analysis : local;
  std::string local_repaired;
  std::string& repaired = repaired_out ? *repaired_out : local_repaired;
  Status st = analyze(text, opts, &a, &repaired);
  if (!st.ok()) return st;
  try {
    JsonOptions jo;
    jo.include_snippets = opts.include_snippets;
    jo.id = id;
    write_analysis_json(cp_.pack, repaired.empty() ? text : std::string_view(repaired), a, jo, json);
    return Status::Ok();
  } catch (const std::bad_alloc&) {
    return Status::Error(Code::kOutOfMemory, "out of memory while writing the analysis");
  }
}

Status Engine::context_of(std::string_view text, Span target, ContextResult* out) const {
  if (!out) return Status::Error(Code::kNullArgument, "output pointer is null");
  if (target.start > target.end || target.end > text.size()) {
    return Status::Error(Code::kIndexOutOfRange, "target span is outside the text");
  }
  if (find_invalid_utf8(text) != std::string_view::npos) {
    return Status::Error(Code::kInvalidUtf8, "text is not valid UTF-8");
  }
  try {
    const TextLayout layout = analyze_layout(text);
    const std::vector<SectionSpan> sections = find_sections(cp_, text, layout);
    const size_t si = layout.sentence_at(target.start);
    const Span sentence = si == std::string_view::npos ? Span{0, text.size()} : layout.sentences[si];
    const SentenceContext sc = prepare_context(cp_, text, sentence);
    // As in ConText, triggers inside the target phrase are part of the phrase.
    *out = resolve_context(cp_, text, layout, sections, sc, ContextTarget{target, -1, true});
    return Status::Ok();
  } catch (const std::bad_alloc&) {
    return Status::Error(Code::kOutOfMemory, "out of memory");
  }
}

}  // namespace exemplar
