// Suggests the story category: each affirmed kind pulls towards categories
// (pack.kind_categories) and each affirmed cue adds its own category weights;
// the shares are ranked and the strongest contributions named. With the
// pack's category model, each final score is (1 - share) * the rules' share
// + share * the model's probability.
#pragma once
#include <string_view>

#include "analysis.h"
#include "rule_pack.h"

namespace exemplar {

// Fills a->category. Abstains (present = false) when no kind is affirmed.
// `text` is used to quote cues in the rationale unless `quote_text` is false.
// `model`: the category model's probabilities for the note, or null.
void categorize(const RulePack& pack, std::string_view text, bool quote_text, const CategoryWeights* model,
                Analysis* a);

}  // namespace exemplar
