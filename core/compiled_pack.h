// A rule pack with its patterns compiled: one RE2::Set for all cue patterns,
// one for all context triggers, plus an RE2 per rule to locate hits. Built
// once per engine and only read afterwards, so it is safe to share.
#pragma once
#include <re2/re2.h>
#include <re2/set.h>

#include <memory>
#include <vector>

#include "category_model.h"
#include "rule_pack.h"
#include "sentence_model.h"
#include "status.h"

namespace exemplar {

struct CompiledPack {
  RulePack pack;
  // Moment cues and category-evidence cues live in separate sets: evidence is
  // only looked for once a note has an affirmed moment. Each set's match ids
  // map back to pack.cues through the parallel *_rules vectors.
  std::unique_ptr<re2::RE2::Set> cue_set;
  std::unique_ptr<re2::RE2::Set> evidence_set;  // null when the pack has none
  std::vector<int> cue_set_rules;
  std::vector<int> evidence_set_rules;

  std::unique_ptr<re2::RE2::Set> context_set;  // null when the pack has no context rules
  // Parallel to pack.cues; null for the sentence model's rules (no pattern).
  std::vector<std::unique_ptr<re2::RE2>> cue_res;
  std::vector<std::unique_ptr<re2::RE2>> context_res;  // parallel to pack.context
  std::vector<std::unique_ptr<re2::RE2>> section_res;  // parallel to pack.sections
  std::unique_ptr<re2::RE2> affirm_re;
  std::unique_ptr<re2::RE2> deny_re;
  // The widest scope, in words, of any scoped context rule (pseudo-triggers
  // and terminators have none): how far from a cue a trigger can reach it.
  int widest_scope_words = 0;
  CompiledSentenceModel sentence_model;  // present == false when the pack has none
  CompiledCategoryModel category_model;  // present == false when the pack has none
};

// Compiles every pattern, naming the JSON path of any that fails
// ("/cues/17/pattern: missing ): ..."), and checks each rule's own examples.
Status compile_pack(RulePack pack, CompiledPack* out);

// Options shared by every pattern: case-insensitive, UTF-8, quiet, bounded memory.
re2::RE2::Options pattern_options();

}  // namespace exemplar
