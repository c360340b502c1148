#include "pattern_scanner.h"

#include <algorithm>
#include <array>

namespace exemplar {

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

namespace {

// Sentences are grouped into chunks of about this many bytes for the first
// set scan; a chunk with no cue at all is dismissed in one pass.
constexpr size_t kChunkBytes = 2048;

re2::StringPiece piece(std::string_view text, Span s) {
  return re2::StringPiece(text.data() + s.start, s.end - s.start);
}

// The ids of the set's patterns that occur in `s`. When the set's DFA runs
// out of memory (a long, varied text), RE2 reports no match at all; then
// every pattern is taken as a candidate and the per-rule search decides, so
// no hit is lost to the budget.
bool set_match(const re2::RE2::Set& set, size_t patterns, re2::StringPiece s, std::vector<int>* ids) {
  re2::RE2::Set::ErrorInfo info;
  if (set.Match(s, ids, &info)) return true;
  if (info.kind != re2::RE2::Set::kOutOfMemory) return false;
  ids->clear();
  for (size_t i = 0; i < patterns; ++i) ids->push_back(static_cast<int>(i));
  return true;
}

void locate(const CompiledPack& cp, const std::vector<int>& ids, std::string_view text, Span span,
            std::vector<Hit>* out) {
  for (int id : ids) find_all(*cp.cue_res[cp.cue_set_rules[id]], cp.cue_set_rules[id], text, span, out);
}

void sort_hits(std::vector<Hit>* out) {
  std::sort(out->begin(), out->end(), [](const Hit& a, const Hit& b) {
    if (a.start != b.start) return a.start < b.start;
    if (a.end != b.end) return a.end > b.end;
    return a.rule < b.rule;
  });
}

}  // namespace

void scan_cues(const CompiledPack& cp, std::string_view text, const TextLayout& layout, std::vector<Hit>* out) {
  std::vector<int> ids;
  const auto& sents = layout.sentences;
  size_t i = 0;
  while (i < sents.size()) {
    // Grow a chunk of whole sentences up to kChunkBytes; only a chunk that
    // holds a cue is scanned again sentence by sentence, and only the rules
    // that fired in a sentence are searched for their spans there.
    size_t j = i + 1;
    while (j < sents.size() && sents[j].end - sents[i].start <= kChunkBytes) ++j;
    const Span chunk{sents[i].start, sents[j - 1].end};
    ids.clear();
    if (set_match(*cp.cue_set, cp.cue_set_rules.size(), piece(text, chunk), &ids)) {
      if (j - i == 1) {
        locate(cp, ids, text, chunk, out);
      } else {
        for (size_t k = i; k < j; ++k) {
          ids.clear();
          if (set_match(*cp.cue_set, cp.cue_set_rules.size(), piece(text, sents[k]), &ids)) {
            locate(cp, ids, text, sents[k], out);
          }
        }
      }
    }
    i = j;
  }
  sort_hits(out);
}

void scan_evidence(const CompiledPack& cp, std::string_view text, std::vector<Hit>* out) {
  if (!cp.evidence_set) return;
  std::vector<int> ids;
  if (!set_match(*cp.evidence_set, cp.evidence_set_rules.size(), re2::StringPiece(text.data(), text.size()), &ids)) {
    return;
  }
  // Evidence patterns are plain vocabularies: one whole-note search per
  // rule that fired is cheaper than sentence-by-sentence set scans.
  for (int id : ids) {
    const int rule = cp.evidence_set_rules[id];
    find_all(*cp.cue_res[rule], rule, text, Span{0, text.size()}, out);
  }
  sort_hits(out);
}

void scan_context(const CompiledPack& cp, std::string_view text, Span span, std::vector<Hit>* out) {
  if (!cp.context_set) return;
  std::vector<int> ids;
  if (!set_match(*cp.context_set, cp.context_res.size(), piece(text, span), &ids)) return;
  std::sort(ids.begin(), ids.end());
  for (int id : ids) find_all(*cp.context_res[id], id, text, span, out);
}

}  // namespace exemplar
