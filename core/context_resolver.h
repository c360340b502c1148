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
  std::vector<Hit> triggers;     // negated .. other
  std::vector<Hit> terminators;  // role terminate
};

SentenceContext prepare_context(const CompiledPack& cp, std::string_view text, Span sentence);

// Attributes of the target span [target.start, target.end) in its sentence.
ContextResult resolve_context(const CompiledPack& cp, std::string_view text, const TextLayout& layout,
                              const std::vector<SectionSpan>& sections, const SentenceContext& sc, Span target);

}  // namespace exemplar
