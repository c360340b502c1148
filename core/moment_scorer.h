// From cue hits with context to note-level kinds: each affirmed rule adds
// its weight by noisy-or, and a kind is affirmed once its score reaches the
// pack's threshold, so one weak cue alone does not flag a note.
#pragma once
#include "analysis.h"
#include "rule_pack.h"

namespace exemplar {

// Sets each moment's score, the analysis's kind_scores / kind_affirmed, and
// marks one lead flag per affirmed kind: the strongest hit of the sentence
// with the most evidence of that kind.
void score_moments(const RulePack& pack, Analysis* a);

// Sets the score of each category-evidence hit (its weight when affirmed).
void score_evidence(const RulePack& pack, Analysis* a);

}  // namespace exemplar
