#include "text_layout.h"

#include <algorithm>

#include "sentence_splitter.h"

namespace exemplar {
namespace {

size_t span_at(const std::vector<Span>& spans, size_t pos) {
  auto it = std::upper_bound(spans.begin(), spans.end(), pos,
                             [](size_t p, const Span& s) { return p < s.start; });
  if (it == spans.begin()) return std::string_view::npos;
  --it;
  return it->contains(pos) ? static_cast<size_t>(it - spans.begin()) : std::string_view::npos;
}

}  // namespace

size_t TextLayout::sentence_at(size_t pos) const { return span_at(sentences, pos); }
size_t TextLayout::clause_at(size_t pos) const { return span_at(clauses, pos); }

TextLayout analyze_layout(std::string_view text) {
  TextLayout layout;
  split_sentences(text, &layout);
  return layout;
}

}  // namespace exemplar
