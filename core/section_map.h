// Which section of the note each position belongs to, from the headings that
// the rule pack's section rules recognise ("Family History:", "PAST HX").
#pragma once
#include <string_view>
#include <vector>

#include "compiled_pack.h"
#include "text_layout.h"

namespace exemplar {

struct SectionSpan {
  int rule = 0;  // index into pack.sections
  Span heading;
  Span body;     // the span whose cues the section's flags apply to
};

// Sections in text order. A heading with an inline value ("Family hx: DM2")
// covers its own line; a bare heading runs to the next blank line or heading.
std::vector<SectionSpan> find_sections(const CompiledPack& cp, std::string_view text, const TextLayout& layout);

// The section covering `pos`, or nullptr.
const SectionSpan* section_at(const std::vector<SectionSpan>& sections, size_t pos);

}  // namespace exemplar
