#include "section_map.h"

#include <algorithm>

namespace exemplar {
namespace {

int match_section(const CompiledPack& cp, std::string_view text, Span label) {
  const re2::StringPiece s(text.data() + label.start, label.end - label.start);
  for (size_t i = 0; i < cp.section_res.size(); ++i) {
    if (re2::RE2::PartialMatch(s, *cp.section_res[i])) return static_cast<int>(i);
  }
  return -1;
}

// End of the paragraph that starts at `pos`: the first blank line, or the
// end; the search stops at `limit` (the next heading, where the section ends
// anyway), so that many headings with no blank line between them cost
// linear time, not quadratic.
size_t paragraph_end(std::string_view text, size_t pos, size_t limit) {
  size_t line_start = pos;
  while (line_start < text.size()) {
    if (line_start > limit) return limit;
    size_t nl = text.find('\n', line_start);
    if (nl == std::string_view::npos) return text.size();
    size_t p = nl + 1;
    while (p < text.size() && (text[p] == ' ' || text[p] == '\t' || text[p] == '\r')) ++p;
    if (p >= text.size() || text[p] == '\n') return nl;
    line_start = nl + 1;
  }
  return text.size();
}

}  // namespace

std::vector<SectionSpan> find_sections(const CompiledPack& cp, std::string_view text, const TextLayout& layout) {
  struct Heading {
    int rule;
    Span line;
    Span label;
    bool inline_value;
  };
  std::vector<Heading> heads;
  if (cp.section_res.empty()) return {};
  for (const FormLine& f : layout.form_lines) {
    const int r = match_section(cp, text, f.label);
    if (r >= 0) heads.push_back({r, f.line, f.label, f.value.end > f.value.start});
  }
  for (const CapsHeading& h : layout.caps_headings) {
    const int r = match_section(cp, text, h.label);
    if (r >= 0) heads.push_back({r, h.line, h.label, false});
  }
  std::sort(heads.begin(), heads.end(), [](const Heading& a, const Heading& b) { return a.line.start < b.line.start; });
  std::vector<SectionSpan> out;
  for (size_t i = 0; i < heads.size(); ++i) {
    const Heading& h = heads[i];
    const size_t next = i + 1 < heads.size() ? heads[i + 1].line.start : text.size();
    size_t end = h.inline_value ? h.line.end : paragraph_end(text, h.line.end, next);
    if (i + 1 < heads.size()) end = std::min(end, heads[i + 1].line.start);
    out.push_back(SectionSpan{h.rule, h.label, Span{h.line.start, std::max(end, h.line.end)}});
  }
  return out;
}

const SectionSpan* section_at(const std::vector<SectionSpan>& sections, size_t pos) {
  // Bodies are in text order and end where the next heading's line starts;
  // only headings on the same line share a start. So the answer is the first
  // of the last group of equal starts at or before `pos` that contains it.
  auto it = std::upper_bound(sections.begin(), sections.end(), pos,
                             [](size_t p, const SectionSpan& s) { return p < s.body.start; });
  if (it == sections.begin()) return nullptr;
  auto first = it - 1;
  while (first != sections.begin() && (first - 1)->body.start == first->body.start) --first;
  for (; first != it; ++first) {
    if (first->body.contains(pos)) return &*first;
  }
  return nullptr;
}

}  // namespace exemplar
