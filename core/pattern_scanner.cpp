#include "pattern_scanner.h"

#include <algorithm>

namespace exemplar {
namespace {

// Sentences are grouped into chunks of about this many bytes for the first
// set scan; most chunks of a routine note hold no cue and are done with.
constexpr size_t kChunkBytes = 2048;

re2::StringPiece piece(std::string_view text, Span s) {
  return re2::StringPiece(text.data() + s.start, s.end - s.start);
}

void scan_span(const CompiledPack& cp, std::string_view text, Span span, std::vector<int>* ids,
               std::vector<Hit>* out) {
  ids->clear();
  if (!cp.cue_set->Match(piece(text, span), ids)) return;
  std::sort(ids->begin(), ids->end());
  for (int id : *ids) find_all(*cp.cue_res[id], id, text, span, out);
}

}  // namespace

void find_all(const re2::RE2& re, int rule, std::string_view text, Span span, std::vector<Hit>* out) {
  const re2::StringPiece whole(text.data(), text.size());
  size_t pos = span.start;
  re2::StringPiece m;
  while (pos <= span.end && re.Match(whole, pos, span.end, re2::RE2::UNANCHORED, &m, 1)) {
    const size_t s = static_cast<size_t>(m.data() - text.data());
    const size_t e = s + m.size();
    if (e > s) out->push_back(Hit{rule, s, e});
    pos = e > s ? e : s + 1;  // an empty match must still move on
  }
}

void scan_cues(const CompiledPack& cp, std::string_view text, const TextLayout& layout, std::vector<Hit>* out) {
  std::vector<int> ids;
  const auto& sents = layout.sentences;
  size_t i = 0;
  while (i < sents.size()) {
    // Grow a chunk of whole sentences up to kChunkBytes.
    size_t j = i + 1;
    while (j < sents.size() && sents[j].end - sents[i].start <= kChunkBytes) ++j;
    const Span chunk{sents[i].start, sents[j - 1].end};
    ids.clear();
    if (cp.cue_set->Match(piece(text, chunk), &ids)) {
      if (j - i == 1) {
        std::sort(ids.begin(), ids.end());
        for (int id : ids) find_all(*cp.cue_res[id], id, text, chunk, out);
      } else {
        for (size_t k = i; k < j; ++k) scan_span(cp, text, sents[k], &ids, out);
      }
    }
    i = j;
  }
  std::sort(out->begin(), out->end(), [](const Hit& a, const Hit& b) {
    if (a.start != b.start) return a.start < b.start;
    if (a.end != b.end) return a.end > b.end;
    return a.rule < b.rule;
  });
}

void scan_context(const CompiledPack& cp, std::string_view text, Span span, std::vector<Hit>* out) {
  if (!cp.context_set) return;
  std::vector<int> ids;
  if (!cp.context_set->Match(piece(text, span), &ids)) return;
  std::sort(ids.begin(), ids.end());
  for (int id : ids) find_all(*cp.context_res[id], id, text, span, out);
}

}  // namespace exemplar
