// Form lines and checkboxes: a cue in a label ("Family involved:") or in a
// checkbox option ("[ ] Family meeting held") holds only when the answer
// affirms it.
#pragma once
#include <string_view>

#include "compiled_pack.h"
#include "text_layout.h"

namespace exemplar {

struct TemplateVerdict {
  bool templated = false;  // the cue sits in a label or a checkbox option
  bool affirms = true;     // the answer affirms it (always true when not templated)
};

TemplateVerdict judge_template(const CompiledPack& cp, std::string_view text, const TextLayout& layout, Span cue);

}  // namespace exemplar
