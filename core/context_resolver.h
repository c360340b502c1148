// ConText-style context: decides whether a cue is negated, hypothetical,
// historical, or about someone other than the client, from the triggers
// around it in its clause (with direction, word-distance scope,
// pseudo-triggers and terminators) and from the section it sits in.
#pragma once
#include <string_view>
#include <vector>

#include "analysis.h"
#include "compiled_pack.h"
#include "pattern_scanner.h"
#include "section_map.h"
#include "text_layout.h"

namespace exemplar {

struct ContextResult {
  bool negated = false;
  bool hypothetical = false;
  bool historical = false;
  Experiencer experiencer = Experiencer::kClient;
  std::vector<AppliedTrigger> triggers;
};

// The context triggers of one sentence, pseudo-triggers already removed.
struct SentenceContext {
  std::vector<Hit> triggers;     // negated .. other, in scan order (rule, then position)
  // Triggers inside a pseudo-trigger ("no" in "no change"), with the pseudo's
  // span: they still apply to a target inside that span ("no change" negates
  // "change" itself, not what follows).
  std::vector<std::pair<Hit, Span>> masked;
  std::vector<Hit> terminators;  // role terminate, by start
  std::vector<Hit> pseudo;       // look-alikes, by start; they also void cues they start before

  // Indexes for windowed look-ups, so that judging one cue costs time for the
  // triggers near it only, not for every trigger of the sentence (a note that
  // is one huge sentence would otherwise take quadratic time).
  std::vector<size_t> triggers_by_start;  // indices into `triggers`, by start
  std::vector<size_t> masked_by_start;    // indices into `masked`, by the pseudo's start
  size_t max_trigger_bytes = 0;           // longest trigger, pseudo and masking pseudo
  size_t max_pseudo_bytes = 0;
  size_t max_mask_bytes = 0;
  int max_words = 0;                      // the widest scope of any scoped context rule
};

// True when a pseudo-trigger covers the start of `cue` ("did not appeal to
// him", "lives with his wife"): the cue is a look-alike, not a cue.
bool masked_by_pseudo(const SentenceContext& sc, Span cue);

SentenceContext prepare_context(const CompiledPack& cp, std::string_view text, Span sentence);

// What is being judged: a span, and for a cue its kind and whether its
// pattern carries its own negation words.
struct ContextTarget {
  Span span;
  int kind = -1;                     // Kind of the cue, or -1: every rule applies
  bool negation_in_pattern = false;  // triggers inside the span are part of the cue
  bool whole_sentence = false;       // the span is its sentence (the sentence model's reading)
};

// Attributes of the target in its sentence.
ContextResult resolve_context(const CompiledPack& cp, std::string_view text, const TextLayout& layout,
                              const std::vector<SectionSpan>& sections, const SentenceContext& sc,
                              const ContextTarget& target);

}  // namespace exemplar
