// Suggests the story category: each affirmed kind pulls towards categories
// (pack.kind_categories) and each affirmed cue adds its own category weights;
// the shares are ranked and the strongest contributions named.
#pragma once
#include <string_view>

#include "analysis.h"
#include "rule_pack.h"

namespace exemplar {

// Fills a->category. Abstains (present = false) when no kind is affirmed.
// `text` is used to quote cues in the rationale unless `quote_text` is false.
void categorize(const RulePack& pack, std::string_view text, bool quote_text, Analysis* a);

}  // namespace exemplar
